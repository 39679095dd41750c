/**
 * The server part of `npm run bench`: the reference backend (server/main.ts,
 * a child process) on each engine with a client of `contacts` contacts, then
 * requests at a steady rate against it (loadtest: one every 1/rate s, sent
 * whether the ones before have come back or not) — a page of 50 at any
 * offset, and a search (`q`) — and autocannon with one connection for what a
 * request costs alone; both from a process of their own (loadgen.ts).
 * Figures only, never assertions: see bench/README.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { log } from './format.js';
import { generate } from './loadgen.js';
import { ROOT } from './sizes.js';

/** The benchmark client of the seed (`SEED_BIG_CLIENT`). */
export const BIG_CLIENT = '8009999';
const PAGE = 50;

export type EngineName = 'sqlite' | 'postgres';

/** A database for one server: the environment that selects it, and how to drop it. */
interface Engine {
  env: Record<string, string>;
  /** What the server must name in its "Serving … database …" line (it ignored the setting otherwise). */
  expect: RegExp;
  close(): Promise<void>;
}

/** An engine this machine or this version cannot run: reported as skipped, not as a failure. */
class Unavailable extends Error {}

async function sqlite(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'cae-bench-'));
  return {
    env: { DATABASE: join(dir, 'bench.sqlite') },
    expect: /bench\.sqlite/,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The server tests' throwaway PostgreSQL cluster (`startCluster`), when this version has it. */
const CLUSTER_HELPER = join(ROOT, 'server/test/postgres.ts');

/**
 * PostgreSQL: `BENCH_DATABASE_URL` (an empty database the bench may fill),
 * else a throwaway cluster started by the server tests' helper. `DATABASE`
 * points at a file of its own too: a server that ignored the URL would seed
 * it rather than the project's database.
 */
async function postgres(): Promise<Engine> {
  if (!readFileSync(join(ROOT, 'server/main.ts'), 'utf8').includes('DATABASE_URL')) {
    throw new Unavailable('this version of the server does not read DATABASE_URL');
  }
  const fallback = await sqlite();
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) return { env: { ...fallback.env, DATABASE_URL: given }, expect: /PostgreSQL/, close: fallback.close };
  if (!existsSync(CLUSTER_HELPER)) {
    await fallback.close();
    throw new Unavailable('no BENCH_DATABASE_URL, and no throwaway-cluster helper (server/test/postgres.ts) in this version');
  }
  const { startCluster } = (await import(pathToFileURL(CLUSTER_HELPER).href)) as {
    startCluster(): Promise<{ url: string; stop(): void }>;
  };
  let cluster: { url: string; stop(): void };
  try {
    cluster = await startCluster();
  } catch (e) {
    await fallback.close();
    throw new Unavailable(`no PostgreSQL cluster: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    env: { ...fallback.env, DATABASE_URL: cluster.url },
    expect: /PostgreSQL/,
    close: async () => {
      cluster.stop();
      await fallback.close();
    },
  };
}

const ENGINES: Record<EngineName, () => Promise<Engine>> = { sqlite, postgres };

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadRun {
  /**
   * How the loaded run's requests arrive: `steady`, one every 1/rate s
   * (loadtest, from 2026-12-03); absent in earlier runs: autocannon's rate,
   * where each of 10 connections sends its share of a second back to back at
   * the second's start, then waits (bursts of the whole second's requests).
   */
  arrivals?: 'steady';
  /** One connection, one request after the other for 3 s: what a request costs the server alone (ms; NaN when none came back). */
  alone: { requests: number; mean: number; p99: number };
  /** The machine's 1-minute load average before the run (2 cores: above 2, others compete for the CPU). */
  loadAverage: number;
  rate: number;
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  latency: Latency;
  /**
   * CPU time per request of the loaded run (ms): the server process, and the
   * PostgreSQL server's processes on this machine (absent on SQLite, or when
   * the database is elsewhere); absent where /proc is not (Linux only).
   * With the rate, what the run asks of the machine's cores.
   */
  cpu?: { server: number; database?: number };
}

export interface EngineResult {
  engine: EngineName;
  contacts: number;
  /** Seconds from the first server's start to its "Serving" line (the seed of the big client included; a second server is measured). */
  startSeconds: number;
  page: LoadRun;
  search: LoadRun;
  /** A search in another order (e-mail, status, descending) or with a status filter (absent from runs before 2026-12-04). */
  sortedSearch?: LoadRun;
  /**
   * The whole list (no search) in another order or with a status filter, its first page or any page of it
   * (absent from runs before 2026-12-05).
   */
  sortedList?: LoadRun;
}

export interface EngineSkipped {
  engine: EngineName;
  skipped: string;
}

export interface LoadOptions {
  contacts: number;
  seconds: number;
  /** Requests per second: pages, searches. */
  pageRate: number;
  searchRate: number;
}

/** Milliseconds of one clock tick of /proc/<pid>/stat; undefined without /proc. */
const TICK_MS = (() => {
  if (!existsSync('/proc/self/stat')) return undefined;
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
})();

/** The CPU time (user + system, ms) of the process `pid` so far; 0 once it is gone. */
function cpuOf(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS!;
  } catch {
    return 0;
  }
}

/** The CPU time of each PostgreSQL process of this machine (`postgres` and its workers), by pid. */
function databaseCpu(): Map<string, number> {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const comm = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8');
    } catch {
      return '';
    }
  };
  return new Map(pids.filter((pid) => comm(pid).startsWith('postgres')).map((pid) => [pid, cpuOf(pid)]));
}

/** Measures the CPU time that `server` (and the database's processes, `withDatabase`) spend until `stop()`. */
function cpuMeter(server: number, withDatabase: boolean): () => { server: number; database?: number } {
  const server0 = cpuOf(server);
  const database0 = withDatabase ? databaseCpu() : new Map<string, number>();
  return () => {
    const result: { server: number; database?: number } = { server: cpuOf(server) - server0 };
    if (withDatabase && database0.size > 0) {
      // (a process that ended meanwhile is not counted: the pool keeps its connections through a run)
      result.database = [...databaseCpu()].reduce((sum, [pid, ms]) => sum + ms - (database0.get(pid) ?? 0), 0);
    }
    return result;
  };
}

/**
 * Resolves once the server (and, `withDatabase`, the database's processes) spent less than 5 % of a core
 * over half a second: an overloaded run leaves its queue behind, and the next measure must not inherit it
 * (gives up after two minutes).
 */
async function idle(server: number, withDatabase: boolean): Promise<void> {
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    const meter = cpuMeter(server, withDatabase);
    await new Promise((r) => setTimeout(r, 500));
    const spent = meter();
    if (spent.server + (spent.database ?? 0) < 25) return;
  }
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

/** Search terms as users type them: word prefixes of names, e-mail prefixes, taken from real rows. */
function termsOf(rows: { name: string; email: string }[]): string[] {
  const terms: string[] = [];
  rows.forEach((c, i) => {
    const words = c.name.split(/\s+/).filter((w) => w.length > 2);
    const word = words[i % Math.max(1, words.length)];
    if (word) terms.push(word.slice(0, 3 + (i % 3)));
    terms.push(c.email.slice(0, Math.min(c.email.indexOf('@'), 6 + (i % 10))));
  });
  return terms.filter(Boolean);
}

/** Runs the server on `name` and measures it; the server and its database are gone afterwards. */
export async function loadEngine(name: EngineName, o: LoadOptions): Promise<EngineResult> {
  const engine = await ENGINES[name]();
  const token = randomBytes(24).toString('hex');
  const started = performance.now();
  // The demo mode, whatever this process has: Vite's build (the sizes) sets NODE_ENV=production here.
  const { NODE_ENV: _mode, ...inherited } = process.env;
  const start = () =>
    spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: {
        ...inherited,
        ...engine.env,
        PORT: '0',
        SEED_BIG_CLIENT: String(o.contacts),
        API_TOKEN: token,
        DEMO_LOGIN: 'off',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const serving = /Serving (http:\/\/[\d.]+:\d+)\/.*/;
  // The first start seeds the big client; the server measured is a second one on that database, as a deployment
  // runs it (not the process that has just made a million rows, with their garbage still in its heap).
  let child = start();
  try {
    const seeded = await waitForLine(child, serving, 1_800_000);
    if (!engine.expect.test(seeded)) throw new Error(`the server did not take the ${name} database: ${seeded}`);
    const startSeconds = (performance.now() - started) / 1000;
    await stop(child);
    child = start();
    const line = await waitForLine(child, serving, 300_000);
    const base = line.match(/http:\/\/[\d.]+:\d+/)![0];
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const list = (query: string) => `/api/v1/clients/${BIG_CLIENT}/contacts?limit=${PAGE}&${query}`;
    const get = async (path: string) => {
      const r = await fetch(base + path, { headers });
      if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { total: number; items: { name: string; email: string }[] };
    };
    const total = (await get(list('offset=0'))).total;
    const pages = Math.max(1, Math.floor(total / PAGE));
    const randomPage = () => list(`offset=${Math.floor(Math.random() * pages) * PAGE}`);
    const samples = [];
    for (let i = 0; i < 10; i++) samples.push(...(await get(randomPage())).items);
    const terms = termsOf(samples);
    const randomSearch = () => list(`offset=0&q=${encodeURIComponent(terms[Math.floor(Math.random() * terms.length)]!)}`);
    // As a clerk sorts by a column or picks a status, then types.
    const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!;
    const orders = ['-name', 'email', '-email', 'accessStatus', '-accessStatus'] as const;
    const filters = ['', '', '&accessStatus=none', '&accessStatus=active', '&accessStatus=invited'] as const;
    const randomSortedSearch = () => `${randomSearch()}&sort=${pick(orders)}${pick(filters)}`;
    // The same orders and filters on the whole list, as a clerk sees it before typing: its first page half the time
    // (the one shown when they are picked), else any page of it (scrolled to).
    const listed = await Promise.all(
      orders.flatMap((sort) => [...new Set(filters)].map(async (filter) => ({ query: `sort=${sort}${filter}`, total: (await get(list(`sort=${sort}${filter}`))).total }))),
    );
    const randomSortedList = () => {
      const { query, total } = pick(listed);
      const offset = Math.random() < 0.5 ? 0 : Math.floor(Math.random() * Math.max(1, Math.ceil(total / PAGE))) * PAGE;
      return list(`${query}&offset=${offset}`);
    };

    /** `count` paths chosen by `path`, for the load generator to take in turn. */
    const paths = (path: () => string, count: number) => Array.from({ length: count }, path);
    // (at most about 5,000 requests a second alone, on one connection)
    const cannon = (path: () => string, seconds: number, connections: number) =>
      generate({ kind: 'cannon', base, headers, paths: paths(path, seconds * 5_000), seconds, connections });
    const steady = (path: () => string, seconds: number, rate: number) =>
      generate({ kind: 'steady', base, headers, paths: paths(path, Math.ceil(seconds * rate * 1.1)), seconds, rate });
    const measure = async (what: string, path: () => string, rate: number): Promise<LoadRun> => {
      log(`   ${name}: ${what}, ${rate} req/s for ${o.seconds} s`);
      await steady(path, 3, rate); // warm-up: connections, JIT, page cache
      // Slow requests outlive a run (the warm-up's, the last measure's): wait until the server is through them.
      const settled = () => (TICK_MS === undefined || child.pid === undefined ? get(path()) : idle(child.pid, name === 'postgres'));
      await settled();
      const alone = await cannon(path, 3, 1);
      await settled();
      const loadAverage = loadavg()[0]!;
      const meter = TICK_MS === undefined || child.pid === undefined ? undefined : cpuMeter(child.pid, name === 'postgres');
      const r = await steady(path, o.seconds, rate);
      const spent = meter?.();
      const perRequest = (ms: number) => (r.requests ? ms / r.requests : NaN);
      return {
        arrivals: 'steady',
        alone: alone.requests ? alone : { requests: 0, mean: NaN, p99: NaN },
        loadAverage,
        rate,
        seconds: o.seconds,
        ...r,
        ...(spent && {
          cpu: { server: perRequest(spent.server), ...(spent.database !== undefined && { database: perRequest(spent.database) }) },
        }),
      };
    };
    const page = await measure('a page of 50 at any offset', randomPage, o.pageRate);
    const search = await measure(`a search (q, ${terms.length} terms)`, randomSearch, o.searchRate);
    const sortedSearch = await measure('a search in another order or with a status filter', randomSortedSearch, o.searchRate);
    const sortedList = await measure('the whole list in another order or with a status filter', randomSortedList, o.searchRate);
    return { engine: name, contacts: total, startSeconds, page, search, sortedSearch, sortedList };
  } finally {
    await stop(child);
    await engine.close();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
}

/** Each engine in turn; one that cannot run is reported as skipped, with why. */
export async function loadRuns(engines: EngineName[], o: LoadOptions): Promise<(EngineResult | EngineSkipped)[]> {
  const results: (EngineResult | EngineSkipped)[] = [];
  for (const name of engines) {
    log(`== load on ${name}: ${o.contacts.toLocaleString('en')} contacts (seeded at the server's start)`);
    try {
      results.push(await loadEngine(name, o));
    } catch (e) {
      if (!(e instanceof Unavailable)) throw e;
      log(`   ${name}: SKIPPED — ${e.message}`);
      results.push({ engine: name, skipped: e.message });
    }
  }
  return results;
}
