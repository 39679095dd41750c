/**
 * `npm run bench` (not part of `npm test`): builds, then measures
 *  1. gzip -9 sizes of our builds and of Shoelace's and Material Web's equivalent sets;
 *  2. in headless Chromium, `<client-contacts>` against `vaadin-grid` and the floor (the same
 *     first rows as a static table) with the same rows at 1,000 / 100,000 / 1,000,000: first
 *     frame, longest task, one-row update, DOM size, jump to the last row; several runs each,
 *     medians and paired ratios;
 *  3. the reference backend on SQLite and PostgreSQL with a 1,000,000-contact client under
 *     requests at a steady rate (loadtest): a page of 50 at any offset at 500 requests/s, a search
 *     at 200 requests/s, a search in another order or with a status filter at 200 requests/s;
 * Writes bench/results.json (every run; a part skipped keeps its previous figures), draws
 * docs/bench-first-frame.svg and docs/bench-server.svg from it, and prints the tables.
 * Figures only: nothing here fails on a missed target. Method: bench/README.md.
 *
 * Environment: BENCH_RUNS (runs per case, default 5), BENCH_SIZES (rows, e.g. "1000,100000"),
 * BENCH_SKIP (comma-separated: build, sizes, browser, load), BENCH_ENGINES ("sqlite,postgres"),
 * BENCH_CONTACTS (the server's client, 1000000), BENCH_LOAD_SECONDS (10), BENCH_PAGE_RATE (500),
 * BENCH_SEARCH_RATE (200), BENCH_DATABASE_URL (PostgreSQL), CHROME_PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { browserRuns, type Case, type RunResult } from './browser.js';
import { firstFrameChart, serverChart } from './charts.js';
import { kb, log, mdTable, median, ms } from './format.js';
import { BIG_CLIENT, loadRuns, type EngineName, type EngineResult, type EngineSkipped, type LoadRun } from './load.js';
import { ROOT, TARGETS, ourSizes, peerSize, type BuildSize } from './sizes.js';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const RUNS = Number(env('BENCH_RUNS', '5'));
const COUNTS = env('BENCH_SIZES', '1000,100000,1000000').split(',').map(Number);
const SKIP = new Set(env('BENCH_SKIP', '').split(',').filter(Boolean));
const ENGINES = env('BENCH_ENGINES', 'sqlite,postgres').split(',') as EngineName[];
const CONTACTS = Number(env('BENCH_CONTACTS', '1000000'));
const LOAD_SECONDS = Number(env('BENCH_LOAD_SECONDS', '10'));
const PAGE_RATE = Number(env('BENCH_PAGE_RATE', '500'));
const SEARCH_RATE = Number(env('BENCH_SEARCH_RATE', '200'));

/** Our first frame at most this many times the floor's, and at most this share of vaadin-grid's. */
const FLOOR_TARGET = 1.5;
const VAADIN_TARGET = 0.5;
/** The server's target: p99 under this (ms). */
const P99_TARGET = 20;

const RESULTS = join(ROOT, 'bench/results.json');
const CHARTS = { firstFrame: join(ROOT, 'docs/bench-first-frame.svg'), server: join(ROOT, 'docs/bench-server.svg') };

// -- what results.json holds ------------------------------------------------------------

type Metric = 'firstFrame' | 'firstFrameCpu' | 'longestTask' | 'update' | 'domNodes' | 'domElements' | 'jumpLast';
const METRICS: Metric[] = ['firstFrame', 'firstFrameCpu', 'longestTask', 'update', 'domNodes', 'domElements', 'jumpLast'];

/** A median and the spread (lowest and highest) of the values it is taken from. */
interface Spread {
  median: number;
  min: number;
  max: number;
}

interface TableRuns {
  runs: RunResult[];
  median: Record<Metric, number>;
}

interface SizeResult {
  rows: number;
  ours: TableRuns;
  vaadin: TableRuns;
  floor: TableRuns;
  /** Medians of the paired ratios (each of our runs ÷ the peer's run made right before or after it). */
  ratio: { vaadin: number; floor: number; update: number };
  /** The same paired ratios with their spread, in wall time and in main-thread CPU time. */
  ratios?: { vaadin: Spread; floor: Spread; cpuVaadin: Spread; cpuFloor: Spread };
  /** Every run that jumped to the last row saw it painted. */
  lastRowShown: { ours: boolean; vaadin: boolean } | null;
}

