/**
 * The mails as a contact sees them: rendered in headless Chromium at 375 px
 * (a phone) and 800 px (a desktop client), and in dark mode, compared with
 * the committed baselines in `__screenshots__/mail/`.
 *
 * Fonts differ between machines, so the test pins one: Inter from
 * `@fontsource/inter`, inlined as data URLs and forced on every element (in
 * the test only: the mails themselves keep their system font stack). The logo
 * is served by the test (no network). What is left differs only by
 * anti-aliasing between Chromium builds, so the comparison tolerates it:
 * pixelmatch's threshold 0.1 per pixel, and at most 0.1 % of the pixels may
 * differ. A changed colour, size or spacing moves far more than that (1.8 %
 * for another accent colour); the wording is the text snapshots' job.
 *
 * `UPDATE_SNAPSHOTS=1 npm run test:server` rewrites the baselines; on a
 * mismatch the actual image and the diff go to /tmp/mail-screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pixelmatch from 'pixelmatch';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { CHROME_ARGS, findChrome } from '../../test/find-chrome.mjs';
import { LOGO_URL, SAMPLES, UPDATING, render } from './mail-fixtures.js';

const BASELINES = fileURLToPath(new URL('./__screenshots__/mail/', import.meta.url));
const FAILURES = '/tmp/mail-screenshots';
const MAX_DIFFERENT = 0.001;

/** A logo made of shapes only (text would depend on the machine's fonts). */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80" viewBox="0 0 320 80">
  <rect x="0" y="8" width="64" height="64" rx="12" fill="#0f5c4d"/>
  <path d="M16 56 L32 24 L48 56 Z" fill="#ffffff"/>
  <rect x="80" y="22" width="200" height="14" rx="4" fill="#0f5c4d"/>
  <rect x="80" y="46" width="140" height="10" rx="4" fill="#52606d"/>
</svg>`;

async function pinnedFontCss(): Promise<string> {
  const require = createRequire(import.meta.url);
  const faces = await Promise.all(
    [400, 600, 700].map(async (weight) => {
      const file = require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`);
      const data = (await readFile(file)).toString('base64');
      return `@font-face { font-family: 'Pinned Inter'; font-weight: ${weight}; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
    }),
  );
  return `${faces.join('\n')}\n* { font-family: 'Pinned Inter' !important; }`;
}

const CASES = SAMPLES.filter((s) => s.kind === 'invitation' || s.kind === 'resend').flatMap((sample) => [
  { sample, width: 375, scheme: 'light' as const },
  { sample, width: 800, scheme: 'light' as const },
  ...(sample.name === 'invitation.fr' ? [{ sample, width: 375, scheme: 'dark' as const }] : []),
]);

describe('mail screenshots (headless Chromium)', () => {
  let browser: Browser;
  let fontCss: string;
  before(async () => {
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS.filter((a) => a !== '--headless=new') });
    fontCss = await pinnedFontCss();
  });
  after(() => browser?.close());

  for (const { sample, width, scheme } of CASES) {
    const name = `${sample.name}.${width}${scheme === 'dark' ? '.dark' : ''}.png`;
    it(`${sample.name} at ${width} px${scheme === 'dark' ? ' in dark mode' : ''} looks like ${name}`, async () => {
      const html = (await render(sample)).html.replace('</head>', `<style>${fontCss}</style></head>`);
      const page = await browser.newPage({ viewport: { width, height: 600 }, colorScheme: scheme, deviceScaleFactor: 1 });
      try {
        await page.route('**/*', (route) =>
          route.request().url() === LOGO_URL ? route.fulfill({ contentType: 'image/svg+xml', body: LOGO_SVG }) : route.abort(),
        );
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const width0 = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.equal(width0, width, 'no horizontal scrolling');
        const actual = PNG.sync.read(await page.screenshot({ fullPage: true }));
        const path = join(BASELINES, name);
        if (UPDATING) {
          await mkdir(BASELINES, { recursive: true });
          await writeFile(path, PNG.sync.write(actual));
          return;
        }
        let expected: PNG;
        try {
          expected = PNG.sync.read(await readFile(path));
        } catch {
          assert.fail(`no baseline ${path}: run UPDATE_SNAPSHOTS=1 npm run test:server and commit it`);
        }
        const keep = async (diff?: PNG) => {
          await mkdir(FAILURES, { recursive: true });
          await writeFile(join(FAILURES, name), PNG.sync.write(actual));
          if (diff) await writeFile(join(FAILURES, name.replace('.png', '.diff.png')), PNG.sync.write(diff));
        };
        if (actual.width !== expected.width || actual.height !== expected.height) {
          await keep();
          assert.fail(`${name}: ${actual.width}×${actual.height}, the baseline is ${expected.width}×${expected.height} (actual in ${FAILURES})`);
        }
        const diff = new PNG({ width: actual.width, height: actual.height });
        const different = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
        const share = different / (actual.width * actual.height);
        if (share > MAX_DIFFERENT) await keep(diff);
        assert.ok(share <= MAX_DIFFERENT, `${name}: ${different} pixels differ (${(share * 100).toFixed(2)} %; see ${FAILURES})`);
      } finally {
        await page.close();
      }
    });
  }
});
