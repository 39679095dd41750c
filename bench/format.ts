/** Small helpers shared by the bench's modules: medians and the printed figures. */
import { KB } from './sizes.js';

/** The median of the numbers that are not NaN (NaN when none). */
export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
/** Milliseconds; "n/a" for NaN (null once read back from results.json). */
export const ms = (n: number | null) => (n === null || Number.isNaN(n) ? 'n/a' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);
export const log = (s: string) => process.stderr.write(`${s}\n`);

export function mdTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
