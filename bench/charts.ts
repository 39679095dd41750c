/**
 * The bench's figures drawn as SVG files, by hand (a few lines, no chart
 * library): first frame against rows (log–log, per-run dots and the medians'
 * lines), and the server's latency percentiles per engine (log scale, the
 * 20 ms target).
 */
import type { Case } from './browser.js';
import { median } from './format.js';
import type { EngineResult, EngineSkipped } from './load.js';

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const COLOURS = { ours: '#0b5cad', vaadin: '#b45309', floor: '#4b5563' } as const;
const NAMES = { ours: '<client-contacts>', vaadin: 'vaadin-grid', floor: 'floor (static table)' } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (n: number) => Math.round(n * 10) / 10;

/** A log scale from [lo, hi] to [a, b], widened to whole powers of ten. */
function logScale(lo: number, hi: number, a: number, b: number) {
  const l0 = Math.floor(Math.log10(lo));
  const l1 = Math.max(l0 + 1, Math.ceil(Math.log10(hi)));
  const at = (v: number) => round(a + ((Math.log10(v) - l0) / (l1 - l0)) * (b - a));
  const ticks: number[] = [];
  for (let p = l0; p <= l1; p++) for (const m of [1, 2, 5]) if (m * 10 ** p <= 10 ** l1) ticks.push(m * 10 ** p);
  return { at, ticks };
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** First frame (ms) against rows, ours / vaadin-grid / the floor. */
export function firstFrameChart(cases: Case[], subtitle: string): string {
  const W = 640;
  const H = 400;
  const L = 60;
  const R = W - 170;
  const T = 50;
  const B = H - 50;
  const all = cases.flatMap((c) => [...c.ours, ...c.vaadin, ...c.floor].map((r) => r.firstFrame)).filter((x) => x > 0);
  const floors = cases.map((c) => median(c.floor.map((r) => r.firstFrame)));
  const y = logScale(Math.min(...all), Math.max(...all, ...floors.map((f) => 1.5 * f)), B, T);
  const ns = cases.map((c) => c.n);
  // Rows: an even spacing of the sizes measured, on a log axis when they span decades.
  const x = ns.length > 1 ? logScale(Math.min(...ns), Math.max(...ns), L + 30, R - 30) : { at: () => (L + R) / 2, ticks: [] };
  const body: string[] = [`<text x="${W / 2}" y="36" text-anchor="middle" fill="#52606d">${esc(subtitle)}</text>`];
  for (const t of y.ticks) {
    body.push(`<line x1="${L}" x2="${R}" y1="${y.at(t)}" y2="${y.at(t)}" stroke="#e5e7eb"/>`);
    body.push(`<text x="${L - 6}" y="${y.at(t) + 4}" text-anchor="end">${t}</text>`);
  }
  body.push(`<text transform="translate(16 ${(T + B) / 2}) rotate(-90)" text-anchor="middle">first frame (ms, log)</text>`);
  for (const n of ns) body.push(`<text x="${x.at(n)}" y="${B + 18}" text-anchor="middle">${label(n)}</text>`);
  body.push(`<text x="${(L + R) / 2}" y="${B + 38}" text-anchor="middle">rows (log)</text>`);
  body.push(`<line x1="${L}" x2="${R}" y1="${B}" y2="${B}" stroke="#9ca3af"/><line x1="${L}" x2="${L}" y1="${T}" y2="${B}" stroke="#9ca3af"/>`);
  (['ours', 'vaadin', 'floor'] as const).forEach((k, i) => {
    const colour = COLOURS[k];
    for (const c of cases) {
      for (const r of c[k]) if (r.firstFrame > 0) body.push(`<circle cx="${x.at(c.n)}" cy="${y.at(r.firstFrame)}" r="2.5" fill="${colour}" fill-opacity="0.35"/>`);
    }
    const points = cases.map((c) => `${x.at(c.n)},${y.at(median(c[k].map((r) => r.firstFrame)))}`);
    body.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    if (k === 'floor') {
      // Our target: at most 1.5 × the floor's first frame.
      const target = cases.map((c) => `${x.at(c.n)},${y.at(1.5 * median(c.floor.map((r) => r.firstFrame)))}`);
      body.push(`<polyline points="${target.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    }
    for (const p of points) body.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="4" fill="${colour}"/>`);
    body.push(`<line x1="${R + 16}" x2="${R + 36}" y1="${T + 10 + i * 20}" y2="${T + 10 + i * 20}" stroke="${colour}" stroke-width="2"/>`);
    body.push(`<text x="${R + 42}" y="${T + 14 + i * 20}">${esc(NAMES[k])}</text>`);
  });
  body.push(`<line x1="${R + 16}" x2="${R + 36}" y1="${T + 70}" y2="${T + 70}" stroke="${COLOURS.floor}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  body.push(`<text x="${R + 42}" y="${T + 74}">target: 1.5 × floor</text>`);
  body.push(`<text x="${R + 16}" y="${T + 100}" fill="#52606d">lines: medians;</text><text x="${R + 16}" y="${T + 116}" fill="#52606d">dots: each run</text>`);
  return frame(W, H, 'First frame against rows (headless Chromium)', body);
}

/** Latency percentiles (ms) per engine, for a page at any offset and for searches; the 20 ms target. */
export function serverChart(engines: (EngineResult | EngineSkipped)[], subtitle: string): string {
  const ran = engines.filter((e): e is EngineResult => !('skipped' in e));
  const groups = ran.flatMap((e) => [
    { name: `${e.engine}, page (${e.page.rate}/s)`, run: e.page },
    { name: `${e.engine}, search (${e.search.rate}/s)`, run: e.search },
    ...(e.sortedSearch ? [{ name: `${e.engine}, other orders (${e.sortedSearch.rate}/s)`, run: e.sortedSearch }] : []),
    ...(e.sortedList ? [{ name: `${e.engine}, list, other orders (${e.sortedList.rate}/s)`, run: e.sortedList }] : []),
  ]);
  const W = Math.max(640, 80 + groups.length * 115);
  const H = 400;
  const L = 60;
  const R = W - 20;
  const T = 50;
  const B = H - 70;
  const values = groups.flatMap((g) => [g.run.latency.p50, g.run.latency.p90, g.run.latency.p99]);
  const y = logScale(1, Math.max(20, ...values), B, T);
  const body: string[] = [`<text x="${W / 2}" y="36" text-anchor="middle" fill="#52606d">${esc(subtitle)}</text>`];
  for (const t of y.ticks) {
    body.push(`<line x1="${L}" x2="${R}" y1="${y.at(t)}" y2="${y.at(t)}" stroke="#e5e7eb"/>`);
    body.push(`<text x="${L - 6}" y="${y.at(t) + 4}" text-anchor="end">${t}</text>`);
  }
  body.push(`<text transform="translate(16 ${(T + B) / 2}) rotate(-90)" text-anchor="middle">latency (ms, log)</text>`);
  body.push(`<line x1="${L}" x2="${R}" y1="${y.at(20)}" y2="${y.at(20)}" stroke="#b42318" stroke-dasharray="6 4"/>`);
  body.push(`<text x="${L + 4}" y="${y.at(20) - 4}" fill="#b42318">target: p99 &lt; 20 ms</text>`);
  const shades = ['#93c5fd', '#3b82f6', '#1e3a8a'];
  const slot = (R - L) / Math.max(1, groups.length);
  groups.forEach((g, i) => {
    const bar = Math.min(28, slot / 4);
    const x0 = L + i * slot + (slot - 3 * bar) / 2;
    ([g.run.latency.p50, g.run.latency.p90, g.run.latency.p99] as const).forEach((v, j) => {
      const top = y.at(Math.max(v, y.ticks[0]!));
      body.push(`<rect x="${round(x0 + j * bar)}" y="${top}" width="${round(bar - 2)}" height="${round(B - top)}" fill="${shades[j]}"><title>${['p50', 'p90', 'p99'][j]}: ${v} ms</title></rect>`);
    });
    body.push(`<text x="${round(L + i * slot + slot / 2)}" y="${B + 16}" text-anchor="middle">${esc(g.name.split(', ')[0]!)}</text>`);
    body.push(`<text x="${round(L + i * slot + slot / 2)}" y="${B + 30}" text-anchor="middle">${esc(g.name.split(', ')[1]!)}</text>`);
  });
  ['p50', 'p90', 'p99'].forEach((p, j) => {
    body.push(`<rect x="${L + j * 60}" y="${H - 22}" width="12" height="12" fill="${shades[j]}"/><text x="${L + 16 + j * 60}" y="${H - 12}">${p}</text>`);
  });
  const skipped = engines.filter((e): e is EngineSkipped => 'skipped' in e);
  if (skipped.length) body.push(`<text x="${L + 200}" y="${H - 12}" fill="#52606d">not measured: ${esc(skipped.map((s) => s.engine).join(', '))}</text>`);
  if (!groups.length) body.push(`<text x="${W / 2}" y="${(T + B) / 2}" text-anchor="middle">no engine measured</text>`);
  return frame(W, H, 'Reference backend under load: latency percentiles', body);
}
