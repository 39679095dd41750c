import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Choices, Client, Contact, ContactPage, Problem } from '../../src/api/types.js';
import { GOOD_PASSWORD, signedInContact } from './agents.js';
import { BROWSING_CLIENT, MIREILLE, REFERENCE_CLIENT, type TestServer, countRows, snapshot, startServer } from './harness.js';

const contactsPath = (client = REFERENCE_CLIENT) => `/api/v1/clients/${client}/contacts`;

describe('contacts', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const create = async (input: Record<string, unknown>, headers: Record<string, string> = {}, client = REFERENCE_CLIENT) =>
    server.request<Contact>('POST', contactsPath(client), { json: input, headers });

  describe('seed', () => {
    it('has the seed article client 8005551, Hervé David, with no contacts', async () => {
      const res = await server.request<Client>('GET', `/api/v1/clients/${REFERENCE_CLIENT}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.code, '8005551');
      assert.equal(res.body.id, '8005551');
      assert.equal(res.body.name, 'Hervé David');
      assert.equal(res.body.mode, 'Entreprise');
      assert.equal(res.body.status, 'Actif');
      assert.equal(res.body.language, 'fr');
      assert.equal(res.body.currency, 'CAD');
      assert.equal(res.body.createdAt.slice(0, 10), '2019-12-05');
      assert.equal(res.body.address?.city, 'Montréal');
      assert.equal(res.body.address?.province, 'Québec');
      assert.equal(res.body.address?.country, 'Canada');
    });

    it('has an English client 8005552 with about fifty contacts', async () => {
      const client = await server.request<Client>('GET', `/api/v1/clients/${BROWSING_CLIENT}`);
      assert.equal(client.body.language, 'en');
      const page = await server.request<ContactPage>('GET', `${contactsPath(BROWSING_CLIENT)}?limit=500`);
      assert.ok(page.body.total >= 45 && page.body.total <= 60, `total ${page.body.total}`);
      const statuses = new Set(page.body.items.map((c) => c.accessStatus));
      for (const s of ['none', 'invited', 'expired', 'active', 'revoked']) assert.ok(statuses.has(s as never), `no ${s} contact`);
    });

    it('has the choice lists of the seed, in French and English', async () => {
      const res = await server.request<Choices>('GET', '/api/v1/choices');
      assert.deepEqual(
        res.body.contactTypes.map((c) => c.label),
        ['Opérations', 'Facturation', 'Ventes', 'Direction'],
      );
      assert.equal(res.body.contactTypes[0]?.id, 'operations');
      assert.equal(res.body.contactTypes[0]?.labels?.en, 'Operations');
      assert.equal(res.body.branches.length, 3);
      assert.equal(res.body.branches[0]?.label, 'ACT BL Solutions - Actif Montréal');
      assert.deepEqual(res.body.userTypes, [
        {
          id: 'client-contact',
          label: "Je veux donner un accès à un contact d'un client",
          labels: { fr: "Je veux donner un accès à un contact d'un client", en: "I want to give access to a client's contact" },
        },
      ]);
      assert.deepEqual(res.body.roles, [
        { id: 'client', label: 'Client (rôle du système)', labels: { fr: 'Client (rôle du système)', en: 'Client (system role)' } },
      ]);
      for (const [path, key] of [
        ['/api/v1/contact-types', 'contactTypes'],
        ['/api/v1/branches', 'branches'],
        ['/api/v1/user-types', 'userTypes'],
        ['/api/v1/roles', 'roles'],
      ] as const) {
        const list = await server.request('GET', path);
        assert.deepEqual(list.body, res.body[key], path);
      }
    });
  });

  describe('create and read', () => {
    it('creates the seed contact, with Location and ETag, and lists it', async () => {
      const res = await create(MIREILLE);
      assert.equal(res.status, 201);
      assert.deepEqual(res.body, { ...MIREILLE, id: res.body.id, clientId: REFERENCE_CLIENT, accessStatus: 'none', version: 1 });
      assert.equal(res.headers.get('location'), `${contactsPath()}/${res.body.id}`);
      assert.equal(res.headers.get('etag'), '"1"');

      const read = await server.request<Contact>('GET', res.headers.get('location')!);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, res.body);
      assert.equal(read.headers.get('etag'), '"1"');

      const list = await server.request<ContactPage>('GET', `${contactsPath()}?q=mireille`);
      assert.deepEqual(list.body.items, [res.body]);
    });

    it('trims text and fills absent fields with empty strings and a null type', async () => {
      const res = await create({ name: '  Anne   Roy  ', email: ' anne@roy.example.com ', type: '' });
      assert.equal(res.status, 201);
      assert.equal(res.body.name, 'Anne   Roy');
      assert.equal(res.body.email, 'anne@roy.example.com');
      assert.equal(res.body.title, '');
      assert.equal(res.body.location, '');
      assert.equal(res.body.type, null);
    });

    it('ignores id, clientId, accessStatus, version and unknown properties', async () => {
      const res = await create({
        name: 'Paul Ignoré',
        id: '999999',
        clientId: BROWSING_CLIENT,
        accessStatus: 'active',
        version: 42,
        favouriteColour: 'blue',
      });
      assert.equal(res.status, 201);
      assert.notEqual(res.body.id, '999999');
      assert.equal(res.body.clientId, REFERENCE_CLIENT);
      assert.equal(res.body.accessStatus, 'none');
      assert.equal(res.body.version, 1);
      assert.ok(!('favouriteColour' in res.body));
      const row = await server.db.get('SELECT client_code FROM contacts WHERE id = ?', Number(res.body.id)) as { client_code: string };
      assert.equal(row.client_code, REFERENCE_CLIENT);
    });

    it('answers 404 for an unknown client or contact, or a contact of another client', async () => {
      const other = await create({ name: 'Ailleurs' }, {}, BROWSING_CLIENT);
      for (const path of [
        '/api/v1/clients/0000000',
        `${contactsPath('0000000')}`,
        `${contactsPath()}/999999999`,
        `${contactsPath()}/abc`,
        `${contactsPath()}/0${other.body.id}`,
        `${contactsPath()}/${other.body.id}`,
        `${contactsPath()}/999999999/access`,
        `${contactsPath()}/999999999/access/history`,
        `${contactsPath('0000000')}/${other.body.id}/access`,
      ]) {
        const res = await server.request<Problem>('GET', path);
        assert.equal(res.status, 404, path);
        assert.equal(res.body.status, 404);
      }
      const before = await snapshot(server.db);
      const res = await create({ name: 'Nobody' }, {}, '0000000');
      assert.equal(res.status, 404);
      assert.deepEqual(await snapshot(server.db), before);
    });
  });

  describe('rules (422, nothing written)', () => {
    const long = (n: number) => 'x'.repeat(n);
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['name missing', { title: 'Sans nom' }, 'name', 'required'],
      ['name blank', { name: '   ' }, 'name', 'required'],
      ['name null', { name: null }, 'name', 'required'],
      ['name not a string', { name: 12 }, 'name', 'invalid'],
      ['name too long', { name: long(121) }, 'name', 'too-long'],
      ['title too long', { name: 'A', title: long(121) }, 'title', 'too-long'],
      ['department too long', { name: 'A', department: long(121) }, 'department', 'too-long'],
      ['email too long', { name: 'A', email: `${long(250)}@a.ca` }, 'email', 'too-long'],
      ['email syntax', { name: 'A', email: 'mireille.couture@' }, 'email', 'email'],
      ['email without a dot in the domain', { name: 'A', email: 'a@localhost' }, 'email', 'email'],
      ['phone too long', { name: 'A', phone: long(41) }, 'phone', 'too-long'],
      ['mobile too long', { name: 'A', mobile: long(41) }, 'mobile', 'too-long'],
      ['fax too long', { name: 'A', fax: long(41) }, 'fax', 'too-long'],
      ['location too long', { name: 'A', location: long(201) }, 'location', 'too-long'],
      ['unknown contact type', { name: 'A', type: 'plumbing' }, 'type', 'unknown'],
      ['contact type not a string', { name: 'A', type: 3 }, 'type', 'invalid'],
      ['title not a string', { name: 'A', title: ['x'] }, 'title', 'invalid'],
    ];
    for (const [label, input, field, code] of cases) {
      it(`refuses ${label}`, async () => {
        const before = await snapshot(server.db);
        const res = await create(input);
        assert.equal(res.status, 422);
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        const problem = res.body as unknown as Problem;
        assert.equal(problem.status, 422);
        assert.ok(
          problem.errors?.some((e) => e.field === field && e.code === code),
          `expected ${field}/${code} in ${JSON.stringify(problem.errors)}`,
        );
        assert.deepEqual(await snapshot(server.db), before);
      });
    }

    it('accepts the limits exactly', async () => {
      const res = await create({ name: long(120), title: long(120), phone: long(40), location: long(200) });
      assert.equal(res.status, 201);
    });

    it('reports every faulty field at once', async () => {
      const res = await create({ name: '', email: 'nope', type: 'x' });
      const problem = res.body as unknown as Problem;
      assert.deepEqual(problem.errors?.map((e) => `${e.field}/${e.code}`).sort(), ['email/email', 'name/required', 'type/unknown']);
    });
  });

  describe('update and delete with ETag / If-Match', () => {
    it('updates with a matching If-Match, bumps the version and the ETag', async () => {
      const created = await create({ name: 'Léo Martin', title: 'Commis' });
      const path = `${contactsPath()}/${created.body.id}`;
      const res = await server.request<Contact>('PUT', path, {
        json: { name: 'Léo Martin', title: 'Chef', accessStatus: 'revoked', id: '1' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.title, 'Chef');
      assert.equal(res.body.id, created.body.id);
      assert.equal(res.body.accessStatus, 'none');
      assert.equal(res.body.version, 2);
      assert.equal(res.headers.get('etag'), '"2"');
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const created = await create({ name: 'Nora Caron' });
      const path = `${contactsPath()}/${created.body.id}`;
      await server.request('PUT', path, { json: { name: 'Nora Caron-Roy' }, headers: { 'if-match': '"1"' } });
      for (const tag of ['"1"', 'W/"2"', '"3"', '2']) {
        const before = await snapshot(server.db);
        const res = await server.request<Problem>('PUT', path, { json: { name: 'Stale' }, headers: { 'if-match': tag } });
        assert.equal(res.status, 412, tag);
        assert.deepEqual(await snapshot(server.db), before);
      }
      const read = await server.request<Contact>('GET', path);
      assert.equal(read.body.name, 'Nora Caron-Roy');
      const star = await server.request<Contact>('PUT', path, { json: { name: 'Nora' }, headers: { 'if-match': '*' } });
      assert.equal(star.status, 200);
      const list = await server.request<Contact>('PUT', path, { json: { name: 'Nora C.' }, headers: { 'if-match': '"1", "3"' } });
      assert.equal(list.status, 200);
    });

    it('updates unconditionally without If-Match; PUT replaces every field', async () => {
      const created = await create({ name: 'Zoé Simard', title: 'Analyste', phone: '514 555-0101' });
      const res = await server.request<Contact>('PUT', `${contactsPath()}/${created.body.id}`, { json: { name: 'Zoé Simard', phone: '514 555-0102' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.title, '');
      assert.equal(res.body.phone, '514 555-0102');
    });

    it('refuses an invalid update with 422 and changes nothing', async () => {
      const created = await create({ name: 'Rémi Poulin' });
      const before = await snapshot(server.db);
      const res = await server.request<Problem>('PUT', `${contactsPath()}/${created.body.id}`, { json: { name: ' ', email: 'x' } });
      assert.equal(res.status, 422);
      assert.deepEqual(await snapshot(server.db), before);
    });

    it('deletes with If-Match; a stale one gets 412 and deletes nothing', async () => {
      const created = await create({ name: 'À Supprimer' });
      const path = `${contactsPath()}/${created.body.id}`;
      const stale = await server.request('DELETE', path, { headers: { 'if-match': '"7"' } });
      assert.equal(stale.status, 412);
      assert.equal((await server.request('GET', path)).status, 200);
      const res = await server.request('DELETE', path, { headers: { 'if-match': '"1"' } });
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assert.equal((await server.request('GET', path)).status, 404);
      assert.equal((await server.request('DELETE', path)).status, 404);
      assert.equal(await countRows(server.db, 'contacts', 'id = ?', Number(created.body.id)), 0);
    });

    it('deleting a contact signed in on the portal ends her session at once; a stale If-Match changes nothing and she stays signed in', async () => {
      const { agent, base, contact, userCode } = await signedInContact(server, REFERENCE_CLIENT);
      const id = Number(contact.id);
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 200);
      assert.equal(await countRows(server.db, 'sessions', 'contact_id = ?', id), 1);

      const before = await snapshot(server.db);
      const stale = await server.request<Problem>('DELETE', base, { headers: { 'if-match': `"${contact.version + 1}"` } });
      assert.equal(stale.status, 412);
      assert.equal(stale.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual(await snapshot(server.db), before);
      assert.equal((await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 200, 'still signed in');

      const res = await server.request('DELETE', base, { headers: { 'if-match': `"${contact.version}"` } });
      assert.equal(res.status, 204);
      assert.equal(await countRows(server.db, 'sessions', 'contact_id = ?', id), 0);
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 401);
      assert.equal((await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 401);
      // Nor can she sign in again: the access went with her.
      assert.equal((await agent.signIn(userCode, GOOD_PASSWORD)).status, 401);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first result for a repeated key and creates nothing new', async () => {
      const key = 'create-olivier-1';
      const first = await create({ name: 'Olivier Grenier', email: 'olivier@grenier.example.com' }, { 'idempotency-key': key });
      assert.equal(first.status, 201);
      const count = await countRows(server.db, 'contacts');
      // Same body, properties in another order.
      const again = await create({ email: 'olivier@grenier.example.com', name: 'Olivier Grenier' }, { 'idempotency-key': key });
      assert.equal(again.status, 201);
      assert.equal(again.text, first.text);
      assert.equal(again.headers.get('location'), first.headers.get('location'));
      assert.equal(again.headers.get('etag'), first.headers.get('etag'));
      assert.equal(await countRows(server.db, 'contacts'), count);
    });

    it('refuses the same key with a different body (422) and creates nothing', async () => {
      const key = 'create-2';
      await create({ name: 'Karine Blais' }, { 'idempotency-key': key });
      const before = await snapshot(server.db);
      const res = await create({ name: 'Karine Blais-Savard' }, { 'idempotency-key': key });
      assert.equal(res.status, 422);
      assert.deepEqual(await snapshot(server.db), before);
    });

    it('scopes keys by method and path: the same key on another client creates there', async () => {
      const key = 'shared-key';
      const a = await create({ name: 'Même Clé' }, { 'idempotency-key': key });
      const b = await create({ name: 'Même Clé' }, { 'idempotency-key': key }, BROWSING_CLIENT);
      assert.equal(b.status, 201);
      assert.notEqual(a.body.id, b.body.id);
      assert.equal(b.body.clientId, BROWSING_CLIENT);
    });

    it('does not keep a refused request: the same key works once the body is fixed', async () => {
      const key = 'fix-and-retry';
      assert.equal((await create({ name: '' }, { 'idempotency-key': key })).status, 422);
      const res = await create({ name: 'Corrigé' }, { 'idempotency-key': key });
      assert.equal(res.status, 201);
    });

    it('refuses a key longer than 255 characters with 400', async () => {
      const before = await snapshot(server.db);
      const res = await create({ name: 'Clé Trop Longue' }, { 'idempotency-key': 'k'.repeat(256) });
      assert.equal(res.status, 400);
      assert.deepEqual(await snapshot(server.db), before);
    });

    it('answers concurrent requests with the same key with one contact', async () => {
      const key = 'concurrent';
      const before = await countRows(server.db, 'contacts');
      const results = await Promise.all([1, 2, 3].map(() => create({ name: 'Concurrent' }, { 'idempotency-key': key })));
      assert.deepEqual(new Set(results.map((r) => r.text)).size, 1);
      assert.equal(await countRows(server.db, 'contacts'), before + 1);
    });
  });
});
