/**
 * The conformance kit as a host runs it: the built command
 * (`dist/conformance.js`, its own process) against our server (`server/main.ts`,
 * its own process, as `npm start` runs it). Our server passes it, with the
 * service token and with a staff session cookie; where the optional host
 * operations are missing, they are skipped; behind a proxy that drops
 * `ETag`, exactly the ETag / If-Match checks fail; behind a proxy that answers
 * refusals without problem details, exactly the refusal checks fail.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECKS } from '../../conformance/checks.js';
import { startServer, type RunningServer } from '../e2e/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const KIT = join(ROOT, 'dist', 'conformance.js');
const TOKEN = 'conformance-test-token-7c1d9e';
const STAFF_PASSWORD = 'staff password for the conformance test';
const CLIENT = '8005551';

interface KitRun {
  code: number | null;
  stdout: string;
  runId: string;
  /** Check id → ok / FAIL / skip, as printed. */
  lines: Map<string, string>;
  closing: string;
}

function runKit(args: string[], kit = KIT): Promise<KitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kit, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const lines = new Map<string, string>();
      for (const m of stdout.matchAll(/^(ok  |FAIL|skip) ([\w.-]+): /gm)) {
        assert.ok(!lines.has(m[2]!), `${m[2]} printed twice`);
        lines.set(m[2]!, m[1]!.trim());
      }
      const all = stdout.trimEnd().split('\n');
      resolve({ code, stdout: stdout + stderr, runId: /run (\w+)/.exec(stdout)?.[1] ?? '', lines, closing: all[all.length - 1] ?? '' });
    });
  });
}

function idsWith(status: string, run: KitRun): string[] {
  return [...run.lines].filter(([, s]) => s === status).map(([id]) => id);
}

type Rewritten = { status: number; headers: Headers; body: string };

