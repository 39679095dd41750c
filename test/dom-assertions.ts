/**
 * Loaded before the browser tests (web-test-runner.config.mjs). A failed
 * assertion between DOM nodes, such as
 * `expect(document.activeElement).to.equal(opener)` when the focus went
 * elsewhere, hung the test runner until its timeout instead of failing: the
 * error carries both nodes, and the runner's report walks them (through each
 * node's properties, the whole document). Such an error now carries a short
 * description of each node (`button#save.primary[part=save-button]`) instead,
 * and no diff: the test fails at once, with chai's message, which shows both
 * nodes' tags (`expected <grant-access-dialog open=""> to equal …`).
 */
// The pure entry: the main one, imported before mocha, would not register the fixtures' cleanup after each test.
import * as pure from '@open-wc/testing/pure';

// (its types leave `chai` out; the module exports the same chai as the main entry)
const { chai } = pure as unknown as { chai: Chai.ChaiStatic };

/** A node in a few words: its tag, id, classes and part, or its kind. */
function describeNode(node: Node): string {
  if (!(node instanceof Element)) return node.nodeName;
  const id = node.id ? `#${node.id}` : '';
  const classes = [...node.classList].map((c) => `.${c}`).join('');
  const part = node.getAttribute('part');
  const root = node.getRootNode();
  const host = root instanceof ShadowRoot ? ` in ${describeNode(root.host)}` : '';
  return `${node.localName}${id}${classes}${part ? `[part=${part}]` : ''}${host}`;
}

chai.use(({ Assertion, AssertionError }) => {
  const assert = Assertion.prototype.assert;
  Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
    try {
      assert.apply(this, args);
    } catch (e) {
      if (e instanceof AssertionError) {
        const error = e as Error & { actual?: unknown; expected?: unknown; showDiff?: boolean };
        const nodes = [error.actual, error.expected].some((v) => v instanceof Node);
        if (error.actual instanceof Node) error.actual = describeNode(error.actual);
        if (error.expected instanceof Node) error.expected = describeNode(error.expected);
        if (nodes) error.showDiff = false;
      }
      throw e;
    }
  };
});
