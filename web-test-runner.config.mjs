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
  testsFinishTimeout: 180000,
};
