/**
 * `npm run bench` (not part of `npm test`): builds, then measures
 *  1. gzip -9 sizes of our builds and of Shoelace's and Material Web's equivalent sets;
 *  2. in headless Chromium, `<client-contacts>` against `vaadin-grid` with the same
 *     rows at 1,000 / 10,000 / 100,000: first frame, longest task, one-row update,
 *     DOM size, jump to the last row (100,000), several runs each, medians and ratios;
 *  3. the reference backend under autocannon: a page of 50 of a 100,000-contact
 *     client at 500 requests/s.
 * Writes bench/results.json and prints a table. Method: bench/README.md.
 *
 * Environment: BENCH_RUNS (runs per case, default 5), BENCH_SIZES (e.g. "1000,10000"),
 * BENCH_SKIP (comma-separated: build, sizes, browser, load), BENCH_LOAD_SECONDS (10),
 * BENCH_LOAD_RATE (500), CHROME_PATH.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../test/find-chrome.mjs';
import type { RunResult, Table } from './pages/harness.js';
import { KB, ROOT, TARGETS, ourSizes, peerSize, type BuildSize } from './sizes.js';

const RUNS = Number(process.env['BENCH_RUNS'] || 5);
const COUNTS = (process.env['BENCH_SIZES'] || '1000,100000,1000000').split(',').map(Number);
const SKIP = new Set((process.env['BENCH_SKIP'] || '').split(',').filter(Boolean));
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] || 10);
const LOAD_RATE = Number(process.env['BENCH_LOAD_RATE'] || 500);
const BIG_CLIENT = '8009999';
const BIG_COUNT = 100_000;

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);
const log = (s: string) => process.stderr.write(`${s}\n`);

// -- 0. build ---------------------------------------------------------------------------

function buildAll(): void {
  log('== npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

// -- 1. sizes ---------------------------------------------------------------------------

interface Sizes {
  ours: { bundle: BuildSize; npm: BuildSize };
  shoelace: BuildSize;
  material: BuildSize;
}

async function sizes(): Promise<Sizes> {
  log('== sizes (gzip -9)');
  return { ours: ourSizes(), shoelace: await peerSize('shoelace'), material: await peerSize('material') };
}

// -- 2. browser -------------------------------------------------------------------------

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.css': 'text/css' };

/** Serves dist/ and bench/ of the project, nothing else. */
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

