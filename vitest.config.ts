/**
 * Vitest runs the Storybook stories as tests (`npm run test:stories`): each
 * story renders in headless Chromium, its `play` function runs, then axe checks
 * it (`a11y: { test: 'error' }` in `.storybook/preview.ts`).
 *
 * This file, not the library's `vite.config.ts`, configures Vitest. The Vite
 * settings of the stories (plugins, the custom elements manifest) come from
 * `.storybook/main.ts` through `storybookTest`.
 *
 * The browser is the machine's Chromium (`test/find-chrome.mjs`): no tool here
 * downloads one.
 */
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { CHROME_ARGS, findChrome } from './test/find-chrome.mjs';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  publicDir: false,
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: join(root, '.storybook') })],
        optimizeDeps: {
          // Found up front, so Vite does not re-optimise and reload the page mid-run.
          include: ['lit/decorators.js', 'lit/directives/ref.js', '@lit/context', '@lit/localize', '@lit/task'],
        },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: findChrome(), args: CHROME_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
