/**
 * Safe to deploy (issue 10): the two modes, the Host check, and each break of
 * the security review played as an attack over real HTTP against the real
 * server. Each test fails without its fix.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Contact, Problem } from '../../src/api/types.js';
import { buildApp } from '../app.js';
import { ConfigError, resolveConfig } from '../config.js';
import type { MailSender } from '../mail/transport.js';
import { Agent, signedInContact } from './agents.js';
import { API_TOKEN, MIREILLE, REFERENCE_CLIENT, STAFF_PASSWORD, TEST_HASH_COST, type TestServer, TestDb, countRows, snapshot, startServer, testDatabase } from './harness.js';

/** One raw HTTP/1.1 exchange (any Host header, any URL), so nothing is normalised on the way. */
function raw(base: string, head: string, body = ''): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [headers = '', text = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers: headers.toLowerCase(), body: text });
    });
  });
}

const nullTransport: MailSender = { send: async () => undefined } as unknown as MailSender;

describe('production mode', () => {
  const production = { mode: 'production' as const, apiToken: API_TOKEN, publicUrl: 'https://clients.example.com', smtpUrl: 'smtp://127.0.0.1:2525' };

  it('refuses to start without API_TOKEN, PUBLIC_URL, SMTP_URL, with an http PUBLIC_URL that is not loopback, a pool size that is not 1-1000, or asked to seed a benchmark client; one line says why', () => {
    const without = (name: keyof typeof production) => ({ ...production, [name]: undefined });
    for (const [options, why] of [
      [without('apiToken'), /API_TOKEN/],
      [without('publicUrl'), /PUBLIC_URL/],
      [without('smtpUrl'), /SMTP_URL/],
      [{ ...production, publicUrl: 'http://clients.example.com' }, /https/],
      [{ ...production, bigClientContacts: 3_000 }, /SEED_BIG_CLIENT/],
    ] as const) {
      assert.throws(() => resolveConfig(options), (e: Error) => e instanceof ConfigError && why.test(e.message) && !e.message.includes('\n'));
    }
    for (const databasePoolSize of [0, 1.5, 1001]) {
      assert.throws(() => resolveConfig({ ...production, databasePoolSize }), (e: Error) => e instanceof ConfigError && /DATABASE_POOL_SIZE/.test(e.message));
    }
    assert.equal(resolveConfig({ ...production, publicUrl: 'http://127.0.0.1:8080' }).mode, 'production');
    assert.equal(resolveConfig({ ...production, publicUrl: 'http://localhost:8080' }).mode, 'production');
  });

  it('has no demo data, no staff users, no demo sign-in, no /dev routes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'client-access-prod-'));
    const database = await testDatabase(dir, 'prod');
    const app = await buildApp({
      ...production,
      ...database.options,
      publicUrl: 'http://127.0.0.1',
      allowedHosts: ['127.0.0.1'],
      smtpUrl: undefined,
      mailTransport: nullTransport,
      demoLogin: true,
      demoStaffPassword: STAFF_PASSWORD,
      passwordHashCost: TEST_HASH_COST,
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      assert.equal(await countRows(new TestDb(app.ctx.store), 'clients'), 0);
      assert.equal(await countRows(new TestDb(app.ctx.store), 'staff_users'), 0);
      const home = await fetch(`${base}/`);
      assert.equal(home.headers.getSetCookie().length, 0);
      for (const path of ['/dev/mailbox', '/dev/mailbox.json']) assert.equal((await fetch(base + path)).status, 404, path);
      const signIn = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'x' },
        body: JSON.stringify({ userCode: 'demo', password: STAFF_PASSWORD }),
      });
      assert.equal(signIn.status, 401);
    } finally {
      await app.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the Host check and the demo sign-in (DNS rebinding)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ demoLogin: true, allowedHosts: ['erp.example.com'] });
  });
  after(() => server.close());

  it('answers 421 to a Host that is not this server, before anything else: no staff cookie, no mailbox, no API', async () => {
    const port = new URL(server.base).port;
    for (const path of ['/', '/dev/mailbox.json', `/api/v1/clients/${REFERENCE_CLIENT}`, '/portal']) {
      const res = await raw(server.base, `GET ${path} HTTP/1.1\r\nHost: rebind.attacker.example:${port}\r\nAuthorization: Bearer ${API_TOKEN}`);
      assert.equal(res.status, 421, path);
      assert.doesNotMatch(res.headers, /set-cookie/, path);
      assert.doesNotMatch(res.body, /rebind|attacker/, path);
    }
  });

  it('signs in as demo on GET / for loopback Host names from this machine only; an allowed public name, or another machine, gets the page without a session', async () => {
    const port = new URL(server.base).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const res = await raw(server.base, `GET / HTTP/1.1\r\nHost: ${host}`);
      assert.equal(res.status, 200, host);
      assert.match(res.headers, /set-cookie: cae_session=[a-z0-9_-]{43}/i, host);
    }
    const outside = await raw(server.base, 'GET / HTTP/1.1\r\nHost: erp.example.com');
    assert.equal(outside.status, 200);
    assert.doesNotMatch(outside.headers, /set-cookie/);
    // Another machine (HOST=0.0.0.0 opens the port) naming a loopback Host: the page, no session.
    const remote = await server.app.inject({ method: 'GET', url: '/', headers: { host: `127.0.0.1:${port}` }, remoteAddress: '192.0.2.7' });
    assert.equal(remote.statusCode, 200);
    assert.equal(remote.headers['set-cookie'], undefined);
  });

  it('keeps the development mailbox to this machine: never framed, never cached', async () => {
    const outside = await raw(server.base, 'GET /dev/mailbox.json HTTP/1.1\r\nHost: erp.example.com');
    assert.equal(outside.status, 403);
    for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
      const res = await fetch(server.base + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
  });

  it('has no mailbox when the mail goes out by SMTP', async () => {
    const smtp = await startServer({ mailTransport: nullTransport });
    try {
      assert.equal((await fetch(`${smtp.base}/dev/mailbox.json`)).status, 404);
    } finally {
      await smtp.close();
    }
  });
});

