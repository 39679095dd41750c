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
 *
 * The `visual-*` projects (`npm run test:visual`, part of `npm test`) play
 * every story again in one variant each — fr-CA light, fr-CA dark, English
 * (1280 px wide) and fr-CA light at 375 px — and compare a screenshot of each
 * with its baseline in `test/visual/__screenshots__/` (`--update` rewrites
 * them; review the diff before committing).
 */
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { BrowserCommand } from 'vitest/node';
import { CHROME_ARGS, findChrome } from './test/find-chrome.mjs';

const root = dirname(fileURLToPath(import.meta.url));

const HEIGHT = 900;

/**
 * The machine's Chromium. `width`: the window is the tests' frame's size, so
 * that frame is not scaled down; the rest fixes what would differ between
 * machines (scale, time zone, motion).
 */
const chromium = (width?: number) =>
  playwright({
    launchOptions: { executablePath: findChrome(), args: CHROME_ARGS },
    contextOptions: {
      reducedMotion: 'reduce',
      deviceScaleFactor: 1,
      timezoneId: 'America/Toronto',
      ...(width ? { viewport: { width, height: HEIGHT } } : {}),
    },
  });

/** Emulates forced colours (Windows High Contrast) for the stories drawn in it. */
const forcedColors: BrowserCommand<[active: boolean]> = async ({ page }, active) => {
  await page.emulateMedia({ forcedColors: active ? 'active' : 'none' });
};

interface Variant {
  name: string;
  locale: 'fr-CA' | 'en';
  theme: 'default' | 'dark';
  width: number;
}

const VARIANTS: Variant[] = [
  { name: 'fr-CA-light-1280', locale: 'fr-CA', theme: 'default', width: 1280 },
  { name: 'fr-CA-dark-1280', locale: 'fr-CA', theme: 'dark', width: 1280 },
  { name: 'en-light-1280', locale: 'en', theme: 'default', width: 1280 },
  { name: 'fr-CA-light-375', locale: 'fr-CA', theme: 'default', width: 375 },
];

const storybook = () => storybookTest({ configDir: join(root, '.storybook') });

const optimizeDeps = {
  // Found up front, so Vite does not re-optimise and reload the page mid-run.
  include: ['lit/decorators.js', 'lit/directives/ref.js', 'lit/directives/style-map.js', '@lit/context', '@lit/localize', '@lit/task'],
};

function visualProject(variant: Variant, index: number) {
  return {
    extends: true as const,
    plugins: [storybook()],
    optimizeDeps,
    test: {
      name: `visual-${variant.name}`,
      // One variant after the other (one browser at a time), with the time a busy machine needs.
      sequence: { groupOrder: index + 1 },
      testTimeout: 60_000,
      hookTimeout: 60_000,
      env: { VITE_STORY_LOCALE: variant.locale, VITE_STORY_THEME: variant.theme, VITE_STORY_VIEWPORT: `w${variant.width}` },
      provide: { visualVariant: variant.name },
      setupFiles: [join(root, 'test/visual/screenshot.setup.ts')],
      browser: {
        enabled: true,
        headless: true,
        provider: chromium(variant.width),
        instances: [{ browser: 'chromium' as const }],
        viewport: { width: variant.width, height: HEIGHT },
        commands: { forcedColors },
        expect: {
          toMatchScreenshot: {
            comparatorName: 'pixelmatch' as const,
            screenshotOptions: { animations: 'disabled' as const, caret: 'hide' as const, scale: 'css' as const },
            timeout: 15_000,
            // Anti-aliasing noise only: a moved or recoloured control changes far more pixels.
            comparatorOptions: { threshold: 0.1, allowedMismatchedPixelRatio: 0.0005 },
            resolveScreenshotPath: ({ arg, ext }: { arg: string; ext: string }) =>
              join(root, 'test/visual/__screenshots__', `${arg}${ext}`),
            resolveDiffPath: ({ arg, ext }: { arg: string; ext: string }) => join(root, '.vitest-attachments/visual', `${arg}${ext}`),
          },
        },
      },
    },
  };
}

export default defineConfig({
  publicDir: false,
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybook()],
        optimizeDeps,
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: chromium(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      ...VARIANTS.map((variant, index) => visualProject(variant, index)),
    ],
  },
});
