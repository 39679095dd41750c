// The pages of a big client's list at any offset, in every order, come from
// the database alone (no in-process cache whose truth depends on being the
// only instance), and any write is seen at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact, ContactPage } from '../../src/api/types.js';
import { nameKey } from '../text.js';
import { startServer, type TestServer } from './harness.js';

const BIG = '8009999';

const fold = nameKey;

describe('a big client\'s pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ bigClientContacts: 2_500 });
  });
  after(() => server.close());

  const page = async (query: string) => {
    const r = await server.request<ContactPage>('GET', `/api/v1/clients/${BIG}/contacts?${query}`);
    assert.equal(r.status, 200);
    return r.body;
  };

  it('gives every page at any offset, in every order, from the database alone', async () => {
    const all = async (sort: string) => {
      const items: Contact[] = [];
      for (let offset = 0; ; offset += 500) {
        const p = await page(`sort=${sort}&offset=${offset}&limit=500`);
        items.push(...p.items);
        if (p.items.length < 500) return items;
      }
    };
    for (const sort of ['name', '-name', 'email', '-email'] as const) {
      const whole = await all(sort);
      assert.equal(whole.length, 2_500);
      const key = (c: Contact) => (sort.endsWith('name') ? `${fold(c.name)}\u0000${String(c.id).padStart(10, '0')}` : `${c.email}\u0000${String(c.id).padStart(10, '0')}`);
      const expected = [...whole].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      if (sort.startsWith('-')) expected.reverse();
      assert.deepEqual(whole.map((c) => c.id), expected.map((c) => c.id), `${sort}: sorted`);
      for (const offset of [0, 49, 1_250, 2_450, 2_499, 2_500, 9_000]) {
        const p = await page(`sort=${sort}&offset=${offset}&limit=50`);
        assert.equal(p.total, 2_500);
        assert.deepEqual(p.items.map((c) => c.id), whole.slice(offset, offset + 50).map((c) => c.id), `${sort} at ${offset}`);
      }
    }
  });

  it('shows a created, renamed or deleted contact in the next page', async () => {
    const first = await page('limit=5&offset=0');
    const created = await server.request<Contact>('POST', `/api/v1/clients/${BIG}/contacts`, {
      json: { name: 'Aaaa Premier' },
      headers: { 'idempotency-key': 'order-cache-create-1', 'x-requested-with': 'test' },
    });
    assert.equal(created.status, 201);
    const afterCreate = await page('limit=5&offset=0');
    assert.equal(afterCreate.total, first.total + 1);
    assert.equal(afterCreate.items[0]!.id, created.body.id);

    const renamed = await server.request<Contact>('PUT', `/api/v1/clients/${BIG}/contacts/${created.body.id}`, {
      json: { name: 'Zzzz Dernier' },
      headers: { 'if-match': `"${created.body.version}"`, 'x-requested-with': 'test' },
    });
    assert.equal(renamed.status, 200);
    const last = await page(`limit=5&offset=${afterCreate.total - 1}`);
    assert.equal(last.items[0]!.name, 'Zzzz Dernier');
    assert.deepEqual((await page('limit=5&offset=0')).items, first.items);

    const deleted = await server.request('DELETE', `/api/v1/clients/${BIG}/contacts/${created.body.id}`, {
      headers: { 'if-match': `"${renamed.body.version}"`, 'x-requested-with': 'test' },
    });
    assert.equal(deleted.status, 204);
    assert.equal((await page('limit=5&offset=0')).total, first.total);
  });
});