interface Results {
  machine: { cpus: number; node: string };
  sizes?: { date: string; ours: { bundle: BuildSize; npm: BuildSize }; shoelace: BuildSize; material: BuildSize };
  browser?: { date: string; runs: number; sizes: SizeResult[] };
  /** `date` of an engine: when it was measured, where an earlier run measured it (one left out of `BENCH_ENGINES`). */
  server?: { date: string; contacts: number; engines: ((EngineResult & { date?: string }) | EngineSkipped)[] };
}

function summarise({ n, ours, vaadin, floor }: Case): SizeResult {
  const table = (runs: RunResult[]): TableRuns => ({
    runs,
    median: Object.fromEntries(METRICS.map((k) => [k, median(runs.map((r) => r[k]))])) as Record<Metric, number>,
  });
  // Each run of ours is paired with the peers' runs measured right before or after it:
  // the median of those ratios cancels most of the drift of a busy machine.
  const pairs = (peer: RunResult[], k: 'firstFrame' | 'firstFrameCpu' | 'update') => ours.map((r, i) => r[k] / peer[i]![k]);
  const paired = (peer: RunResult[], k: 'firstFrame' | 'update') => median(pairs(peer, k));
  const jumped = ours.some((r) => r.jumpLast >= 0 || Number.isNaN(r.jumpLast));
  const shown = (runs: RunResult[]) => runs.every((r) => !Number.isNaN(r.jumpLast));
  return {
    rows: n,
    ours: table(ours),
    vaadin: table(vaadin),
    floor: table(floor),
    ratio: { vaadin: paired(vaadin, 'firstFrame'), floor: paired(floor, 'firstFrame'), update: paired(vaadin, 'update') },
    ratios: {
      vaadin: spread(pairs(vaadin, 'firstFrame')),
      floor: spread(pairs(floor, 'firstFrame')),
      cpuVaadin: spread(pairs(vaadin, 'firstFrameCpu')),
      cpuFloor: spread(pairs(floor, 'firstFrameCpu')),
    },
    lastRowShown: jumped ? { ours: shown(ours), vaadin: shown(vaadin) } : null,
  };
}

function spread(xs: number[]): Spread {
  const s = xs.filter((x) => !Number.isNaN(x));
  return { median: median(s), min: Math.min(...s), max: Math.max(...s) };
}

// -- the printed tables -----------------------------------------------------------------