describe('breaks of the security review', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ publicUrl: 'https://portal.example.test' });
  });
  after(() => server.close());

  it('41 parallel sign-ins, the 30th with the right password: none gets past the limit of 5 per user code', async () => {
    const attempts = Array.from({ length: 41 }, (_, i) => new Agent(server).signIn('demo', i === 29 ? STAFF_PASSWORD : `guess number ${i}`));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 0, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 36, statuses.join(' '));
  });

  it("a portal contact may change its own e-mail address, not another contact's", async () => {
    const victim = (await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { ...MIREILLE, email: 'victime@example.com' } })).body;
    const { agent, contact } = await signedInContact(server, REFERENCE_CLIENT);
    const before = await snapshot(server.db);
    const path = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;
    const stolen = await agent.request<Problem>('PUT', `${path}/${victim.id}`, { json: { ...MIREILLE, email: 'attacker@attacker.example' } });
    assert.equal(stolen.status, 403);
    const sessions = (db: Record<string, unknown[]>) => ({ ...db, sessions: [] });
    assert.deepEqual(sessions(await snapshot(server.db)), sessions(before));
    const otherFields = await agent.request<Contact>('PUT', `${path}/${victim.id}`, { json: { ...MIREILLE, email: 'victime@example.com', phone: '514 555-0199' } });
    assert.equal(otherFields.status, 200);
    const own = await agent.request<Contact>('PUT', `${path}/${contact.id}`, { json: { name: contact.name, email: 'nouvelle@example.com' } });
    assert.equal(own.status, 200);
    assert.equal(own.body.email, 'nouvelle@example.com');
  });

  it('refuses JSON nested deeper than 32 levels with 400 before anything walks it (Idempotency-Key included)', async () => {
    const before = await snapshot(server.db);
    const deep = `{"name":"Profond","x":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    const res = await server.request<Problem>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, {
      body: deep,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1' },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.detail ?? '', /nested deeper/);
    assert.deepEqual(await snapshot(server.db), before);
    const ok = await server.request('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, {
      body: `{"name":"Pas profond","x":${'['.repeat(30)}"["${']'.repeat(30)}}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-2' },
    });
    assert.equal(ok.status, 201);
  });

  it('puts HSTS and the security headers on every answer, fastify\'s bad-URL 400 and the 404s included, without echoing the URL', async () => {
    const answers = [
      await raw(server.base, 'GET /api/v1/clients/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1'),
      await raw(server.base, 'GET /nothing/here/secret-path HTTP/1.1\r\nHost: 127.0.0.1'),
      await raw(server.base, 'GET /api/v1/nothing-secret HTTP/1.1\r\nHost: 127.0.0.1'),
      await raw(server.base, `GET /api/v1/clients/${REFERENCE_CLIENT} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${API_TOKEN}`),
      await raw(server.base, 'GET / HTTP/1.1\r\nHost: 127.0.0.1'),
    ];
    assert.deepEqual(answers.map((a) => a.status), [400, 404, 404, 200, 200]);
    for (const answer of answers) {
      assert.match(answer.headers, /strict-transport-security: max-age=31536000/);
      assert.match(answer.headers, /x-content-type-options: nosniff/);
      assert.match(answer.headers, /x-frame-options: deny/);
      assert.match(answer.headers, /referrer-policy: /);
      assert.match(answer.headers, /content-security-policy: /);
      assert.doesNotMatch(answer.body, /%E0|secret/);
    }
    const http = await startServer({ publicUrl: 'http://127.0.0.1:8080' });
    try {
      assert.equal((await fetch(`${http.base}/`)).headers.get('strict-transport-security'), null);
    } finally {
      await http.close();
    }
  });

  it('keeps an idle kept-alive connection 72 s (Node\'s own server: 5 s), past the headers timeout, and closes it after keepAliveTimeoutMs', async () => {
    assert.equal(server.app.server.keepAliveTimeout, 72_000);
    const short = await startServer({ headersTimeoutMs: 300, requestTimeoutMs: 1000, keepAliveTimeoutMs: 1500 });
    try {
      const { port } = new URL(short.base);
      const socket = connect(Number(port), '127.0.0.1');
      let data = '';
      let closed = false;
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => (closed = true));
      const probe = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
      const answers = () => data.match(/HTTP\/1\.1 200/g)?.length ?? 0;
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      socket.write(probe);
      await wait(800); // idle past the headers timeout, within the keep-alive one
      assert.equal(answers(), 1);
      assert.match(data, /^Keep-Alive: timeout=1$/m);
      socket.write(probe);
      await wait(200);
      assert.equal(answers(), 2, 'answered on the same connection after idling past the headers timeout');
      assert.equal(closed, false);
      await wait(2500);
      assert.equal(closed, true, 'closed once idle past the keep-alive timeout');
    } finally {
      await short.close();
    }
  });

  it('times out a body sent one byte at a time (requestTimeout and headersTimeout set)', async () => {
    const slow = await startServer({ requestTimeoutMs: 1000, headersTimeoutMs: 500 });
    try {
      assert.equal(slow.app.server.requestTimeout, 1000);
      assert.equal(slow.app.server.headersTimeout, 500);
      assert.equal(server.app.server.requestTimeout, 30_000);
      assert.equal(server.app.server.headersTimeout, 10_000);
      const { port } = new URL(slow.base);
      const status = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /api/v1/clients/${REFERENCE_CLIENT}/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${API_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
          const drip = setInterval(() => socket.writable && socket.write(' '), 300);
          socket.on('close', () => clearInterval(drip));
        });
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
      });
      assert.match(status, /^HTTP\/1\.1 408/);
    } finally {
      await slow.close();
    }
  });
});

