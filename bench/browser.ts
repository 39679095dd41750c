/**
 * The browser part of `npm run bench`: the pages of bench/pages/ served by a
 * small static server, headless Chromium, one fresh page per measured run.
 * Also used by bench/profile.ts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../test/find-chrome.mjs';
import { log, ms } from './format.js';
import type { RunResult, Table } from './pages/harness.js';
import { ROOT } from './sizes.js';

export type { RunResult, Table };

/** At and above this many rows, a run also jumps to the last row. */
export const JUMP_FROM = 100_000;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.css': 'text/css' };

/** Serves dist/ and bench/ of the project, nothing else, never cached. */
function staticServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!/^\/(dist|bench)\//.test(path)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(ROOT, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The harness and the peer's module, bundled into bench/.out/. */
async function buildPages(): Promise<void> {
  await esbuild({
    entryPoints: { harness: join(ROOT, 'bench/pages/harness.ts'), vaadin: join(ROOT, 'bench/pages/vaadin.ts') },
    outdir: join(ROOT, 'bench/.out'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** The element whose definition says a page is ready (the floor has none). */
const READY: Record<Table, string | null> = { ours: 'client-contacts', vaadin: 'vaadin-grid', floor: null };

export interface Lab {
  browser: Browser;
  /** Opens `table`'s page, ready to run (`window.bench` there, the element defined). */
  open(table: Table): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the pages, starts the static server and Chromium (with `gc()` exposed to the pages). */
export async function openLab(): Promise<Lab> {
  await buildPages();
  const server = await staticServer();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: findChrome(),
    args: [...CHROME_ARGS.filter((a: string) => a !== '--headless=new'), '--js-flags=--expose-gc'],
  });
  return {
    browser,
    async open(table) {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(`${origin}/bench/pages/${table}.html`);
      await page.waitForFunction((tag) => (!tag || !!customElements.get(tag)) && 'bench' in window, READY[table]);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** A complete trace event (the fields the bench and `profile.ts` read). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs: what it cost, whatever else ran on the machine. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

/**
 * The renderer main thread's CPU time (ms) between the harness's marks `bench:create` and
 * `bench:first-frame`: the thread time of its top-level tasks, each clipped to the span
 * (in proportion to its wall time). NaN when the trace lacks the marks.
 */
export function firstFrameCpu(events: TraceEvent[]): number {
  const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('user_timing'));
  const from = mark('bench:create');
  const to = mark('bench:first-frame');
  if (!from || !to) return NaN;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === from.pid);
  let cpu = 0;
  for (const e of events) {
    if (e.pid !== from.pid || e.tid !== (main?.tid ?? from.tid) || e.name !== 'ThreadControllerImpl::RunTask' || !e.dur) continue;
    const inside = Math.min(e.ts + e.dur, to.ts) - Math.max(e.ts, from.ts);
    if (inside > 0) cpu += (inside / e.dur) * (e.tdur ?? e.dur);
  }
  return cpu / 1000;
}

/**
 * One measured run of `table` with `n` rows on a fresh page, traced (Chromium's light
 * `toplevel` category, the same for every table) for its first frame's CPU time.
 */
export async function measure(lab: Lab, table: Table, n: number): Promise<RunResult> {
  const page = await lab.open(table);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let tracing = false;
  try {
    await lab.browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
    tracing = true;
    const result = await page.evaluate(({ table, n, jump }) => window.bench.run(table, n, { jump }), {
      table,
      n,
      jump: n >= JUMP_FROM,
    });
    tracing = false;
    const trace = JSON.parse((await lab.browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    if (errors.length) throw new Error(`${table} at ${n}: ${errors.join('; ')}`);
    return { ...result, firstFrameCpu: firstFrameCpu(trace.traceEvents) };
  } finally {
    // A run that failed leaves no trace running for the next one.
    if (tracing) await lab.browser.stopTracing().catch(() => undefined);
    await page.close();
  }
}

export interface Case {
  n: number;
  ours: RunResult[];
  vaadin: RunResult[];
  /** The same first rows as a static table built in one `innerHTML` assignment. */
  floor: RunResult[];
}

const jumpText = (r: RunResult) => (r.jumpLast < 0 ? '' : `, last row ${Number.isNaN(r.jumpLast) ? 'NEVER SHOWN' : ms(r.jumpLast)}`);

/** `runs` runs of each table at each size, the three rotating which goes first. */
export async function browserRuns(counts: number[], runs: number): Promise<Case[]> {
  log(`== browser: ${counts.join(' / ')} rows, ${runs} runs each`);
  const lab = await openLab();
  const cases: Case[] = [];
  try {
    for (const n of counts) {
      const c: Case = { n, ours: [], vaadin: [], floor: [] };
      // A warm-up run of each, not kept: the first page of a fresh browser (and of a new
      // size) may pay for what later ones find ready in the browser process.
      for (const table of ['ours', 'vaadin', 'floor'] as const) await measure(lab, table, n);
      for (let run = 0; run < runs; run++) {
        // Rotate which goes first, so that drift on a busy machine hits all alike.
        const tables: Table[] = ['ours', 'vaadin', 'floor'];
        for (const table of [...tables.slice(run % 3), ...tables.slice(0, run % 3)]) {
          const r = await measure(lab, table, n);
          c[table].push(r);
          log(`   ${String(n).padStart(7)} ${table.padEnd(6)} run ${run + 1}: first frame ${ms(r.firstFrame)} (CPU ${ms(r.firstFrameCpu)}), update ${ms(r.update)}, ${r.domElements} elements${jumpText(r)}`);
        }
      }
      cases.push(c);
    }
  } finally {
    await lab.close();
  }
  return cases;
}