async function buildPages(): Promise<void> {
  await esbuild({
    entryPoints: { harness: join(ROOT, 'bench/pages/harness.ts'), vaadin: join(ROOT, 'bench/pages/vaadin.ts') },
    outdir: join(ROOT, 'bench/.out'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

interface Case {
  n: number;
  ours: RunResult[];
  vaadin: RunResult[];
  /** The same first rows as a static table built in one `innerHTML` assignment. */
  floor: RunResult[];
}

/** Our first frame at most this many times the floor's, and at most this share of vaadin-grid's. */
const FLOOR_TARGET = 1.5;
const VAADIN_TARGET = 0.5;

/** The page of each table, and the element whose definition says the page is ready. */
const READY: Record<Table, string | null> = { ours: 'client-contacts', vaadin: 'vaadin-grid', floor: null };

async function browserRuns(): Promise<Case[]> {
  log(`== browser: ${COUNTS.join(' / ')} rows, ${RUNS} runs each`);
  await buildPages();
  const server = await staticServer();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: findChrome(),
    args: [...CHROME_ARGS.filter((a: string) => a !== '--headless=new'), '--js-flags=--expose-gc'],
  });
  const cases: Case[] = [];
  try {
    for (const n of COUNTS) {
      const c: Case = { n, ours: [], vaadin: [], floor: [] };
      for (let run = 0; run < RUNS; run++) {
        // Rotate which goes first, so that drift on a busy machine hits all alike.
        const tables: Table[] = ['ours', 'vaadin', 'floor'];
        const order = [...tables.slice(run % 3), ...tables.slice(0, run % 3)];
        for (const table of order) {
          const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          await page.goto(`${origin}/bench/pages/${table}.html`);
          await page.waitForFunction((tag) => (!tag || !!customElements.get(tag)) && 'bench' in window, READY[table]);
          const result = await page.evaluate(
            ({ table, n, jump }) => window.bench.run(table, n, { jump }),
            { table, n, jump: n >= BIG_COUNT },
          );
          if (errors.length) throw new Error(`${table} at ${n}: ${errors.join('; ')}`);
          c[table].push(result);
          await page.close();
          log(`   ${String(n).padStart(6)} ${table.padEnd(6)} run ${run + 1}: first frame ${ms(result.firstFrame)}, update ${ms(result.update)}, ${result.domElements} elements${result.jumpLast >= 0 ? `, last row ${ms(result.jumpLast)}` : ''}`);
        }
      }
      cases.push(c);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return cases;
}

// -- 3. load ----------------------------------------------------------------------------

interface Load {
  /** One connection, one request after the other: what a request costs the server alone (ms). */
  serviceMs: { mean: number; p99: number };
  /** The machine's 1-minute load average before the run (2 cores: above 2, others compete for the CPU). */
  loadAverage: number;
  rate: number;
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

async function load(): Promise<Load> {
  log(`== load: autocannon, ${LOAD_RATE} req/s for ${LOAD_SECONDS} s, pages of 50 of a ${BIG_COUNT}-contact client`);
  const dir = mkdtempSync(join(tmpdir(), 'cae-bench-'));
  const token = randomBytes(24).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE: join(dir, 'bench.sqlite'),
      SEED_BIG_CLIENT: String(BIG_COUNT),
      API_TOKEN: token,
      DEMO_LOGIN: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await waitForLine(child, /Serving (http:\/\/[\d.]+:\d+)/, 300_000);
    const base = line.replace('Serving ', '');
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const path = (offset: number) => `/api/v1/clients/${BIG_CLIENT}/contacts?limit=50&offset=${offset}`;
    const probe = await fetch(base + path(0), { headers });
    if (!probe.ok) throw new Error(`GET ${path(0)}: ${probe.status} ${await probe.text()}`);
    const total = ((await probe.json()) as { total: number }).total;
    // Any page of the list, as users scrolling would ask.
    const randomPath = () => path(Math.floor(Math.random() * Math.max(1, total / 50)) * 50);
    const cannon = (seconds: number, rate?: number, connections = 10) =>
      autocannon({
        url: base,
        connections,
        duration: seconds,
        ...(rate ? { overallRate: rate } : {}),
        headers,
        requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: randomPath() }) }],
      });
    await cannon(2, LOAD_RATE); // warm-up: JIT, SQLite page cache
    const alone = await cannon(3, undefined, 1);
    const loadAverage = loadavg()[0]!;
    const r = await cannon(LOAD_SECONDS, LOAD_RATE);
    return {
      serviceMs: { mean: alone.latency.mean, p99: alone.latency.p99 },
      loadAverage,
      rate: LOAD_RATE,
      seconds: LOAD_SECONDS,
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

// -- report -----------------------------------------------------------------------------

function summarise(cases: Case[]) {
  return cases.map(({ n, ours, vaadin, floor }) => {
    const keys = ['firstFrame', 'longestTask', 'update', 'domNodes', 'domElements', 'jumpLast'] as const;
    const medians = (rs: RunResult[]) =>
      Object.fromEntries(keys.map((k) => [k, median(rs.map((r) => r[k]))])) as Record<(typeof keys)[number], number>;
    const o = medians(ours);
    const v = medians(vaadin);
    const f = medians(floor);
    // Each run of ours is paired with the peers' runs measured right before or after it:
    // the median of those ratios cancels most of the drift of a busy machine.
    const paired = (peer: RunResult[], k: 'firstFrame' | 'update') => median(ours.map((r, i) => r[k] / peer[i]![k]));
    return {
      n,
      ours: o,
      vaadin: v,
      floor: f,
      ratio: {
        firstFrame: paired(vaadin, 'firstFrame'),
        update: paired(vaadin, 'update'),
        domElements: o.domElements / v.domElements,
        floor: paired(floor, 'firstFrame'),
      },
      jumpOk: { ours: ours.every((r) => r.jumpLast < 0 || !Number.isNaN(r.jumpLast)), vaadin: vaadin.every((r) => r.jumpLast < 0 || !Number.isNaN(r.jumpLast)) },
    };
  });
}

function mdTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  if (!SKIP.has('build')) buildAll();
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    runs: RUNS,
  };
  const out: string[] = [];

  if (!SKIP.has('sizes')) {
    const s = await sizes();
    results['sizes'] = s;
    const row = (name: string, b: BuildSize, target?: number) => [
      name,
      kb(b.initial),
      b.lazy ? kb(b.lazy) : '—',
      target ? `≤ ${kb(target)} ${b.initial <= target ? 'ok' : 'MISSED'}` : '',
    ];
    out.push('Sizes, gzip -9 (initial = main module + its static imports; lazy = loaded on demand)');
    out.push(
      mdTable(
        ['build', 'initial', 'lazy', 'target'],
        [
          row('ours, self-contained (3 elements + Lit)', s.ours.bundle, TARGETS.bundle),
          row('ours, npm (Lit external)', s.ours.npm, TARGETS.npm),
          row('Shoelace dialog+input+button+select+checkbox', s.shoelace),
          row('Material Web dialog+text field+buttons+select+checkbox', s.material),
        ],
      ),
    );
  }

  if (!SKIP.has('browser')) {
    const cases = await browserRuns();
    const summary = summarise(cases);
    results['browser'] = { cases, summary };
    out.push('');
    out.push(`<client-contacts> vs vaadin-grid and the floor (a static table of the first rows), same rows, headless Chromium, medians of ${RUNS} runs`);
    out.push(
      mdTable(
        ['rows', 'first frame ours / vaadin / floor', `ours ÷ vaadin, paired (≤ ${VAADIN_TARGET})`, `ours ÷ floor, paired (≤ ${FLOOR_TARGET})`, 'longest task ours / vaadin', 'one-row update ours / vaadin', 'DOM nodes (elements) ours / vaadin', 'last row ours / vaadin'],
        summary.map((c) => [
          c.n.toLocaleString('en'),
          `${ms(c.ours.firstFrame)} / ${ms(c.vaadin.firstFrame)} / ${ms(c.floor.firstFrame)}`,
          `${c.ratio.firstFrame.toFixed(2)} ${c.ratio.firstFrame <= VAADIN_TARGET ? 'ok' : 'MISSED'}`,
          `${c.ratio.floor.toFixed(2)} ${c.ratio.floor <= FLOOR_TARGET ? 'ok' : 'MISSED'}`,
          `${ms(c.ours.longestTask)} / ${ms(c.vaadin.longestTask)}`,
          `${ms(c.ours.update)} / ${ms(c.vaadin.update)}`,
          `${c.ours.domNodes} (${c.ours.domElements}) / ${c.vaadin.domNodes} (${c.vaadin.domElements})`,
          c.ours.jumpLast >= 0 ? `${c.jumpOk.ours ? ms(c.ours.jumpLast) : 'FAILED'} / ${c.jumpOk.vaadin ? ms(c.vaadin.jumpLast) : 'FAILED'}` : '—',
        ]),
      ),
    );
  }

  if (!SKIP.has('load')) {
    const l = await load();
    results['load'] = l;
    out.push('');
    out.push(`Reference backend: GET a page of 50 of client ${BIG_CLIENT} (${BIG_COUNT.toLocaleString('en')} contacts), any offset, autocannon ${l.rate} req/s for ${l.seconds} s`);
    out.push(
      mdTable(
        ['requests', 'non-2xx', 'errors', 'p50', 'p90', 'p99 (< 20 ms)', 'max', 'alone: mean / p99', 'load average'],
        [[l.requests, l.non2xx, l.errors, ms(l.latency.p50), ms(l.latency.p90), `${ms(l.latency.p99)} ${l.latency.p99 < 20 ? 'ok' : 'MISSED'}`, ms(l.latency.max), `${ms(l.serviceMs.mean)} / ${ms(l.serviceMs.p99)}`, l.loadAverage.toFixed(1)]],
      ),
    );
  }

  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(out.join('\n'));
  console.log('\n(bench/results.json has every run.)');
}

await main();
