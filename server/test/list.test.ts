import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import type { Contact, ContactPage, Problem } from '../../src/api/types.js';
import { BROWSING_CLIENT, REFERENCE_CLIENT, type TestServer, startServer } from './harness.js';

const list = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;

const PEOPLE: [string, string][] = [
  ['Émilie Tremblay', 'emilie.tremblay@exemple.ca'],
  ['emile Zola', 'ezola@exemple.ca'],
  ['Jean-François Côté', 'jf.cote@exemple.ca'],
  ['Zoë Lévesque', 'zoe@levesque.example.com'],
  ["Sarah O'Connor", 'sarah.oconnor@example.com'],
  ['Anne-Marie Dubé', ''],
  ['Éric Émond', 'eric@emond.example.com'],
  ['Bob 100% Sure', 'bob_sure@example.com'],
  ['Œdipe Roi', 'oedipe@example.com'],
];

describe('contact list: paged, sorted, filtered by the server', () => {
  let server: TestServer;
  const ids = new Map<string, string>();
  before(async () => {
    server = await startServer();
    for (const [name, email] of PEOPLE) {
      const res = await server.request<Contact>('POST', list, { json: { name, email } });
      assert.equal(res.status, 201);
      ids.set(name, res.body.id);
    }
  });
  after(() => server.close());

  const names = async (query: string): Promise<string[]> => {
    const res = await server.request<ContactPage>('GET', `${list}?${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items.map((c) => c.name);
  };

  it('sorts by name by default, ignoring case and accents', async () => {
    assert.deepEqual(await names(''), [
      'Anne-Marie Dubé',
      'Bob 100% Sure',
      'emile Zola',
      'Émilie Tremblay',
      'Éric Émond',
      'Jean-François Côté',
      'Œdipe Roi',
      "Sarah O'Connor",
      'Zoë Lévesque',
    ]);
    assert.deepEqual(await names('sort=-name'), (await names('sort=name')).reverse());
  });

  it('sorts by e-mail both ways', async () => {
    const res = await server.request<ContactPage>('GET', `${list}?sort=email`);
    const emails = res.body.items.map((c) => c.email);
    assert.deepEqual(emails, [...emails].sort());
    const desc = await server.request<ContactPage>('GET', `${list}?sort=-email`);
    assert.deepEqual(desc.body.items.map((c) => c.email), [...emails].reverse());
  });

  it('pages with offset and limit; total counts every match', async () => {
    const all = await names('limit=500');
    const pages: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const res = await server.request<ContactPage>('GET', `${list}?offset=${offset}&limit=2`);
      assert.equal(res.body.total, PEOPLE.length);
      assert.equal(res.body.offset, offset);
      assert.equal(res.body.limit, 2);
      assert.ok(res.body.items.length <= 2);
      pages.push(...res.body.items.map((c) => c.name));
    }
    assert.deepEqual(pages, all);
    const beyond = await server.request<ContactPage>('GET', `${list}?offset=100`);
    const { liveEventId, ...rest } = beyond.body;
    assert.deepEqual(rest, { items: [], total: PEOPLE.length, offset: 100, limit: 50 });
    assert.match(liveEventId!, /^\d+$/);
  });

  it('matches q against the start of any word of the name, ignoring case and accents', async () => {
    assert.deepEqual(await names('q=emi'), ['emile Zola', 'Émilie Tremblay']);
    assert.deepEqual(await names('q=%C3%89MILIE'), ['Émilie Tremblay']);
    assert.deepEqual(await names('q=francois'), ['Jean-François Côté']);
    assert.deepEqual(await names('q=cote'), ['Jean-François Côté']);
    assert.deepEqual(await names('q=levesque'), ['Zoë Lévesque']);
    assert.deepEqual(await names('q=zoe'), ['Zoë Lévesque']);
    assert.deepEqual(await names('q=oedipe'), ['Œdipe Roi']);
    assert.deepEqual(await names('q=jean-fran'), ['Jean-François Côté']);
    assert.deepEqual(await names('q=emilie%20trem'), ['Émilie Tremblay']);
    // Not the middle of a word.
    assert.deepEqual(await names('q=ois'), []);
    assert.deepEqual(await names('q=blay'), []);
  });

  it('matches q against the start of the e-mail address', async () => {
    assert.deepEqual(await names('q=jf.c'), ['Jean-François Côté']);
    assert.deepEqual(await names('q=sarah.o'), ['Sarah O\'Connor']);
    assert.deepEqual(await names('q=exemple.ca'), []);
  });

  it('treats % and _ in q literally', async () => {
    assert.deepEqual(await names('q=%25'), []);
    assert.deepEqual(await names('q=bob_'), ['Bob 100% Sure']);
    assert.deepEqual(await names('q=_'), []);
  });

  it('filters and sorts by access status (from the access, by a join)', async () => {
    const all = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?limit=500`);
    const counts = new Map<string, number>();
    for (const c of all.body.items) counts.set(c.accessStatus, (counts.get(c.accessStatus) ?? 0) + 1);
    for (const status of ['none', 'invited', 'active', 'expired', 'revoked']) {
      const res = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?accessStatus=${status}&limit=500`);
      assert.equal(res.body.total, counts.get(status) ?? 0, status);
      assert.ok(res.body.items.every((c) => c.accessStatus === status));
    }
    const rank = ['none', 'invited', 'active', 'expired', 'revoked'];
    const sorted = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?sort=accessStatus&limit=500`);
    const ranks = sorted.body.items.map((c) => rank.indexOf(c.accessStatus));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    const desc = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?sort=-accessStatus&limit=500`);
    assert.equal(desc.body.items[0]?.accessStatus, 'revoked');
    const both = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?accessStatus=none&q=e`);
    assert.ok(both.body.items.every((c) => c.accessStatus === 'none'));
  });

  it('counts a status other than none from the client\'s accesses, not from each of its contacts', async () => {
    // The count the list runs, caught on its way to the database, then explained.
    const store = server.app.ctx.store;
    const executor = store.db.getExecutor();
    const executeQuery = executor.executeQuery;
    const seen: CompiledQuery[] = [];
    executor.executeQuery = function (this: typeof executor, compiled: CompiledQuery, ...rest: unknown[]) {
      seen.push(compiled);
      return (executeQuery as (...a: unknown[]) => ReturnType<typeof executeQuery>).call(this, compiled, ...rest);
    } as typeof executeQuery;
    try {
      const res = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?accessStatus=active`);
      assert.equal(res.status, 200);
      assert.ok(res.body.total > 0);
    } finally {
      executor.executeQuery = executeQuery;
    }
    const count = seen.find((q) => /count\(\*\)/i.test(q.sql) && /accesses/.test(q.sql));
    assert.ok(count, seen.map((q) => q.sql).join('\n'));
    const plan = await store.transaction(async () => {
      // A handful of rows: PostgreSQL would rather read whole tables; with that penalised, the indexes it can use show.
      if (store.engine === 'postgres') for (const way of ['seqscan', 'bitmapscan']) await sql.raw(`SET LOCAL enable_${way} = off`).execute(store.db);
      const explain = store.engine === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
      const { rows } = await store.db.executeQuery(CompiledQuery.raw(explain + count.sql, [...count.parameters]));
      return rows.map((r) => Object.values(r as object).join(' ')).join('\n');
    });
    // (the client's accesses in the states an active access can have, migration 19)
    assert.match(plan, /accesses_by_state_(name|email)/);
    assert.doesNotMatch(plan, /contacts_by_client/);
  });

  it('refuses bad query parameters with 400 and a field error per parameter', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1.5', 'offset'],
      ['sort=age', 'sort'],
      ['accessStatus=pending', 'accessStatus'],
      [`q=${'a'.repeat(121)}`, 'q'],
      ['limit=1&limit=2', 'limit'],
    ]) {
      const res = await server.request<Problem>('GET', `${list}?${query}`);
      assert.equal(res.status, 400, query);
      assert.ok(res.body.errors?.some((e) => e.field === field), `${query}: ${JSON.stringify(res.body.errors)}`);
    }
  });

  it('answers the page around a contact (around=): its index minus half the limit, clamped to 0', async () => {
    const all = await server.request<ContactPage>('GET', `${list}?limit=500`);
    const order = all.body.items.map((c) => c.id);
    for (const [index, limit] of [
      [6, 4],
      [1, 4],
      [0, 3],
      [8, 2],
      [4, 500],
    ] as const) {
      const id = order[index]!;
      const res = await server.request<ContactPage>('GET', `${list}?around=${id}&limit=${limit}&offset=7`);
      assert.equal(res.status, 200);
      const offset = Math.max(0, index - Math.floor(limit / 2));
      assert.equal(res.body.offset, offset, `index ${index} limit ${limit}`);
      assert.equal(res.body.total, order.length);
      assert.deepEqual(res.body.items.map((c) => c.id), order.slice(offset, offset + limit));
      assert.equal(res.body.items[index - offset]?.id, id);
    }
  });

  it('finds the contact with the same q, status filter and sort', async () => {
    for (const [query, name] of [
      ['q=e&sort=-name', 'Éric Émond'],
      ['q=e&sort=email', 'emile Zola'],
      ['sort=-email', 'Anne-Marie Dubé'],
      ['sort=accessStatus', 'Zoë Lévesque'],
      ['sort=-accessStatus&accessStatus=none', "Sarah O'Connor"],
    ]) {
      const full = await server.request<ContactPage>('GET', `${list}?${query}&limit=500`);
      const index = full.body.items.findIndex((c) => c.name === name);
      assert.ok(index >= 0, `${name} in ${query}`);
      const res = await server.request<ContactPage>('GET', `${list}?${query}&around=${ids.get(name)}&limit=2`);
      assert.equal(res.status, 200);
      assert.equal(res.body.offset, Math.max(0, index - 1), query);
      assert.equal(res.body.items[index - res.body.offset]?.name, name, query);
    }
  });

  it('answers 404 when the around contact is not in the filtered list', async () => {
    const other = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?limit=1`);
    for (const query of [
      `q=zoe&around=${ids.get('Émilie Tremblay')}`,
      'around=999999999',
      'around=abc',
      `around=${other.body.items[0]!.id}`,
      `accessStatus=revoked&around=${ids.get('Zoë Lévesque')}`,
    ]) {
      const res = await server.request<Problem>('GET', `${list}?${query}`);
      assert.equal(res.status, 404, query);
    }
    assert.equal((await server.request('GET', `${list}?around=${'9'.repeat(65)}`)).status, 400);
  });

  it('lists the contacts of one client only', async () => {
    const res = await server.request<ContactPage>('GET', `${list}?limit=500`);
    assert.ok(res.body.items.every((c) => c.clientId === REFERENCE_CLIENT));
    const other = await server.request<ContactPage>('GET', `/api/v1/clients/${BROWSING_CLIENT}/contacts?q=emilie`);
    assert.ok(other.body.items.every((c) => c.clientId === BROWSING_CLIENT));
    assert.ok(!other.body.items.some((c) => ids.has(c.name) && c.id === ids.get(c.name)));
  });

  it('uses the per-client name index for the default order, without a sort', async () => {
    const query = 'SELECT c.id FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id WHERE c.client_code = ? ORDER BY c.name_key, c.id LIMIT 50';
    if (server.db.engine === 'sqlite') {
      const plan = await server.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, '8005551');
      const text = plan.map((p) => p.detail).join('\n');
      assert.match(text, /contacts_by_client_name/);
      assert.doesNotMatch(text, /TEMP B-TREE/);
    } else {
      // A handful of rows: PostgreSQL would rather read the table (or a bitmap of the index, then sort), by its
      // statistics of the moment; what matters is that the index can serve the order: with every other way
      // penalised, a Sort would still show if it could not.
      const text = await server.db.store.transaction(async () => {
        for (const way of ['seqscan', 'bitmapscan', 'sort']) await server.db.all(`SET LOCAL enable_${way} = off`);
        const plan = await server.db.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, '8005551');
        return plan.map((p) => p['QUERY PLAN']).join('\n');
      });
      assert.match(text, /contacts_by_client_name/);
      assert.doesNotMatch(text, /Sort/);
    }
  });
});
