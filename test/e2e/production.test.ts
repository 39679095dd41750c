/**
 * The production mode as a host runs it (issue 10): `NODE_ENV=production` in
 * its own process on 127.0.0.1, mail over SMTP to a real sink
 * (`smtp-server`). It refuses to start without its settings, and the
 * invitation chain runs end to end with a host-issued token: provision the
 * client, mint a token, create a contact, grant the access with the
 * invitation, read the mail from the sink, set the password, first sign-in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from './harness.js';

const API_TOKEN = 'production-e2e-service-token-5d1c';
const CLIENT = '7001001';
const PASSWORD = 'Lac-Saint-Jean en canot 2026';

interface Received {
  to: string[];
  raw: string;
}

async function startSink(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  const { port } = sink.server.address() as { port: number };
  return { port, received, close: () => new Promise<void>((resolve) => sink.close(() => resolve())) };
}

/** Quoted-printable soft breaks and escapes undone (enough to find a link). */
function decodeQP(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('production mode, as a real process', () => {
  it('refuses to start without API_TOKEN, PUBLIC_URL or SMTP_URL, or with a non-loopback http PUBLIC_URL, in one line', () => {
    const full = { NODE_ENV: 'production', API_TOKEN, PUBLIC_URL: 'https://clients.example.com', SMTP_URL: 'smtp://127.0.0.1:25', PORT: '0', DATABASE: ':memory:' };
    const { NODE_ENV: _n, API_TOKEN: _a, PUBLIC_URL: _p, SMTP_URL: _s, ...base } = process.env;
    for (const [missing, env] of [
      ['API_TOKEN', { ...full, API_TOKEN: '' }],
      ['PUBLIC_URL', { ...full, PUBLIC_URL: '' }],
      ['SMTP_URL', { ...full, SMTP_URL: '' }],
      ['https', { ...full, PUBLIC_URL: 'http://clients.example.com' }],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...base, ...env }, encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.status, 1, `${missing}: ${run.stdout}${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, new RegExp(`^Not starting: .*${missing}`));
      assert.equal(run.stdout, '');
    }
  });

  it('listens on HOST only, answers the health probes whatever the Host (the API still 421) and ends cleanly on SIGTERM', async () => {
    const server = await startServer({
      NODE_ENV: 'production',
      HOST: '127.0.0.2',
      API_TOKEN,
      PUBLIC_URL: 'https://clients.example.com',
      SMTP_URL: 'smtp://127.0.0.1:25',
    });
    try {
      const { port } = new URL(server.base);
      assert.equal(server.base, `http://127.0.0.2:${port}`, 'the banner names the address listened on');
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'nothing listens on 127.0.0.1');
      // fetch sends Host: 127.0.0.2:<port>, not PUBLIC_URL's: as a load balancer's probe does.
      for (const path of ['/healthz', '/readyz']) {
        const res = await fetch(server.base + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('keep-alive'), 'timeout=72', 'idle connections kept 72 s, not Node\'s 5');
        assert.deepEqual(await res.json(), { status: 'pass' });
      }
      assert.equal((await fetch(`${server.base}/api/v1/clients/${CLIENT}`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).status, 421);
    } finally {
      assert.equal(await server.stop(), 0, 'SIGTERM: closed and exited with 0');
    }
  });

  it('with SHUTDOWN_DELAY_SECONDS, a SIGTERM first turns /readyz to 503 while the API still answers, then closes and exits', async () => {
    const server = await startServer((port) => ({
      NODE_ENV: 'production',
      API_TOKEN,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: 'smtp://127.0.0.1:25',
      SHUTDOWN_DELAY_SECONDS: '2',
      KEEP_ALIVE_TIMEOUT_SECONDS: '620',
    }));
    const probe = await fetch(`${server.base}/healthz`);
    assert.equal(probe.headers.get('keep-alive'), 'timeout=620', 'KEEP_ALIVE_TIMEOUT_SECONDS read');
    const signalled = performance.now();
    const stopped = server.stop();
    let ready: Response;
    do ready = await fetch(`${server.base}/readyz`);
    while (ready.status === 200 && performance.now() - signalled < 1_500);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { type: string }).type, 'urn:client-access:problem:shutting-down');
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    const api = await fetch(`${server.base}/api/v1/clients/8005551`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    assert.equal(api.status, 404, 'the API still answers (no such client in production)');
    assert.equal(await stopped, 0);
    assert.ok(performance.now() - signalled >= 2_000, 'it waited the delay before closing');
  });

  describe('the invitation chain with a host token', () => {
    let sink: Awaited<ReturnType<typeof startSink>>;
    let server: RunningServer;
    let base: string;
    before(async () => {
      sink = await startSink();
      server = await startServer((port) => ({
        NODE_ENV: 'production',
        API_TOKEN,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      }));
      base = server.base;
    });
    after(async () => {
      await server?.stop();
      await sink?.close();
    });

    const call = async (method: string, path: string, options: { token?: string; json?: unknown; cookie?: string } = {}) => {
      const headers: Record<string, string> = { 'x-requested-with': 'production-e2e' };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      if (options.cookie) headers['cookie'] = options.cookie;
      if (options.json !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(base + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
    };

    it('has no demo: no demo data, no staff sign-in on /, no mailbox', async () => {
      assert.equal((await fetch(`${base}/`)).headers.getSetCookie().length, 0);
      assert.equal((await fetch(`${base}/dev/mailbox.json`)).status, 404);
      assert.equal((await call('GET', '/api/v1/clients/8005551', { token: API_TOKEN })).status, 404);
    });

    it('provisions the client, mints a token, creates the contact, invites it; the contact sets its password and signs in', async () => {
      const provisioned = await call('PUT', `/api/v1/clients/${CLIENT}`, { token: API_TOKEN, json: { name: 'Boulangerie Saint-Roch', language: 'fr' } });
      assert.equal(provisioned.status, 201, provisioned.text);

      const minted = await call('POST', '/api/v1/host-tokens', {
        token: API_TOKEN,
        json: { clientIds: [CLIENT], user: { id: 'erp-42', name: 'Roger Point' }, ttlSeconds: 900 },
      });
      assert.equal(minted.status, 201, minted.text);
      const token = minted.body['token'] as string;

      const contact = await call('POST', `/api/v1/clients/${CLIENT}/contacts`, { token, json: { name: 'Mireille Couture', email: 'mireille@boulangerie.example' } });
      assert.equal(contact.status, 201, contact.text);
      const access = `/api/v1/clients/${CLIENT}/contacts/${contact.body['id'] as string}/access`;
      const proposal = await call('GET', access, { token });
      const userCode = proposal.body['userCode'] as string;
      assert.ok(userCode.startsWith(CLIENT), userCode);
      const granted = await call('PUT', access, { token, json: { userCode, email: 'mireille@boulangerie.example', sendInvitation: true } });
      assert.equal(granted.status, 200, granted.text);
      assert.equal(granted.body['status'], 'invited');

      const mail = sink.received.find((m) => m.to.includes('mireille@boulangerie.example'));
      assert.ok(mail, 'the invitation reached the SMTP sink');
      const link = new RegExp(`${base.replace(/[.]/g, '\\.')}/invitation\\?token=([A-Za-z0-9_-]{43})`).exec(decodeQP(mail.raw));
      assert.ok(link, 'the mail holds the link on PUBLIC_URL');
      assert.equal((await fetch(`${base}/invitation?token=${link[1]}`)).status, 200);

      const accepted = await call('POST', '/api/v1/invitations/accept', { json: { token: link[1], password: PASSWORD, passwordConfirmation: PASSWORD } });
      assert.equal(accepted.status, 204, accepted.text);
      const signedIn = await call('POST', '/api/v1/session', { json: { userCode, password: PASSWORD } });
      assert.equal(signedIn.status, 200, signedIn.text);
      assert.equal(signedIn.body['kind'], 'contact');
      const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
      const own = await call('GET', `/api/v1/clients/${CLIENT}`, { cookie });
      assert.equal(own.status, 200);
      assert.equal(own.body['name'], 'Boulangerie Saint-Roch');

      const trail = await call('GET', `${access}/history`, { token });
      const actors = (trail.body['items'] as { action: string; actor: string }[]).map((e) => `${e.action} ${e.actor}`);
      assert.ok(actors.includes('access-created host:erp-42 (Roger Point)'), actors.join('\n'));
    });
  });
});
