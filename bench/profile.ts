/**
 * `npx tsx bench/profile.ts [ours|vaadin|floor] [rows] [runs]`: where a first
 * frame goes. Traces runs of the bench's page in Chromium and prints, between
 * the harness's marks `bench:create` and `bench:first-frame`, the main
 * thread's CPU time per trace event (script, style, layout, paint, fonts…:
 * self time in thread time, which other jobs on a busy machine do not
 * inflate, unlike the first frame's wall time) and the requests made
 * meanwhile; medians over the runs. BENCH_TRACE_CATEGORIES (comma-separated)
 * replaces the trace's categories (e.g. add `ipc,mojom,base` to see the
 * main thread's waits on the browser process).
 * Not part of `npm run bench`: a tool for looking into a figure.
 */
import { writeFileSync } from 'node:fs';
import { log, median, ms } from './format.js';
import { openLab, type Table, type TraceEvent } from './browser.js';

const table = (process.argv[2] ?? 'ours') as Table;
const n = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 5);

/**
 * Self time (ms) per event name on the main thread within [t0, t1] (µs), and the busy total;
 * thread (CPU) time, not wall time, so that other jobs on the machine do not count.
 */
function selfTimes(events: TraceEvent[], t0: number, t1: number): { self: Map<string, number>; busy: number } {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts < t1 && e.ts + e.dur > t0)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  let busy = 0;
  // The share of an event inside the window, in thread time (its wall time when it has none).
  const clip = (e: TraceEvent, end: number) => {
    const inside = Math.max(0, Math.min(end, t1) - Math.max(e.ts, t0));
    return e.tdur !== undefined && e.dur ? (inside * e.tdur) / e.dur : inside;
  };
  const pop = () => {
    const top = stack.pop()!;
    const all = clip(top.e, top.end);
    self.set(top.e.name, (self.get(top.e.name) ?? 0) + Math.max(0, all - top.child) / 1000);
    if (stack.length) stack[stack.length - 1]!.child += all;
    else busy += all / 1000;
  };
  for (const e of spans) {
    while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
  }
  while (stack.length) pop();
  return { self, busy };
}

async function main(): Promise<void> {
  const lab = await openLab();
  const perRun: { total: number; busy: number; self: Map<string, number>; requests: string[] }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await lab.open(table);
      await lab.browser.startTracing(page, {
        categories: (process.env['BENCH_TRACE_CATEGORIES'] ?? 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,loading,blink,fonts').split(','),
      });
      await page.evaluate(({ table, n }) => window.bench.run(table, n), { table, n });
      const buffer = await lab.browser.stopTracing();
      await page.close();
      const events = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
      const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('user_timing'));
      const create = mark('bench:create');
      const first = mark('bench:first-frame');
      if (!create || !first) throw new Error('the marks are not in the trace');
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === create.pid);
      const mainEvents = events.filter((e) => e.pid === create.pid && e.tid === (main?.tid ?? create.tid));
      const { self, busy } = selfTimes(mainEvents, create.ts, first.ts);
      const requests = events
        .filter((e) => e.name === 'ResourceSendRequest' && e.ts >= create.ts && e.ts <= first.ts)
        .map((e) => `${((e.ts - create.ts) / 1000).toFixed(1)} ms: ${e.args?.data?.url ?? '?'}`);
      perRun.push({ total: (first.ts - create.ts) / 1000, busy, self, requests });
      if (i === 0) writeFileSync(`/tmp/bench-profile-${table}-${n}.json`, buffer);
      log(`run ${i + 1}: first frame ${ms((first.ts - create.ts) / 1000)}, main thread CPU ${ms(busy)}`);
    }
  } finally {
    await lab.close();
  }
  const names = new Set(perRun.flatMap((r) => [...r.self.keys()]));
  const rows = [...names]
    .map((name) => ({ name, t: median(perRun.map((r) => r.self.get(name) ?? 0)) }))
    .filter((r) => r.t >= 0.2)
    .sort((a, b) => b.t - a.t);
  console.log(`${table}, ${n} rows, medians of ${runs} traced runs: first frame ${ms(median(perRun.map((r) => r.total)))}, main thread CPU ${ms(median(perRun.map((r) => r.busy)))} (the rest: waiting, for a core or for work)`);
  for (const r of rows) console.log(`  ${r.t.toFixed(1).padStart(6)} ms  ${r.name}`);
  console.log('requests during the first frame (first run):');
  for (const r of perRun[0]!.requests) console.log(`  ${r}`);
  console.log(`(the first run's trace: /tmp/bench-profile-${table}-${n}.json, opens in chrome://tracing or Perfetto)`);
}

await main();