describe('staff sessions and the password', () => {
  it('a staff password change ends the staff sessions; an unchanged one keeps them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'client-access-staff-'));
    const database = await testDatabase(dir, 'staff');
    const start = async (demoStaffPassword: string) => {
      const app = await buildApp({ ...database.options, demoStaffPassword, passwordHashCost: TEST_HASH_COST, publicUrl: 'http://127.0.0.1' });
      await app.listen({ host: '127.0.0.1', port: 0 });
      return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
    };
    const sessionOf = async (base: string, cookie: string) => (await fetch(`${base}/api/v1/session`, { headers: { cookie } })).status;
    let running: Awaited<ReturnType<typeof start>> | undefined;
    try {
      running = await start('first staff password');
      const signIn = await fetch(`${running.base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'x' },
        body: JSON.stringify({ userCode: 'demo', password: 'first staff password' }),
      });
      const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      assert.equal(await sessionOf(running.base, cookie), 200);
      await running.app.close();

      running = await start('first staff password');
      assert.equal(await sessionOf(running.base, cookie), 200, 'same password: the session lives on');
      await running.app.close();

      running = await start('second staff password');
      assert.equal(await sessionOf(running.base, cookie), 401, 'new password: the session is over');
    } finally {
      await running?.app.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the log', () => {
  it('never holds an invitation token (query strings of /invitation and /api/v1/invitations/* are cut)', async () => {
    const lines: string[] = [];
    const server = await startServer({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    try {
      const token = 'LiveTokenLiveTokenLiveTokenLiveTokenLive123';
      await fetch(`${server.base}/invitation?token=${token}`);
      await fetch(`${server.base}/api/v1/invitations/accept?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'x' },
        body: JSON.stringify({ token: 'x', password: 'y', passwordConfirmation: 'y' }),
      });
      await fetch(`${server.base}/api/v1/clients/${REFERENCE_CLIENT}/contacts?q=visible`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
      const log = lines.join('');
      assert.match(log, /\/invitation\?\[redacted\]/);
      assert.match(log, /q=visible/, 'other query strings stay');
      assert.doesNotMatch(log, new RegExp(token));
    } finally {
      await server.close();
    }
  });
});
