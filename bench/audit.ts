/**
 * `npm run audit`: the accessibility of the pages the server serves, measured
 * (issue 11, "Measured"; not part of `npm test`). Starts the reference server
 * in demo mode on a new database, then, in French and English, for the demo
 * page (also with the contact dialog and the grant dialog open), the
 * invitation page (a live link), the password-reset form and the portal
 * (signed out and signed in):
 * - Lighthouse 12.2.3's accessibility category, for the states a navigation
 *   reaches (the dialogs need clicks: axe only);
 * - axe-core with the WCAG 2.0/2.1/2.2 A and AA and best-practice rules
 *   (test/axe-rules.ts; the same states as test/e2e/pages-axe.test.ts).
 * Prints a table (page, language, Lighthouse score, axe violations) and what
 * failed; exits 1 when a score is below 100 or a violation is found.
 *
 * Lighthouse runs through `npx --yes lighthouse@12.2.3` (downloaded once into
 * npm's cache, about 1.5 minutes here) rather than as a devDependency, which
 * would add 59 packages and 88 MB to every `npm ci` for a script run by hand
 * (measured: `npm ci` 206 s without it, 280 s with it; bench/README.md).
 * Version 12.2.3: 13 wants Node 22.
 *
 * One Chromium (the machine's), driven by Playwright, with a DevTools port:
 * Playwright opens each state (the demo page's language is in its
 * localStorage, the portal's session in a cookie) and Lighthouse connects to
 * the same browser, keeping that storage (`--disable-storage-reset`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { axeViolations, type Violation } from '../test/e2e/axe.js';
import { freePort, startServer } from '../test/e2e/harness.js';
import { LANGUAGES, PAGE_STATES, openState, pageFixture, statePath, type Language, type PageState } from '../test/e2e/page-states.js';
import { CHROME_ARGS, findChrome } from '../test/find-chrome.mjs';

const LIGHTHOUSE = 'lighthouse@12.2.3';

interface LighthouseReport {
  categories: { accessibility: { score: number | null; auditRefs: { id: string; weight: number }[] } };
  audits: Record<string, { score: number | null; title: string; details?: { items?: unknown[] } }>;
}

interface Row {
  state: PageState;
  language: Language;
  lighthouse?: { score: number; failed: string[] };
  violations: Violation[];
}

/** Lighthouse's accessibility category on `url`, in the browser listening on `port`. */
async function lighthouse(url: string, port: number, dir: string): Promise<{ score: number; failed: string[] }> {
  const output = join(dir, 'report.json');
  await promisify(execFile)(
    'npx',
    [
      '--yes',
      LIGHTHOUSE,
      url,
      `--port=${port}`,
      '--only-categories=accessibility',
      '--disable-storage-reset',
      '--output=json',
      `--output-path=${output}`,
      '--quiet',
      // Used only if Lighthouse had to start a Chrome itself.
      '--chrome-flags=--headless=new --no-sandbox',
    ],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHROME_PATH: findChrome() } },
  );
  const report = JSON.parse(await readFile(output, 'utf8')) as LighthouseReport;
  const category = report.categories.accessibility;
  const failed = category.auditRefs
    .filter((ref) => ref.weight > 0 && report.audits[ref.id]?.score === 0)
    .map((ref) => `${ref.id}: ${report.audits[ref.id]!.title}`);
  return { score: Math.round((category.score ?? 0) * 100), failed };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'client-access-audit-'));
  const server = await startServer();
  const port = await freePort();
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: findChrome(),
    args: [...CHROME_ARGS.filter((a) => a !== '--headless=new'), `--remote-debugging-port=${port}`],
    viewport: { width: 1280, height: 900 },
  });
  const rows: Row[] = [];
  try {
    const fixture = await pageFixture(server);
    for (const language of LANGUAGES) {
      for (const state of PAGE_STATES) {
        const page = await browser.newPage();
        await openState(page, server.base, fixture, state, language);
        const violations = await axeViolations(page);
        const path = statePath(fixture, state, language);
        // Lighthouse loads the page again in its own tab, with the storage the state left.
        const row: Row = { state, language, violations };
        if (path) row.lighthouse = await lighthouse(server.base + path, port, dir);
        await page.close();
        rows.push(row);
        process.stderr.write(`${language} ${state}: Lighthouse ${row.lighthouse?.score ?? '—'}, axe ${violations.length}\n`);
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const table = [
    '| page | language | Lighthouse accessibility | axe violations |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.state} | ${r.language} | ${r.lighthouse?.score ?? '— (no navigation)'} | ${r.violations.length} |`),
  ];
  console.log(table.join('\n'));
  const problems = rows.flatMap((r) => [
    ...(r.lighthouse?.failed ?? []).map((f) => `${r.language} ${r.state}, Lighthouse: ${f}`),
    ...r.violations.map((v) => `${r.language} ${r.state}, axe: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`),
  ]);
  if (problems.length || rows.some((r) => r.lighthouse && r.lighthouse.score < 100)) {
    console.log(`\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
