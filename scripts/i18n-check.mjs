// Extracts the messages, builds the locale modules, and fails when a
// translation is missing (lit-localize itself only warns).
import { spawnSync } from 'node:child_process';

function run(...args) {
  const r = spawnSync('npx', ['lit-localize', ...args], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) {
    console.error(out);
    process.exit(1);
  }
  return out;
}

run('extract');
const missing = run('build')
  .split('\n')
  .filter((l) => /missing/.test(l));
if (missing.length) {
  console.error(`Missing translations (add a <target> in xliff/*.xlf):\n${missing.join('\n')}`);
  process.exit(1);
}
console.log('i18n: every message is translated.');
