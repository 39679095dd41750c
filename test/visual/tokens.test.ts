/**
 * The tokens are the one source of the look (`src/internal/tokens.ts`): the
 * style sheets write no colour, font size, spacing, shadow or duration of
 * their own, every token is in the CSS the elements get (with its dark and
 * high-contrast values) and in README's table.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { TOKENS, highContrastDeclarations, tokenStyles } from '../../src/internal/tokens.js';

const STYLE_SHEETS = [
  'src/internal/styles.ts',
  'src/internal/dialog-styles.ts',
  'src/internal/contact-combobox.ts',
  'src/client-contacts/client-contacts.styles.ts',
  'src/contact-dialog/contact-dialog.styles.ts',
  'src/grant-access-dialog/grant-access-dialog.styles.ts',
];

/** The CSS of a module: its `css` template literals, comments out. */
async function cssOf(file: string): Promise<string> {
  const source = await readFile(file, 'utf8');
  const blocks = [...source.matchAll(/css`([^`]*)`/g)].map((m) => m[1]!);
  return blocks.join('\n').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Declarations `property: value` whose value breaks `rule`. */
function offending(css: string, property: RegExp, rule: RegExp): string[] {
  return [...css.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)]
    .filter(([, prop, value]) => property.test(prop!) && rule.test(value!))
    .map(([declaration]) => declaration!.trim());
}

describe('design tokens', () => {
  it('the style sheets write no colour, font size, spacing, shadow or duration of their own', async () => {
    for (const file of STYLE_SHEETS) {
      const css = await cssOf(file);
      assert.ok(css.length > 0, `${file}: no css found`);
      const found = [
        ...offending(css, /./, /#[0-9a-f]{3,8}\b/i),
        ...offending(css, /^font-size$/, /^\s*[\d.]+(rem|px|em)\s*$/),
        ...offending(css, /^font-weight$/, /^\s*[5-6]00\s*$/),
        ...offending(css, /^(padding|gap|row-gap|column-gap)(-\w+)?$/, /(^|[\s(])(0?\.\d+|[1-9][\d.]*)(rem|px|em)\b/),
        ...offending(css, /^box-shadow$/, /rgb\(|rgba\(/),
        ...offending(css, /^(animation|transition)(-duration)?$/, /\b[\d.]+m?s\b/),
      ];
      assert.deepEqual(found, [], `${file} hard-codes what a token should say`);
    }
  });

  it('every token is in the elements\' CSS, with its dark value and its high-contrast value', () => {
    const css = tokenStyles.cssText;
    for (const token of TOKENS) {
      assert.match(css, new RegExp(`--_${token.name}: var\\(--cae-${token.name}, `), token.name);
      if (token.dark) assert.ok(css.includes(`light-dark(${token.value}, ${token.dark})`), `${token.name}: dark value`);
    }
    const [host] = css.split('@media');
    assert.equal(host!.match(/--_[\w-]+: var\(--cae-/g)?.length, TOKENS.length, 'every value in the CSS is documented');
    assert.match(css, /@media \(prefers-contrast: more\)/);
    const contrast = highContrastDeclarations();
    assert.ok(Object.keys(contrast).length >= 16, 'the high-contrast theme sets the colours');
    assert.equal(contrast['--cae-color-text'], 'light-dark(#000000, #ffffff)');
  });

  it("README's Styling table lists every token", async () => {
    const readme = await readFile('README.md', 'utf8');
    const missing = TOKENS.filter((t) => !readme.includes(`\`--cae-${t.name}\``)).map((t) => t.name);
    assert.deepEqual(missing, []);
  });
});
