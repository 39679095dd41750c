// The cached list order of a big client (ContactRepository.orderOf): pages
// read from it are the ones SQL gives, and any write is seen at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact, ContactPage } from '../../src/api/types.js';
import { ContactRepository } from '../repositories/contacts.js';
import { startServer, type TestServer } from './harness.js';

const BIG = '8009999';

describe('big client list order cache', () => {
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

  it('gives the pages SQL gives, in every cached order and at any offset', () => {
    const repo = new ContactRepository(server.db);
    const sql = new ContactRepository(server.db);
    Object.assign(sql, { orderOf: () => undefined });
    const now = server.clock.now();
    for (const sort of ['name', '-name', 'email', '-email'] as const) {
      for (const offset of [0, 49, 1_250, 2_450, 2_499, 2_500, 9_000]) {
        const query = { q: '', accessStatus: undefined, sort, offset, limit: 50 };
        assert.deepEqual(repo.list(BIG, query, now), sql.list(BIG, query, now), `${sort} at ${offset}`);
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
