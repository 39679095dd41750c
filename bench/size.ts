/**
 * `npm run size`: gzip -9 sizes of the built modules (run after `npm run
 * build`), checked against the issue's targets and against the budgets of
 * bench/size-budget.json. Fails above a budget (a regression); reports the
 * targets, and fails above them too once the budgets reach them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB, ROOT, TARGETS, ourSizes, type BuildSize } from './sizes.js';

const budgets = JSON.parse(readFileSync(join(ROOT, 'bench', 'size-budget.json'), 'utf8')) as Record<'bundle' | 'npm', number>;
const sizes = ourSizes();
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
let failed = false;
for (const [name, label] of [
  ['bundle', 'self-contained (Lit inside)'],
  ['npm', 'npm build (Lit external)'],
] as const) {
  const s: BuildSize = sizes[name];
  const budget = budgets[name];
  const target = TARGETS[name];
  const over = s.initial > budget;
  failed ||= over;
  console.log(
    `${over ? 'FAIL' : 'ok  '} ${label}: initial ${kb(s.initial)} (budget ${kb(budget)}, target ${kb(target)}${
      s.initial > target ? `: ${kb(s.initial - target)} over the target` : ': within the target'
    }); lazy ${kb(s.lazy)}`,
  );
  for (const f of s.files) console.log(`       ${f.initial ? 'initial' : 'lazy   '} ${kb(f.gzip).padStart(8)}  ${f.file}`);
}
if (failed) {
  console.error('Size budget exceeded: make it smaller (or, if the growth is worth it, raise bench/size-budget.json in the same commit, saying why).');
  process.exit(1);
}
