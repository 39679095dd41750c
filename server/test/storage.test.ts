import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { Client, ContactPage } from '../../src/api/types.js';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/database.js';
import { MIGRATIONS, migrate } from '../db/migrations.js';
import { BIG_CLIENT, seedBigClient, seedGeneratedContacts, seedReferenceData } from '../db/seed.js';
import { contract } from './contract.js';
import { API_TOKEN, TEST_HASH_COST, countRows, startServer } from './harness.js';

describe('storage', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'client-access-storage-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates the directory, migrates to the last version, runs in WAL mode', () => {
    const path = join(dir, 'nested', 'deeper', 'db.sqlite');
    const { db, migratedFrom } = openDatabase(path);
    try {
      assert.ok(existsSync(path));
      assert.equal(migratedFrom, 0);
      assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      db.close();
    }
    const again = openDatabase(path);
    assert.equal(again.migratedFrom, MIGRATIONS.length, 'a second open applies nothing');
    again.db.close();
  });

  it('applies only the missing steps, each atomically with its version', () => {
    const db = new BetterSqlite3(':memory:');
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER)' },
    ];
    assert.deepEqual(migrate(db, steps.slice(0, 1)), { from: 0, to: 1 });
    assert.deepEqual(migrate(db, steps), { from: 1, to: 2 });
    const broken = [...steps, { version: 3, name: 'broken', sql: 'CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER)' }];
    assert.throws(() => migrate(db, broken), /already exists/);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.equal(countRows(db, 'sqlite_master', "name = 'c'"), 0, 'the failed step left nothing behind');
    assert.throws(() => migrate(db, [...steps, { version: 5, name: 'gap', sql: '' }]), /does not follow/);
    db.close();
  });

  it('seeds once: a restart keeps the data and does not seed again', async () => {
    const database = join(dir, 'restart.sqlite');
    const first = await startServer({ database });
    const created = await first.request('POST', '/api/v1/clients/8005551/contacts', { json: { name: 'Persistante' } });
    assert.equal(created.status, 201);
    const clients = countRows(first.db, 'clients');
    const contacts = countRows(first.db, 'contacts');
    await first.app.close();
    const second = await startServer({ database });
    try {
      assert.equal(countRows(second.db, 'clients'), clients);
      assert.equal(countRows(second.db, 'contacts'), contacts);
      const list = await second.request<ContactPage>('GET', '/api/v1/clients/8005551/contacts');
      assert.deepEqual(list.body.items.map((c) => c.name), ['Persistante']);
    } finally {
      await second.close();
    }
  });

  it('works with :memory:', async () => {
    const app = await buildApp({ database: ':memory:', apiToken: API_TOKEN, passwordHashCost: TEST_HASH_COST });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      assert.ok(address && typeof address === 'object');
      const res = await fetch(`http://127.0.0.1:${address.port}/api/v1/clients/8005551`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
      const text = await res.text();
      assert.deepEqual(
        contract().check({ method: 'GET', url: '/api/v1/clients/8005551', status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, text }),
        [],
      );
      assert.equal((JSON.parse(text) as Client).name, 'Hervé David');
    } finally {
      await app.close();
    }
  });

  it('inserts 100,000 generated contacts once, with varied names (their speed is the bench’s business)', () => {
    const { db } = openDatabase(':memory:');
    try {
      seedReferenceData(db, new Date());
      assert.equal(seedBigClient(db, 100_000, new Date()), true);
      assert.equal(countRows(db, 'contacts', 'client_code = ?', BIG_CLIENT), 100_000);
      assert.equal(countRows(db, 'accesses'), 2_000 + countRows(db, 'accesses', "user_code NOT LIKE '8009999-%'"));
      assert.equal(seedBigClient(db, 100_000, new Date()), false, 'created once');
      const names = db.prepare('SELECT COUNT(DISTINCT name) AS n FROM contacts WHERE client_code = ?').get(BIG_CLIENT) as { n: number };
      assert.ok(names.n > 50_000, `only ${names.n} distinct names`);
    } finally {
      db.close();
    }
  });

  it('seedGeneratedContacts adds to an existing client', () => {
    const { db } = openDatabase(':memory:');
    try {
      seedReferenceData(db, new Date());
      assert.equal(seedGeneratedContacts(db, '8005551', 250), 250);
      assert.equal(countRows(db, 'contacts', "client_code = '8005551'"), 250);
    } finally {
      db.close();
    }
  });

  it('serves the benchmark client when asked (bigClientContacts / SEED_BIG_CLIENT)', async () => {
    const server = await startServer({ bigClientContacts: 3_000 });
    try {
      const page = await server.request<ContactPage>('GET', `/api/v1/clients/${BIG_CLIENT}/contacts?q=gagn&offset=100&limit=50`);
      assert.equal(page.status, 200);
      assert.ok(page.body.total > 0);
      assert.ok(page.body.items.every((c) => /gagn/i.test(c.name)));
      const last = await server.request<ContactPage>('GET', `/api/v1/clients/${BIG_CLIENT}/contacts?offset=2990&limit=50&sort=-name`);
      assert.equal(last.body.items.length, 10);
      assert.equal(last.body.total, 3_000);
    } finally {
      await server.close();
    }
  });
});