/** "0.47 (0.31-0.80)": a median ratio and its spread. */
const ratioText = (r: Spread | undefined) => (r ? `${r.median.toFixed(2)} (${r.min.toFixed(2)}-${r.max.toFixed(2)})` : 'n/a');
/** "84 ms (51-190)": a median time and its spread over the runs. */
const timeText = (runs: RunResult[], k: 'firstFrame' | 'firstFrameCpu') => {
  const s = spread(runs.map((r) => r[k] ?? NaN));
  return Number.isNaN(s.median) ? 'n/a' : `${ms(s.median)} (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
};

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function sizesTable(s: NonNullable<Results['sizes']>): string {
  const row = (name: string, b: BuildSize, target?: number) => [
    name,
    kb(b.initial),
    b.lazy ? kb(b.lazy) : '—',
    target ? `≤ ${kb(target)}: ${verdict(b.initial <= target)}` : '',
  ];
  return [
    `Sizes, gzip -9 (${s.date}; initial = main module + its static imports; lazy = loaded on demand)`,
    mdTable(
      ['build', 'initial', 'lazy', 'target'],
      [
        row('ours, self-contained (3 elements + Lit)', s.ours.bundle, TARGETS.bundle),
        row('ours, npm (Lit external)', s.ours.npm, TARGETS.npm),
        row('Shoelace dialog+input+button+select+checkbox', s.shoelace),
        row('Material Web dialog+text field+buttons+select+checkbox', s.material),
      ],
    ),
  ].join('\n');
}

function browserTable(b: NonNullable<Results['browser']>): string {
  const lastRow = (s: SizeResult, k: 'ours' | 'vaadin') =>
    s.lastRowShown![k] ? ms(s[k].median.jumpLast) : 'NEVER SHOWN';
  return [
    `<client-contacts> vs vaadin-grid and the floor (the same first rows as a static table), headless Chromium, medians of ${b.runs} runs (${b.date})`,
    mdTable(
      ['rows', 'first frame ours / vaadin / floor', `ours ÷ vaadin, paired (≤ ${VAADIN_TARGET})`, `ours ÷ floor, paired (≤ ${FLOOR_TARGET})`, 'longest task ours / vaadin', 'one-row update ours / vaadin', 'DOM elements (all nodes) ours / vaadin', 'last row ours / vaadin'],
      b.sizes.map((s) => [
        s.rows.toLocaleString('en'),
        `${ms(s.ours.median.firstFrame)} / ${ms(s.vaadin.median.firstFrame)} / ${ms(s.floor.median.firstFrame)}`,
        `${s.ratio.vaadin.toFixed(2)}: ${verdict(s.ratio.vaadin <= VAADIN_TARGET)}`,
        `${s.ratio.floor.toFixed(2)}: ${verdict(s.ratio.floor <= FLOOR_TARGET)}`,
        `${ms(s.ours.median.longestTask)} / ${ms(s.vaadin.median.longestTask)}`,
        `${ms(s.ours.median.update)} / ${ms(s.vaadin.median.update)}`,
        `${s.ours.median.domElements} (${s.ours.median.domNodes}) / ${s.vaadin.median.domElements} (${s.vaadin.median.domNodes})`,
        s.lastRowShown ? `${lastRow(s, 'ours')} / ${lastRow(s, 'vaadin')}` : '—',
      ]),
    ),
    '',
    'The first frame with its spread (lowest-highest of the runs), in wall time and in the renderer main thread\'s CPU time (which other jobs on the machine do not inflate); ratios paired as above',
    mdTable(
      ['rows', 'wall ours / vaadin / floor', 'ours ÷ vaadin', 'ours ÷ floor', 'CPU ours / vaadin / floor', 'CPU ours ÷ vaadin', 'CPU ours ÷ floor'],
      b.sizes.map((s) => [
        s.rows.toLocaleString('en'),
        `${timeText(s.ours.runs, 'firstFrame')} / ${timeText(s.vaadin.runs, 'firstFrame')} / ${timeText(s.floor.runs, 'firstFrame')}`,
        ratioText(s.ratios?.vaadin),
        ratioText(s.ratios?.floor),
        `${timeText(s.ours.runs, 'firstFrameCpu')} / ${timeText(s.vaadin.runs, 'firstFrameCpu')} / ${timeText(s.floor.runs, 'firstFrameCpu')}`,
        ratioText(s.ratios?.cpuVaadin),
        ratioText(s.ratios?.cpuFloor),
      ]),
    ),
  ].join('\n');
}

/** The CPU time a request of the loaded run took, and the cores that makes at its rate. */
function cpuText(l: LoadRun): string {
  if (!l.cpu) return 'not measured';
  const total = l.cpu.server + (l.cpu.database ?? 0);
  const parts = l.cpu.database === undefined ? ms(l.cpu.server) : `${ms(l.cpu.server)} + ${ms(l.cpu.database)}`;
  return `${parts} (${((total * l.rate) / 1000).toFixed(2)})`;
}

/** An engine, with the date of its figures when an earlier run measured them. */
const engineLabel = (e: EngineResult & { date?: string }) => (e.date ? `${e.engine} (${e.date})` : e.engine);

function serverTable(s: NonNullable<Results['server']>): string {
  const line = (engine: string, what: string, l: LoadRun) => [
    engine,
    what,
    `${l.rate}/s × ${l.seconds} s`,
    l.requests,
    l.non2xx + l.errors,
    ms(l.latency.p50),
    ms(l.latency.p90),
    `${ms(l.latency.p99)}: ${verdict(l.latency.p99 < P99_TARGET && l.non2xx + l.errors === 0)}`,
    ms(l.latency.max),
    l.alone.requests === 0 ? 'none came back in 3 s' : `${ms(l.alone.mean)} / ${ms(l.alone.p99)}`,
    cpuText(l),
    l.loadAverage.toFixed(1),
  ];
  const rows = s.engines.flatMap((e) =>
    'skipped' in e
      ? [[e.engine, `not measured: ${e.skipped}`, '', '', '', '', '', '', '', '', '', '']]
      : [
          line(engineLabel(e), 'page of 50, any offset', e.page),
          line(engineLabel(e), 'search (q), first page', e.search),
          ...(e.sortedSearch ? [line(engineLabel(e), 'search, another order or a status filter', e.sortedSearch)] : []),
          ...(e.sortedList ? [line(engineLabel(e), 'whole list, another order or a status filter', e.sortedList)] : []),
        ],
  );
  return [
    `Reference backend, client ${BIG_CLIENT} with ${s.contacts.toLocaleString('en')} contacts, requests at a steady rate (loadtest), alone: autocannon with 1 connection (${s.date})`,
    mdTable(['engine', 'request', 'rate', 'requests', 'non-2xx + errors', 'p50', 'p90', `p99 (< ${P99_TARGET} ms)`, 'max', 'alone, 1 connection: mean / p99', 'CPU a request: server + database (cores at that rate)', 'load average'], rows),
  ].join('\n');
}

// -- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  // The parts this run skips keep their figures from the last run that measured them.
  const previous: Partial<Results> = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  const results: Results = { machine: { cpus: cpus().length, node: process.version } };
  if (previous.sizes?.ours) results.sizes = previous.sizes;
  if (Array.isArray(previous.browser?.sizes)) results.browser = previous.browser;
  if (Array.isArray(previous.server?.engines)) results.server = previous.server;
  const date = () => new Date().toISOString();

  // Written after each part: a part that fails keeps the ones measured before it.
  const save = () => writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  if (!SKIP.has('build')) {
    log('== npm run build');
    if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  }
  if (!SKIP.has('sizes')) {
    log('== sizes (gzip -9)');
    results.sizes = { date: date(), ours: ourSizes(), shoelace: await peerSize('shoelace'), material: await peerSize('material') };
    save();
  }
  if (!SKIP.has('browser')) {
    const cases = await browserRuns(COUNTS, RUNS);
    results.browser = { date: date(), runs: RUNS, sizes: cases.map(summarise) };
    save();
  }
  if (!SKIP.has('load')) {
    const engines = await loadRuns(ENGINES, { contacts: CONTACTS, seconds: LOAD_SECONDS, pageRate: PAGE_RATE, searchRate: SEARCH_RATE });
    // An engine this run leaves out keeps its figures, and the date they were measured, from the last run of it.
    const at = previous.server?.date;
    const kept = (previous.server?.engines ?? [])
      .filter((e) => !ENGINES.includes(e.engine) && !('skipped' in e) && previous.server?.contacts === CONTACTS)
      .map((e) => ('date' in e && e.date ? e : { ...e, date: at }));
    const order = (e: { engine: EngineName }) => ['sqlite', 'postgres'].indexOf(e.engine);
    results.server = { date: date(), contacts: CONTACTS, engines: [...kept, ...engines].sort((a, b) => order(a) - order(b)) };
  }

  save();
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  const out: string[] = [];
  if (results.sizes) out.push(sizesTable(results.sizes));
  if (results.browser) {
    out.push(browserTable(results.browser));
    const cases: Case[] = results.browser.sizes.map((s) => ({ n: s.rows, ours: s.ours.runs, vaadin: s.vaadin.runs, floor: s.floor.runs }));
    writeFileSync(CHARTS.firstFrame, firstFrameChart(cases, `${results.browser.runs} runs per size, ${results.browser.date.slice(0, 10)}, ${results.machine.cpus} cores`));
  }
  if (results.server) {
    out.push(serverTable(results.server));
    writeFileSync(CHARTS.server, serverChart(results.server.engines, `${results.server.contacts.toLocaleString('en')} contacts, ${results.server.date.slice(0, 10)}, ${results.machine.cpus} cores`));
  }
  console.log(out.join('\n\n'));
  console.log('\n(bench/results.json has every run; charts: docs/bench-first-frame.svg, docs/bench-server.svg)');
}

await main();
