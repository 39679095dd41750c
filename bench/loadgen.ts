/**
 * The load generator of bench/load.ts, in a process of its own: it reads one
 * job (JSON) on its standard input, sends its requests and writes what it
 * measured (JSON) on its standard output.
 *
 * Its own process, because latencies are measured where the answers are
 * read, and a pause of that process's garbage collector counts as the
 * server's. The bench's process holds the build and browser tools it has
 * loaded (about 100 MB); under 500 requests/s it marked them every half
 * second, pausing 4-19 ms, and a page's p99 read 17-38 ms where this process
 * read 3-9 ms of the same server. This one holds loadtest and autocannon.
 *
 * The requests' paths are chosen by the bench beforehand and taken in turn
 * (from the first again once all are sent).
 */
import autocannon from 'autocannon';
import { loadTest } from 'loadtest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadRun } from './load.js';

interface Job {
  base: string;
  headers: Record<string, string>;
  paths: string[];
  seconds: number;
}

/** Requests at `rate` a second, evenly spaced, sent whether the ones before have come back or not (loadtest). */
export interface SteadyJob extends Job {
  kind: 'steady';
  rate: number;
}

/** `connections` connections, each sending its next request when the last one came back (autocannon). */
export interface CannonJob extends Job {
  kind: 'cannon';
  connections: number;
}

/** A loaded run's counts and latencies (from each request's sending). */
export type SteadyOutcome = Pick<LoadRun, 'requests' | 'non2xx' | 'errors' | 'latency'>;

export type CannonOutcome = LoadRun['alone'];

/** What loadtest's promise answers (its bundled types predate the promise). */
interface SteadyResult {
  totalRequests: number;
  totalErrors: number;
  errorCodes?: Record<string, number>;
  percentiles: Record<string, number>;
  maxLatencyMs: number;
}

type Load = (options: object) => Promise<SteadyResult>;

/** Runs `job` in a new load generator process. */
export function generate(job: SteadyJob): Promise<SteadyOutcome>;
export function generate(job: CannonJob): Promise<CannonOutcome>;
export function generate(job: SteadyJob | CannonJob): Promise<SteadyOutcome | CannonOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify(job));
  });
}

async function steady(job: SteadyJob): Promise<SteadyOutcome> {
  let next = 0;
  const r = await (loadTest as unknown as Load)({
    url: job.base + job.paths[0],
    maxSeconds: job.seconds,
    requestsPerSecond: job.rate,
    agentKeepAlive: true,
    quiet: true,
    headers: job.headers,
    requestGenerator: (_params: unknown, options: { path: string }, client: (o: unknown, cb: unknown) => { end(): void }, callback: unknown) => {
      options.path = job.paths[next++ % job.paths.length]!;
      const request = client(options, callback);
      request.end();
      return request;
    },
  });
  const codes = Object.entries(r.errorCodes ?? {});
  const non2xx = codes.filter(([code]) => Number(code) >= 300).reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: r.totalRequests,
    non2xx,
    errors: r.totalErrors - non2xx,
    latency: { p50: r.percentiles['50']!, p90: r.percentiles['90']!, p99: r.percentiles['99']!, max: r.maxLatencyMs },
  };
}

async function cannon(job: CannonJob): Promise<CannonOutcome> {
  let next = 0;
  const r = await autocannon({
    url: job.base,
    connections: job.connections,
    duration: job.seconds,
    headers: job.headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: job.paths[next++ % job.paths.length] }) }],
  });
  return { requests: r.requests.total, mean: r.latency.mean, p99: r.latency.p99 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as SteadyJob | CannonJob;
  process.stdout.write(JSON.stringify(job.kind === 'steady' ? await steady(job) : await cannon(job)));
}
