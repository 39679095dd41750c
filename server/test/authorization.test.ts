import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent, Client, Contact, ContactPage, Problem } from '../../src/api/types.js';
import { Agent, invite, signedInContact } from './agents.js';
import { BROWSING_CLIENT, MIREILLE, REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, snapshot, startServer } from './harness.js';

describe('who may do what', () => {
  let server: TestServer;
  /** A contact of each client, made with the service token. */
  let mine: Contact;
  let theirs: Contact;
  before(async () => {
    server = await startServer();
    mine = (await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE })).body;
    theirs = (await server.request<Contact>('POST', `/api/v1/clients/${BROWSING_CLIENT}/contacts`, { json: { name: 'Autre Client' } })).body;
  });
  after(() => server.close());

  /** Every call of the contract on a client, with a body where it needs one. */
  function calls(client: string, contactId: string): [string, string, unknown?][] {
    const c = `/api/v1/clients/${client}`;
    const k = `${c}/contacts/${contactId}`;
    return [
      ['GET', c],
      ['PATCH', c, { phone: '514 555-0000' }],
      ['GET', `${c}/contacts`],
      ['POST', `${c}/contacts`, { name: 'Intrus' }],
      ['GET', k],
      ['PUT', k, { name: 'Intrus' }],
      ['DELETE', k],
      ['GET', `${k}/access`],
      ['PUT', `${k}/access`, { userCode: `intrus-${contactId}`, email: 'intrus@example.com' }],
      ['DELETE', `${k}/access`],
      ['POST', `${k}/access/invitation`],
      ['GET', `${k}/access/history`],
    ];
  }

  it('anonymous: 401 on every call but sign-in, sign-out and accepting, and nothing is written', async () => {
    const before = await snapshot(server.db);
    const all: [string, string, unknown?][] = [
      ...calls(REFERENCE_CLIENT, mine.id),
      ['GET', '/api/v1/choices'],
      ['GET', '/api/v1/contact-types'],
      ['GET', '/api/v1/branches'],
      ['GET', '/api/v1/user-types'],
      ['GET', '/api/v1/roles'],
      ['GET', '/api/v1/session'],
    ];
    for (const [method, path, json] of all) {
      // With the header of the elements, so that it is the authentication that refuses.
      const res = await server.request<Problem>(method, path, { anonymous: true, json, headers: { 'x-requested-with': 'x' } });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.type, 'urn:client-access:problem:unauthenticated');
    }
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('a staff user without rights on 8005551 (stagiaire): 404 on every call about it, the same answer as an unknown client; nothing written; its own client works', async () => {
    const agent = new Agent(server);
    assert.equal((await agent.signIn('stagiaire', STAFF_PASSWORD)).status, 200);
    const before = await snapshot(server.db);
    const unknownClient = (path: string) => path.replace(`/clients/${REFERENCE_CLIENT}`, '/clients/0000000');
    for (const [method, path, json] of calls(REFERENCE_CLIENT, mine.id)) {
      const res = await agent.request<Problem>(method, path, { json });
      assert.equal(res.status, 404, `${method} ${path}`);
      const unknown = await agent.request<Problem>(method, unknownClient(path), { json });
      assert.deepEqual({ ...res.body, detail: res.body.detail?.replace(REFERENCE_CLIENT, 'X') }, { ...unknown.body, detail: unknown.body.detail?.replace('0000000', 'X') }, `${method} ${path}`);
    }
    const sessions = (db: Record<string, unknown[]>) => ({ ...db, sessions: [] });
    assert.deepEqual(sessions(await snapshot(server.db)), sessions(before));
    assert.equal((await agent.request('GET', `/api/v1/clients/${BROWSING_CLIENT}`)).status, 200);
    assert.equal((await agent.request('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts/${theirs.id}`)).status, 200);
    assert.equal((await agent.request('GET', '/api/v1/choices')).status, 200);
  });

  it("a staff user cannot probe another client's user codes through the 409: its new user codes start with its client's code", async () => {
    const taken = await invite(server, REFERENCE_CLIENT);
    const agent = new Agent(server);
    assert.equal((await agent.signIn('stagiaire', STAFF_PASSWORD)).status, 200);
    const access = `/api/v1/clients/${BROWSING_CLIENT}/contacts/${theirs.id}/access`;
    const before = await snapshot(server.db);
    for (const userCode of [taken.userCode, `never-used-${theirs.id}`]) {
      const res = await agent.request<Problem>('PUT', access, { json: { userCode, email: 'autre@example.com' } });
      assert.equal(res.status, 422, userCode);
      assert.deepEqual(res.body.errors?.map((e) => [e.field, e.code]), [['userCode', 'invalid']]);
    }
    const sessions = (db: Record<string, unknown[]>) => ({ ...db, sessions: [] });
    assert.deepEqual(sessions(await snapshot(server.db)), sessions(before));
    const own = await agent.request('PUT', access, { json: { userCode: `${BROWSING_CLIENT}-autre`, email: 'autre@example.com' } });
    assert.equal(own.status, 200, own.text);
  });

  it('staff user demo has rights on both clients; the trail names it', async () => {
    const agent = new Agent(server);
    assert.equal((await agent.signIn('demo', STAFF_PASSWORD)).status, 200);
    assert.equal((await agent.request('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts`)).status, 200);
    const base = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${mine.id}/access`;
    const saved = await agent.request('PUT', base, { json: { userCode: `${REFERENCE_CLIENT}-mireille-${mine.id}`, email: MIREILLE.email } });
    assert.equal(saved.status, 200);
    const trail = await agent.request<{ items: AuditEvent[] }>('GET', `${base}/history`);
    assert.equal(trail.body.items[0]?.action, 'access-created');
    assert.equal(trail.body.items[0]?.actor, 'demo');
  });

  it("a signed-in contact: its own client's record and contacts; another client is a 404 like an unknown one", async () => {
    const { agent, contact } = await signedInContact(server, REFERENCE_CLIENT);
    const own = `/api/v1/clients/${REFERENCE_CLIENT}`;
    assert.equal((await agent.request<Client>('GET', own)).body.code, REFERENCE_CLIENT);
    const list = await agent.request<ContactPage>('GET', `${own}/contacts?limit=500`);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((c) => c.id === mine.id));
    assert.equal((await agent.request('GET', `${own}/contacts/${mine.id}`)).status, 200);
    const updated = await agent.request<Contact>('PUT', `${own}/contacts/${contact.id}`, { json: { ...MIREILLE, name: contact.name, phone: '438 555-0101' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.phone, '438 555-0101');
    assert.equal((await agent.request('GET', '/api/v1/choices')).status, 200);

    const before = await snapshot(server.db);
    const unknown = await agent.request<Problem>('GET', '/api/v1/clients/0000000');
    assert.equal(unknown.status, 404);
    for (const [method, path, json] of calls(BROWSING_CLIENT, theirs.id)) {
      const res = await agent.request<Problem>(method, path, { json });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    // Another client's contact under the own client's code: not found either.
    assert.equal((await agent.request('GET', `${own}/contacts/${theirs.id}`)).status, 404);
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('a signed-in contact may not create or delete contacts nor touch accesses (403), nothing written', async () => {
    const { agent, contact } = await signedInContact(server, REFERENCE_CLIENT);
    const before = await snapshot(server.db);
    const forbidden = calls(REFERENCE_CLIENT, contact.id).filter(
      ([method, path]) => (method === 'POST' && path.endsWith('/contacts')) || method === 'DELETE' || path.includes('/access'),
    );
    assert.equal(forbidden.length, 7);
    for (const [method, path, json] of forbidden) {
      const res = await agent.request<Problem>(method, path, { json });
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('PATCH /clients/{id} changes only the contact details sent, checks them, ignores the rest', async () => {
    const { agent } = await signedInContact(server, REFERENCE_CLIENT);
    const path = `/api/v1/clients/${REFERENCE_CLIENT}`;
    const before = (await agent.request<Client>('GET', path)).body;
    const res = await agent.request<Client>('PATCH', path, { json: { phone: ' 514 555-0199 ', name: 'Pirate', code: '1' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.phone, '514 555-0199');
    assert.equal(res.body.name, before.name);
    assert.equal(res.body.mobile, before.mobile);
    assert.ok(res.body.updatedAt > before.updatedAt);
    const bad = await agent.request<Problem>('PATCH', path, { json: { phone: '1'.repeat(41), email: 'pas une adresse', fax: 3 } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors?.map((e) => [e.field, e.code]).sort(), [
      ['email', 'email'],
      ['fax', 'invalid'],
      ['phone', 'too-long'],
    ]);
    assert.equal((await agent.request<Client>('GET', path)).body.phone, '514 555-0199');
  });
});

describe('an access limited to a branch', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it("sees only its branch's contacts and itself; reads and updates the client's own record", async () => {
    const client = REFERENCE_CLIENT;
    const other = await invite(server, client, { branchId: 'actbl-laval', name: 'Laval Collègue' });
    const elsewhere = await invite(server, client, { branchId: 'actbl-quebec', name: 'Québec Collègue' });
    const nobody = (await server.request<Contact>('POST', `/api/v1/clients/${client}/contacts`, { json: { name: 'Sans Accès' } })).body;
    const { agent, contact } = await signedInContact(server, client, { branchId: 'actbl-laval', name: 'Laval Moi' });
    const base = `/api/v1/clients/${client}`;

    const list = await agent.request<ContactPage>('GET', `${base}/contacts?limit=500`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((c) => c.name), ['Laval Collègue', 'Laval Moi']);
    assert.equal(list.body.total, 2);
    const around = await agent.request<ContactPage>('GET', `${base}/contacts?around=${other.contact.id}&limit=3`);
    assert.deepEqual(around.body.items.map((c) => c.id), [other.contact.id, contact.id]);
    assert.equal((await agent.request('GET', `${base}/contacts?around=${nobody.id}`)).status, 404);

    assert.equal((await agent.request('GET', `${base}/contacts/${other.contact.id}`)).status, 200);
    assert.equal((await agent.request('GET', `${base}/contacts/${contact.id}`)).status, 200);
    for (const hidden of [elsewhere.contact.id, nobody.id]) {
      assert.equal((await agent.request('GET', `${base}/contacts/${hidden}`)).status, 404);
      assert.equal((await agent.request('PUT', `${base}/contacts/${hidden}`, { json: { name: 'Changé' } })).status, 404);
    }
    assert.equal((await agent.request('GET', base)).status, 200);
    assert.equal((await agent.request('PATCH', base, { json: { phone: '514 555-0124' } })).status, 200);

    // The same client seen by an unlimited contact: everybody.
    const free = await signedInContact(server, client);
    const all = await free.agent.request<ContactPage>('GET', `${base}/contacts?limit=500`);
    assert.equal(all.body.total, 5);
    assert.equal((await free.agent.request(`GET`, `${base}/contacts/${nobody.id}`)).status, 200);
  });
});