/** A reverse proxy in front of `target` that rewrites every answer with `change`, or answers itself when `answer` says so. */
async function proxy(
  target: string,
  change: (answer: Rewritten) => Rewritten,
  answer: (method: string, url: string) => Rewritten | undefined = () => undefined,
): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const own = answer(req.method ?? 'GET', req.url ?? '/');
    if (own) {
      for await (const _ of req);
      res.writeHead(own.status, Object.fromEntries(own.headers)).end(own.body);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !['host', 'connection', 'content-length'].includes(k)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    });
    const out = change({ status: upstream.status, headers: new Headers(upstream.headers), body: await upstream.text() });
    out.headers.delete('content-length');
    out.headers.delete('content-encoding');
    out.headers.delete('transfer-encoding');
    res.writeHead(out.status, Object.fromEntries(out.headers));
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the conformance kit against our server', () => {
  let server: RunningServer;
  let dir: string;
  const api = () => `${server.base}/api/v1`;
  const tokenArgs = (base: string) => ['--base-url', `${base}/api/v1`, '--token', TOKEN, '--client-id', CLIENT];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'client-access-conformance-'));
    server = await startServer({ API_TOKEN: TOKEN, DEMO_LOGIN: 'off', DEMO_STAFF_PASSWORD: STAFF_PASSWORD });
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** How many of a run's contacts are left. */
  async function leftOver(runId: string): Promise<number> {
    assert.match(runId, /^ck[0-9a-f]{8}$/);
    const res = await fetch(`${api()}/clients/${CLIENT}/contacts?q=${runId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return ((await res.json()) as { total: number }).total;
  }

  it('passes with the service token: one line per check, the closing count, JUnit XML, its contacts deleted', async () => {
    // As the package ships it (package.json's bin and files), alone: no node_modules anywhere above it.
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    assert.equal(pkg.bin['client-access-conformance'], './dist/conformance.js');
    assert.ok(pkg.files.includes('dist') && pkg.files.includes('openapi.yaml'));
    const shipped = join(dir, 'package');
    await mkdir(join(shipped, 'dist'), { recursive: true });
    await copyFile(KIT, join(shipped, 'dist', 'conformance.js'));
    await copyFile(join(ROOT, 'openapi.yaml'), join(shipped, 'openapi.yaml'));
    const junitFile = join(dir, 'junit.xml');
    const run = await runKit([...tokenArgs(server.base), '--junit', junitFile], join(shipped, 'dist', 'conformance.js'));
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual([...run.lines.keys()], CHECKS.map((c) => c.id), 'every check, in order, once');
    const cookieOnly = CHECKS.filter((c) => c.cookie).map((c) => c.id);
    assert.deepEqual(idsWith('skip', run), cookieOnly);
    assert.deepEqual(idsWith('FAIL', run), []);
    assert.equal(run.closing, `${CHECKS.length - cookieOnly.length} passed, 0 failed`);
    const xml = await readFile(junitFile, 'utf8');
    assert.match(xml, new RegExp(`<testsuite name="client-access-conformance" tests="${CHECKS.length}" failures="0" errors="0" skipped="${cookieOnly.length}"`));
    assert.equal(xml.match(/<testcase /g)?.length, CHECKS.length);
    assert.equal(await leftOver(run.runId), 0);
  });

  it('passes with a staff session cookie, the cookie cross-site checks included (the service-token ones skipped)', async () => {
    const signIn = await fetch(`${api()}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
      body: JSON.stringify({ userCode: 'demo', password: STAFF_PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const run = await runKit(['--base-url', api(), '--header', `Cookie: ${cookie}`, '--client-id', CLIENT]);
    assert.equal(run.code, 0, run.stdout);
    const tokenOnly = CHECKS.filter((c) => c.serviceToken).map((c) => c.id);
    assert.deepEqual(idsWith('skip', run), tokenOnly, 'only the service-token operations are skipped');
    assert.ok(CHECKS.filter((c) => c.cookie).every((c) => run.lines.get(c.id) === 'ok'));
    assert.equal(run.closing, `${CHECKS.length - tokenOnly.length} passed, 0 failed`);
    assert.equal(await leftOver(run.runId), 0);
  });

  it('skips the optional host operations where a backend does not offer them (404), and passes the rest', async () => {
    const front = await proxy(server.base, (a) => a, (method, url) =>
      (method === 'PUT' && /^\/api\/v1\/clients\/[^/]+$/.test(url)) || url === '/api/v1/host-tokens'
        ? { status: 404, headers: new Headers({ 'content-type': 'application/problem+json' }), body: '{"type":"about:blank","title":"Not Found","status":404}' }
        : undefined,
    );
    try {
      const run = await runKit(tokenArgs(front.base));
      assert.equal(run.code, 0, run.stdout);
      const skipped = CHECKS.filter((c) => c.cookie || c.id.startsWith('clients.provision') || c.id.startsWith('host-tokens.')).map((c) => c.id);
      assert.ok(skipped.length >= 8);
      assert.deepEqual(idsWith('skip', run).sort(), skipped.sort());
      assert.match(run.stdout, /skip host-tokens\.mint: .*answered 404: not offered/);
    } finally {
      await front.close();
    }
  });

  it('behind a proxy that drops ETag: exactly the ETag / If-Match checks fail', async () => {
    const front = await proxy(server.base, (a) => {
      a.headers.delete('etag');
      return a;
    });
    try {
      const run = await runKit(tokenArgs(front.base));
      const etag = CHECKS.filter((c) => c.etag).map((c) => c.id);
      assert.ok(etag.length >= 6);
      assert.equal(run.code, 1);
      assert.deepEqual(idsWith('FAIL', run), etag, run.stdout);
      assert.match(run.stdout, /FAIL contacts\.get\.etag: .*no ETag header/);
      const skipped = CHECKS.filter((c) => c.cookie).length;
      assert.equal(run.closing, `${CHECKS.length - etag.length - skipped} passed, ${etag.length} failed`);
      assert.equal(await leftOver(run.runId), 0, 'the clean-up ran after the failures');
    } finally {
      await front.close();
    }
  });

  it('behind a proxy that answers refusals without problem details: exactly the refusal checks fail', async () => {
    const front = await proxy(server.base, (a) => {
      if (a.status < 400) return a;
      const headers = new Headers(a.headers);
      headers.set('content-type', 'text/plain; charset=utf-8');
      return { status: a.status, headers, body: 'Refused.' };
    });
    try {
      const run = await runKit(tokenArgs(front.base));
      const refusals = CHECKS.filter((c) => c.refusal && !c.cookie).map((c) => c.id);
      assert.ok(refusals.length >= 15);
      assert.equal(run.code, 1);
      assert.deepEqual(idsWith('FAIL', run), refusals, run.stdout);
      assert.match(run.stdout, /FAIL contacts\.create\.required: .*not problem details as declared: Content-Type is "text\/plain; charset=utf-8", not application\/problem\+json/);
      assert.equal(await leftOver(run.runId), 0);
    } finally {
      await front.close();
    }
  });
});
