import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact, Problem, Session } from '../../src/api/types.js';
import { Agent } from './agents.js';
import { PUBLIC_URL, REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, countRows, snapshot, startServer } from './harness.js';

const contacts = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;
const ERP = 'https://erp.example.com';

describe('cross-site requests and CORS', () => {
  let server: TestServer;
  let staff: Agent;
  before(async () => {
    server = await startServer({ corsOrigins: [ERP] });
    staff = new Agent(server);
    assert.equal((await staff.signIn('demo', STAFF_PASSWORD)).status, 200);
  });
  after(() => server.close());

  function assertCrossSite(res: { status: number; body: unknown }): void {
    assert.equal(res.status, 403);
    assert.equal((res.body as Problem).type, 'urn:client-access:problem:cross-site-request');
  }

  it('a cookie-borne POST without X-Requested-With (what a cross-site form sends) is refused and writes nothing', async () => {
    const before = await snapshot(server.db);
    const res = await staff.request('POST', contacts, { json: { name: 'Forgé' }, bare: true });
    assertCrossSite(res);
    assert.match((res.body as Problem).detail ?? '', /X-Requested-With/);
    for (const [method, path] of [
      ['PATCH', `/api/v1/clients/${REFERENCE_CLIENT}`],
      ['DELETE', '/api/v1/session'],
      ['POST', '/api/v1/session'],
    ] as const) {
      assertCrossSite(await staff.request(method, path, { json: { phone: '1' }, bare: true }));
    }
    const sessions = (db: Record<string, unknown[]>) => ({ ...db, sessions: [] });
    assert.deepEqual(sessions(await snapshot(server.db)), sessions(before));
    assert.equal((await staff.request('GET', '/api/v1/session')).status, 200, 'still signed in');
    // With the header it goes through.
    assert.equal((await staff.request('POST', contacts, { json: { name: 'Légitime' } })).status, 201);
  });

  it('with the header but from another origin, or Sec-Fetch-Site cross-site: refused', async () => {
    const evil = { origin: 'https://evil.example' };
    assertCrossSite(await staff.request('POST', contacts, { json: { name: 'Forgé' }, headers: evil }));
    assertCrossSite(await staff.request('POST', contacts, { json: { name: 'Forgé' }, headers: { 'sec-fetch-site': 'cross-site' } }));
    assertCrossSite(await staff.request('POST', contacts, { json: { name: 'Forgé' }, headers: { 'sec-fetch-site': 'same-site' } }));
    assertCrossSite(await staff.request('POST', contacts, { json: { name: 'Forgé' }, headers: { origin: 'null' } }));
    assert.equal(await countRows(server.db, 'contacts', 'name = ?', 'Forgé'), 0);
  });

  it('same-origin requests pass: Origin of PUBLIC_URL or of the Host, Sec-Fetch-Site same-origin', async () => {
    const cases: Record<string, string>[] = [
      { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
      { origin: server.base },
      { 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of cases) {
      const res = await staff.request<Contact>('POST', contacts, { json: { name: 'Même Site' }, headers });
      assert.equal(res.status, 201, JSON.stringify(headers));
    }
  });

  it('a configured origin (CORS_ORIGINS) may call across sites with the header', async () => {
    const res = await staff.request('POST', contacts, {
      json: { name: 'Depuis le ERP' },
      headers: { origin: ERP, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('access-control-allow-origin'), ERP);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  });

  it('the service token needs no header (no browser sends it by itself)', async () => {
    const res = await server.request('POST', contacts, { json: { name: 'Par Jeton' } });
    assert.equal(res.status, 201);
  });

  it('CORS: a preflight from a configured origin is allowed, from another origin refused; no CORS headers for others', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.base}${contacts}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-requested-with' },
      });
    const ok = await preflight(ERP);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), ERP);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /X-Requested-With/);
    assert.match(ok.headers.get('access-control-allow-methods') ?? '', /PATCH/);

    const refused = await preflight('https://evil.example');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    await refused.text();

    const read = await staff.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(read.headers.get('access-control-allow-origin'), null, 'the browser will not let the page read it');
    assert.match(read.headers.get('vary') ?? '', /Origin/);
  });
});

