/**
 * `npm run test:server`: the server suite on SQLite, then on PostgreSQL.
 *
 * PostgreSQL: on `DATABASE_URL` when it is set (every test server makes a
 * database of its own there, so the user needs CREATEDB), otherwise on a
 * throwaway cluster started here for the run (postgres.ts). `TEST_ENGINES=sqlite`
 * (or `postgres`) runs one engine only; extra arguments are test files.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from './postgres.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : readdirSync(here).filter((f) => f.endsWith('.test.ts')).sort().map((f) => relative(process.cwd(), join(here, f)));
const engines = (process.env['TEST_ENGINES'] ?? 'sqlite,postgres').split(',').map((e) => e.trim()).filter(Boolean);

// Two files at a time: each test server has a database, a mail sink and ports of its
// own, and a file spends a third of its time loading (one file at a time took 2.5 min
// on SQLite and 3.6 on PostgreSQL on a 2-core machine, two at a time 1.9 and 2.7).
function suite(engine: string, env: Record<string, string>): boolean {
  console.log(`\n== server tests on ${engine}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, TEST_ENGINE: engine, ...env },
  });
  return run.status === 0;
}

let ok = true;
for (const engine of engines) {
  if (engine === 'sqlite') ok = suite('sqlite', {}) && ok;
  else if (engine === 'postgres') {
    if (process.env['DATABASE_URL']) ok = suite('postgres', {}) && ok;
    else {
      const cluster = await startCluster();
      try {
        ok = suite('postgres', { DATABASE_URL: cluster.url }) && ok;
      } finally {
        cluster.stop();
      }
    }
  } else throw new Error(`unknown engine ${engine} (sqlite, postgres)`);
}
process.exit(ok ? 0 : 1);
