import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome, CHROME_ARGS } from './test/find-chrome.mjs';

let executablePath;
try {
  executablePath = findChrome();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

export default {
  // test/e2e, test/package and test/conformance are node:test suites (run by npm run test:e2e / test:package / test:conformance).
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/package/**', '!test/conformance/**', '!test/visual/**'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROME_ARGS } })],
  concurrency: 1,
  testFramework: { config: { timeout: 5000 } },
  // test/dom-assertions.ts: a failed assertion between DOM nodes fails at once (it hung the runner).
  // `expect(el).to.be.accessible()` (chai-a11y-axe) runs the rules the project is measured with
  // (test/axe-rules.ts: WCAG 2.0-2.2 A and AA and the best practices, with the target size that axe
  // leaves out by default), not axe's defaults: axe is loaded and configured before the tests.
  testRunnerHtml: (testFramework) => `<html><body>
    <script type="module">
      import 'axe-core/axe.min.js';
      import { AXE_TAGS } from '/test/axe-rules.ts';
      window.axe.configure({ rules: window.axe.getRules().map((r) => ({ id: r.ruleId, enabled: r.tags.some((t) => AXE_TAGS.includes(t)) })) });
    </script>
    <script type="module" src="/test/dom-assertions.ts"></script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  testsFinishTimeout: 180000,
};