describe('headers of the API', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('nosniff and no-store on API answers, errors included', async () => {
    for (const res of [
      await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`),
      await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { anonymous: true }),
    ]) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
  });

  it('no CORS headers at all without configured origins', async () => {
    const res = await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { headers: { origin: 'https://erp.example.com' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('the portal page: strict CSP, no inline script, a sign-in form, French by default and English on request', async () => {
    const fr = await server.request('GET', '/portal', { anonymous: true });
    assert.equal(fr.status, 200);
    const csp = fr.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(fr.headers.get('x-content-type-options'), 'nosniff');
    for (const tag of fr.text.match(/<script\b[^>]*>/g) ?? []) assert.ok(/\bsrc=|application\/json/.test(tag), tag);
    assert.match(fr.text, /<html lang="fr-CA">/);
    assert.match(fr.text, /id="sign-in"/);
    assert.match(fr.text, /data-signed-in="false"/);
    assert.match(fr.text, /autocomplete="current-password"/);
    const en = await server.request('GET', '/portal', { anonymous: true, headers: { 'accept-language': 'en-CA,en;q=0.9' } });
    assert.match(en.text, /<html lang="en-CA">/);
    assert.match(en.text, /Client portal/);
    // The invitation page's link keeps the client's language: ?lang= wins over Accept-Language.
    const asked = await server.request('GET', '/portal?lang=fr', { anonymous: true, headers: { 'accept-language': 'en' } });
    assert.match(asked.text, /<html lang="fr-CA">/);
    const js = await server.request('GET', '/assets/portal.js', { anonymous: true });
    assert.equal(js.status, 200);
    assert.doesNotMatch(js.text, /innerHTML/, 'text goes in with textContent only');
  });
});

describe('the demo sign-in (DEMO_LOGIN)', () => {
  it('on: GET / gives a browser without a session a staff session for demo, once', async () => {
    const server = await startServer({ demoLogin: true });
    try {
      const agent = new Agent(server);
      const page = await agent.request('GET', '/');
      assert.equal(page.status, 200);
      assert.ok(agent.cookie, 'a session cookie');
      assert.match(page.headers.getSetCookie()[0] ?? '', /HttpOnly; SameSite=Lax/);
      const who = await agent.request<Session>('GET', '/api/v1/session');
      assert.equal(who.body.userCode, 'demo');
      const again = await agent.request('GET', '/');
      assert.deepEqual(again.headers.getSetCookie(), [], 'a browser with a session keeps it');
      // The API itself never signs anybody in.
      assert.equal((await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { anonymous: true })).status, 401);
    } finally {
      await server.close();
    }
  });

  it('off (the tests, and anywhere real): GET / signs nobody in', async () => {
    const server = await startServer();
    try {
      const page = await server.request('GET', '/', { anonymous: true });
      assert.equal(page.status, 200);
      assert.deepEqual(page.headers.getSetCookie(), []);
      // The demo page too runs under a CSP without inline scripts (so it must load its scripts from files).
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      for (const tag of page.text.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=/, `inline script in demo/index.html: ${tag}`);
      assert.doesNotMatch(page.text, /\son[a-z]+=["']/i, 'no inline event handler in demo/index.html');
      // A reload revalidates: the 304's headers replace the cached ones, so it must not bring a closed CSP.
      // (`cache-control` given: fetch would otherwise add `no-cache`, and get a 200.)
      const etag = page.headers.get('etag');
      assert.ok(etag, 'the demo page has an ETag');
      const revalidated = await server.request('GET', '/', { anonymous: true, headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
      assert.equal(revalidated.status, 304);
      assert.doesNotMatch(revalidated.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    } finally {
      await server.close();
    }
  });
});
