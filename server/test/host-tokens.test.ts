/**
 * Host integration (issue 10): clients provisioned by the host backend
 * (`PUT /clients/{clientId}`) and host-issued tokens (`POST /host-tokens`),
 * over real HTTP, each rule as the host or an attacker would try it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Access, AuditEvent, Client, Contact, Problem, Session } from '../../src/api/types.js';
import { Agent } from './agents.js';
import { BROWSING_CLIENT, REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, snapshot, startServer } from './harness.js';

interface Minted {
  token: string;
  expiresAt: string;
}

const ROGER = { id: 'erp-42', name: 'Roger Point' };

describe('clients provisioned by the host', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('PUT /clients/{clientId} with the service token creates the client (201), then updates it (200)', async () => {
    const client = {
      name: 'Quincaillerie Boréale',
      mode: 'Entreprise',
      status: 'Actif',
      language: 'en',
      currency: 'CAD',
      phone: '418 555-0100',
      email: 'info@boreale.example',
      address: { line1: '12 rue du Port', city: 'Rimouski', province: 'QC', country: 'CA', postalCode: 'G5L 1A1' },
    };
    const created = await server.request<Client>('PUT', '/api/v1/clients/9001001', { json: client });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('location'), '/api/v1/clients/9001001');
    assert.equal(created.body.code, '9001001');
    assert.equal(created.body.language, 'en');
    assert.deepEqual(created.body.address, client.address);

    const updated = await server.request<Client>('PUT', '/api/v1/clients/9001001', { json: { name: 'Quincaillerie Boréale inc.' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'Quincaillerie Boréale inc.');
    assert.equal(updated.body.createdAt, created.body.createdAt);
    assert.equal((await server.request<Client>('GET', '/api/v1/clients/9001001')).body.name, 'Quincaillerie Boréale inc.');
  });

  it('refuses a bad client (422) or client code (400), and anyone but the service token (403), changing nothing', async () => {
    const before = await snapshot(server.db);
    const bad = await server.request<Problem>('PUT', '/api/v1/clients/9001002', { json: { name: 'X\r\nY', language: 'de' } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors?.map((e) => [e.field, e.code]), [
      ['language', 'invalid'],
      ['name', 'control-characters'],
    ]);
    assert.equal((await server.request('PUT', '/api/v1/clients/9001%20002', { json: { name: 'X' } })).status, 400);
    const staff = new Agent(server);
    await staff.signIn('demo', STAFF_PASSWORD);
    assert.equal((await staff.request('PUT', '/api/v1/clients/9001003', { json: { name: 'X' } })).status, 403);
    const minted = await server.request<Minted>('POST', '/api/v1/host-tokens', { json: { clientIds: [REFERENCE_CLIENT], user: ROGER } });
    const host = { authorization: `Bearer ${minted.body.token}` };
    assert.equal((await server.request('PUT', `/api/v1/clients/${REFERENCE_CLIENT}`, { json: { name: 'X' }, headers: host })).status, 403);
    const sessions = (db: Record<string, unknown[]>) => ({ ...db, sessions: [], host_tokens: [] });
    assert.deepEqual(sessions(await snapshot(server.db)), sessions(before));
  });
});

describe('host-issued tokens', () => {
  let server: TestServer;
  let contact: Contact;
  before(async () => {
    server = await startServer();
    contact = (await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { name: 'Jeton Hôte', email: 'jeton@example.com' } })).body;
  });
  after(() => server.close());

  const mint = (json: unknown, headers?: Record<string, string>) => server.request<Minted & Problem>('POST', '/api/v1/host-tokens', { json, ...(headers ? { headers } : {}) });

  it('mints a token (201) valid 900 s by default, 3,600 s at most; only its hash is stored', async () => {
    const before = Date.now();
    const res = await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.token, /^[A-Za-z0-9_-]{43}$/);
    const ttl = (Date.parse(res.body.expiresAt) - before) / 1000;
    assert.ok(ttl > 890 && ttl <= 901, `ttl ${ttl}`);
    const stored = await server.db.all('SELECT * FROM host_tokens') as Record<string, string>[];
    assert.ok(stored.every((row) => !Object.values(row).includes(res.body.token)));

    const hour = await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER, ttlSeconds: 3600 });
    assert.equal(hour.status, 201);
    for (const ttlSeconds of [3601, 0, 1.5, '900']) {
      const refused = await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER, ttlSeconds });
      assert.equal(refused.status, 422, String(ttlSeconds));
      assert.deepEqual(refused.body.errors?.map((e) => e.field), ['ttlSeconds']);
    }
  });

  it('refuses a malformed request: no clients, an unknown client, no user, a user name on two lines', async () => {
    const cases: [unknown, string[]][] = [
      [{ clientIds: [], user: ROGER }, ['clientIds']],
      [{ clientIds: ['0000000'], user: ROGER }, ['clientIds']],
      [{ clientIds: [REFERENCE_CLIENT] }, ['user']],
      [{ clientIds: [REFERENCE_CLIENT], user: { id: 'erp-42', name: 'Roger\nBcc: x' } }, ['user.name']],
      [{ clientIds: [REFERENCE_CLIENT], user: { id: '', name: 'Roger' } }, ['user.id']],
    ];
    for (const [json, fields] of cases) {
      const res = await mint(json);
      assert.equal(res.status, 422, JSON.stringify(json));
      assert.deepEqual(res.body.errors?.map((e) => e.field), fields, JSON.stringify(json));
    }
  });

  it('acts as the host user on its clients only: other clients answer 404 like unknown ones; the trail names the host user', async () => {
    const { body } = await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER, ttlSeconds: 600 });
    const host = { authorization: `Bearer ${body.token}` };
    const who = await server.request<Session>('GET', '/api/v1/session', { headers: host });
    assert.deepEqual(who.body, { kind: 'staff', userCode: 'host:erp-42', name: 'Roger Point', clientId: null });
    assert.equal((await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { headers: host })).status, 200);
    const other = await server.request<Problem>('GET', `/api/v1/clients/${BROWSING_CLIENT}`, { headers: host });
    const unknown = await server.request<Problem>('GET', '/api/v1/clients/0000000', { headers: host });
    assert.equal(other.status, 404);
    assert.equal(other.body.detail?.replace(BROWSING_CLIENT, 'X'), unknown.body.detail?.replace('0000000', 'X'));

    const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${contact.id}/access`;
    const saved = await server.request<Access>('PUT', access, { json: { userCode: `${REFERENCE_CLIENT}-jeton`, email: 'jeton@example.com' }, headers: host });
    assert.equal(saved.status, 200, saved.text);
    const trail = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`, { headers: host });
    assert.equal(trail.body.items[0]?.actor, 'host:erp-42 (Roger Point)');
  });

  it('cannot mint tokens (403), and is a 401 once expired', async () => {
    const { body } = await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER, ttlSeconds: 60 });
    const host = { authorization: `Bearer ${body.token}` };
    const again = await mint({ clientIds: [REFERENCE_CLIENT, BROWSING_CLIENT], user: ROGER }, host);
    assert.equal(again.status, 403);
    assert.equal((await server.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { headers: host })).status, 200);
    server.clock.advanceHours(61 / 3600);
    const expired = await server.request<Problem>('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { headers: host });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.type, 'urn:client-access:problem:unauthenticated');
  });

  it('only the service token mints: a staff session and a portal contact get 403, nobody gets 401', async () => {
    const staff = new Agent(server);
    await staff.signIn('demo', STAFF_PASSWORD);
    assert.equal((await staff.request('POST', '/api/v1/host-tokens', { json: { clientIds: [REFERENCE_CLIENT], user: ROGER } })).status, 403);
    assert.equal((await server.request('POST', '/api/v1/host-tokens', { json: { clientIds: [REFERENCE_CLIENT], user: ROGER }, anonymous: true, headers: { 'x-requested-with': 'x' } })).status, 401);
    assert.equal((await mint({ clientIds: [REFERENCE_CLIENT], user: ROGER }, { authorization: 'Bearer not-a-token' })).status, 401);
  });
});
