import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Client, ContactPage } from '../../src/api/types.js';
import { buildApp } from '../app.js';
import { type Store, openDatabase } from '../db/database.js';
import { MIGRATIONS, type Migration, migrate, migrateSqlite } from '../db/migrations.js';
import { BIG_CLIENT, seedBigClient, seedGeneratedContacts, seedReferenceData } from '../db/seed.js';
import { ContactRepository } from '../repositories/contacts.js';
import { indexContactsSqlite, termCountsInsert } from '../repositories/search-terms.js';
import { emailKey, nameKey } from '../text.js';
import { contract } from './contract.js';
import { API_TOKEN, ENGINE, TEST_HASH_COST, TestDb, countRows, startServer, testDatabase } from './harness.js';

describe('storage', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'client-access-storage-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A new database of the test engine, opened and migrated; `done()` closes and drops it. */
  async function fresh(name: string): Promise<{ store: Store; db: TestDb; migratedFrom: number; done(): Promise<void> }> {
    const database = await testDatabase(dir, name);
    const { store, migratedFrom } = await openDatabase({ path: database.options.database ?? '', url: database.options.databaseUrl });
    return {
      store,
      db: new TestDb(store),
      migratedFrom,
      async done() {
        await store.close();
        await database.drop();
      },
    };
  }

  if (ENGINE === 'sqlite') {
    it('creates the directory, migrates to the last version, runs in WAL mode', async () => {
      const path = join(dir, 'nested', 'deeper', 'db.sqlite');
      const { store, migratedFrom } = await openDatabase(path);
      try {
        assert.ok(existsSync(path));
        assert.equal(migratedFrom, 0);
        assert.equal(store.sqlite!.pragma('user_version', { simple: true }), MIGRATIONS.length);
        assert.equal(store.sqlite!.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(store.sqlite!.pragma('foreign_keys', { simple: true }), 1);
      } finally {
        await store.close();
      }
      const again = await openDatabase(path);
      assert.equal(again.migratedFrom, MIGRATIONS.length, 'a second open applies nothing');
      await again.store.close();
    });

    it('applies only the missing steps, each atomically with its version', async () => {
      const db = new BetterSqlite3(':memory:');
      const steps: Migration[] = [
        { version: 1, name: 'one', sqlite: 'CREATE TABLE a (x INTEGER)', postgres: '' },
        { version: 2, name: 'two', sqlite: 'CREATE TABLE b (y INTEGER)', postgres: '' },
      ];
      assert.deepEqual(migrateSqlite(db, steps.slice(0, 1)), { from: 0, to: 1 });
      assert.deepEqual(migrateSqlite(db, steps), { from: 1, to: 2 });
      const broken = [...steps, { version: 3, name: 'broken', sqlite: 'CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER)', postgres: '' }];
      assert.throws(() => migrateSqlite(db, broken), /already exists/);
      assert.equal(db.pragma('user_version', { simple: true }), 2);
      assert.equal((db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'c'").get() as { n: number }).n, 0, 'the failed step left nothing behind');
      assert.throws(() => migrateSqlite(db, [...steps, { version: 5, name: 'gap', sqlite: '', postgres: '' }]), /does not follow/);
      db.close();
    });

    it('migrates a database of the previous version (6) forward: the search finds its contacts, its pending mail is interrupted', async () => {
      const path = join(dir, 'version-6.sqlite');
      const old = new BetterSqlite3(path);
      migrateSqlite(old, MIGRATIONS.slice(0, 6));
      const at = '2026-11-30T12:00:00.000Z';
      old.prepare("INSERT INTO clients (code, name, mode, status, language, currency, created_at, updated_at) VALUES ('8005551', 'Hervé David', 'Entreprise', 'Actif', 'fr', 'CAD', ?, ?)").run(at, at);
      old.prepare("INSERT INTO contacts (client_code, name, name_key, email, email_key, created_at, updated_at) VALUES ('8005551', 'Jean-François Côté', 'jean francois cote', 'jf@example.com', 'jf@example.com', ?, ?)").run(at, at);
      old.prepare("INSERT INTO mailbox (contact_id, to_address, from_address, subject, text, html, language, transport, status, created_at) VALUES (1, 'jf@example.com', 'x@example.com', 's', 't', 'h', 'fr', 'mailbox', 'pending', ?)").run(at);
      old.close();
      const server = await startServer({ database: path, seed: false });
      try {
        assert.equal(await countRows(server.db, 'contact_terms', "contact_id = 1 AND kind = 'n'"), 3, 'its word suffixes');
        assert.equal(await countRows(server.db, 'contact_terms', "contact_id = 1 AND kind = 'e'"), 1, 'its address');
        for (const q of ['franc', 'cote', 'jean-f', 'jf@']) {
          const page = await server.request<ContactPage>('GET', `/api/v1/clients/8005551/contacts?q=${encodeURIComponent(q)}`);
          assert.deepEqual(page.body.items.map((c) => c.name), ['Jean-François Côté'], q);
        }
        assert.equal((await server.db.get<{ status: string }>('SELECT status FROM mailbox WHERE id = 1'))!.status, 'interrupted');
      } finally {
        await server.close();
      }
    });

    it('migrates a database of version 15 forward: a search with a status filter finds the accesses it had, one in e-mail order sorts by address', async () => {
      const path = join(dir, 'version-15.sqlite');
      const old = new BetterSqlite3(path);
      migrateSqlite(old, MIGRATIONS.slice(0, 15));
      const at = '2026-11-30T12:00:00.000Z';
      old.prepare("INSERT INTO clients (code, name, mode, status, language, currency, created_at, updated_at) VALUES ('8005551', 'Hervé David', 'Entreprise', 'Actif', 'fr', 'CAD', ?, ?)").run(at, at);
      const contact = (name: string, email: string) => {
        const id = Number(
          old.prepare("INSERT INTO contacts (client_code, name, name_key, email, email_key, created_at, updated_at) VALUES ('8005551', ?, ?, ?, ?, ?, ?)")
            .run(name, nameKey(name), email, emailKey(email), at, at).lastInsertRowid,
        );
        return id;
      };
      const held = contact('Jean-François Côté', 'jf@example.com');
      contact('Jeanne Côté', 'jeanne@example.com');
      old.prepare(
        `INSERT INTO accesses (contact_id, client_code, user_code, email, state, activated_at, created_at, updated_at, name_key, email_key)
         VALUES (?, '8005551', 'JFC', 'jf@example.com', 'active', ?, ?, ?, ?, ?)`,
      ).run(held, at, at, at, nameKey('Jean-François Côté'), 'jf@example.com');
      // (the search index and its counts as version 15 has them)
      indexContactsSqlite(old, undefined, { emailKeys: false });
      old.exec(termCountsInsert());
      old.close();
      const server = await startServer({ database: path, seed: false });
      try {
        for (const q of ['cote', 'jean', 'jf@']) {
          const page = await server.request<ContactPage>('GET', `/api/v1/clients/8005551/contacts?q=${q}&accessStatus=active`);
          assert.deepEqual(page.body.items.map((c) => c.name), ['Jean-François Côté'], q);
          assert.equal(page.body.total, 1, q);
        }
        // (migration 17 copied the addresses into the search index: jeanne@ sorts before jf@, as the names do not)
        for (const [sort, names] of [
          ['email', ['Jeanne Côté', 'Jean-François Côté']],
          ['-email', ['Jean-François Côté', 'Jeanne Côté']],
        ] as const) {
          const page = await server.request<ContactPage>('GET', `/api/v1/clients/8005551/contacts?q=cote&sort=${sort}`);
          assert.deepEqual(page.body.items.map((c) => c.name), names, sort);
        }
      } finally {
        await server.close();
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
  } else {
    it('applies only the missing steps, each atomically with its version (PostgreSQL)', async () => {
      const { store, db, done } = await fresh('steps');
      try {
        const steps: Migration[] = [
          { version: 1, name: 'one', sqlite: '', postgres: 'CREATE TABLE a (x INTEGER)' },
          { version: 2, name: 'two', sqlite: '', postgres: 'CREATE TABLE b (y INTEGER)' },
        ];
        await db.all('DROP SCHEMA public CASCADE');
        await db.all('CREATE SCHEMA public');
        assert.deepEqual(await migrate(store, steps.slice(0, 1)), { from: 0, to: 1 });
        assert.deepEqual(await migrate(store, steps), { from: 1, to: 2 });
        const broken = [...steps, { version: 3, name: 'broken', sqlite: '', postgres: 'CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER)' }];
        await assert.rejects(migrate(store, broken), /already exists/);
        assert.equal((await db.get<{ version: number }>('SELECT version FROM schema_version'))!.version, 2);
        assert.equal(await countRows(db, 'information_schema.tables', "table_name = 'c'"), 0, 'the failed step left nothing behind');
        await assert.rejects(migrate(store, [...steps, { version: 5, name: 'gap', sqlite: '', postgres: '' }]), /does not follow/);
      } finally {
        await done();
      }
    });

    it('runs a query text with parameters as a named statement, parsed once per connection (not a bulk insert of more than 100 values)', async () => {
      const database = await testDatabase(dir, 'named');
      const { store } = await openDatabase({ path: '', url: database.options.databaseUrl, poolSize: 1 });
      try {
        const few = (n: number) => sql<{ n: number }>`SELECT ${n}::int + 1 AS n`;
        for (const n of [1, 2, 3]) assert.equal((await few(n).execute(store.db)).rows[0]!.n, n + 1);
        const many = Array.from({ length: 101 }, (_, i) => i);
        await sql`SELECT ${sql.join(many)}`.execute(store.db);
        const prepared = (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(store.db)).rows.map((r) => r.statement);
        assert.equal(prepared.filter((s) => s === 'SELECT $1::int + 1 AS n').length, 1, 'one statement for the three runs');
        assert.ok(!prepared.some((s) => s.includes('$101')), 'the text of 101 values ran unnamed');
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('keeps one generic plan for the statement of a page of a big list, planned at its first runs only', async () => {
      const database = await testDatabase(dir, 'generic');
      const { store } = await openDatabase({ path: '', url: database.options.databaseUrl, poolSize: 1 });
      try {
        await seedReferenceData(store, new Date());
        await seedBigClient(store, 100_000, new Date());
        const contacts = new ContactRepository(store);
        for (let offset = 0; offset < 90_000; offset += 9_999) {
          const page = await contacts.list(BIG_CLIENT, { q: '', accessStatus: undefined, sort: 'name', offset, limit: 50 }, new Date());
          assert.equal(page?.items.length, 50);
        }
        const [plans] = (
          await sql<{ generic_plans: number; custom_plans: number }>`
            SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%contact_buckets%' AND statement LIKE '%k_page%'`.execute(store.db)
        ).rows;
        assert.ok(plans, 'the page ran as a named statement');
        assert.ok(Number(plans.generic_plans) >= 4 && Number(plans.custom_plans) <= 6, JSON.stringify(plans));
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('lets several instances start on one new database at once: it is migrated and seeded once', async () => {
      const database = await testDatabase(dir, 'together');
      const apps = await Promise.all(
        [1, 2, 3].map(() => buildApp({ ...database.options, apiToken: API_TOKEN, passwordHashCost: TEST_HASH_COST, bigClientContacts: 500 })),
      );
      try {
        const db = new TestDb(apps[0]!.ctx.store);
        assert.equal((await db.get<{ version: number }>('SELECT version FROM schema_version'))!.version, MIGRATIONS.length);
        assert.equal(await countRows(db, 'clients'), 3, 'the two reference clients and the big one, once');
        assert.equal(await countRows(db, 'contacts', 'client_code = ?', BIG_CLIENT), 500);
      } finally {
        for (const app of apps) await app.close();
        await database.drop();
      }
    });
  }

  /**
   * A database at `version` (its first migrations only), given the rows `statements` write, then migrated to the
   * last version by the start-up's `migrate`; answers the rows of `read` afterwards.
   */
  async function afterMigratingFrom<T>(version: number, statements: [string, unknown[]][], read: string): Promise<T[]> {
    if (ENGINE === 'sqlite') {
      const old = new BetterSqlite3(':memory:');
      try {
        migrateSqlite(old, MIGRATIONS.slice(0, version));
        for (const [text, params] of statements) old.prepare(text).run(...params);
        assert.deepEqual(migrateSqlite(old), { from: version, to: MIGRATIONS.length });
        return old.prepare(read).all() as T[];
      } finally {
        old.close();
      }
    }
    const { store, db, done } = await fresh(`from-${version}`);
    try {
      await db.all('DROP SCHEMA public CASCADE');
      await db.all('CREATE SCHEMA public');
      await migrate(store, MIGRATIONS.slice(0, version));
      for (const [text, params] of statements) await db.all(text, ...params);
      assert.deepEqual(await migrate(store), { from: version, to: MIGRATIONS.length });
      return await db.all<T>(read);
    } finally {
      await done();
    }
  }

  it('migrates the list buckets of version 10 forward: each knows how many contacts sort before it', async () => {
    const insert = 'INSERT INTO contact_buckets (client_code, sort, lo_key, lo_id, size) VALUES (?, ?, ?, ?, ?)';
    const buckets: [string, unknown[]][] = [
      [insert, [BIG_CLIENT, 'name', 'alpha', 3, 5]],
      [insert, [BIG_CLIENT, 'name', 'bravo', 1, 7]],
      [insert, [BIG_CLIENT, 'name', 'charlie', 2, 4]],
      [insert, [BIG_CLIENT, 'email', 'a@x', 9, 6]],
    ];
    const rows = await afterMigratingFrom<{ sort: string; lo_key: string; first_index: number }>(
      10,
      buckets,
      'SELECT sort, lo_key, first_index FROM contact_buckets ORDER BY sort, lo_key',
    );
    assert.deepEqual(
      rows.map((r) => [r.sort, r.lo_key, Number(r.first_index)]),
      [
        ['email', 'a@x', 0],
        ['name', 'alpha', 0],
        ['name', 'bravo', 5],
        ['name', 'charlie', 12],
      ],
    );
  });

  it('migrates the accesses of version 12 forward: each carries its contact\'s client', async () => {
    const client = "INSERT INTO clients (code, name, mode, status, language, currency, created_at, updated_at) VALUES (?, 'A', 'x', 'x', 'fr', 'CAD', 't', 't')";
    const contact = "INSERT INTO contacts (id, client_code, name, name_key, created_at, updated_at) VALUES (?, ?, 'X', 'x', 't', 't')";
    const access = "INSERT INTO accesses (contact_id, user_code, email, state, created_at, updated_at) VALUES (?, ?, '', ?, 't', 't')";
    const rows = await afterMigratingFrom<{ contact_id: number; client_code: string }>(
      12,
      [
        [client, ['8000001']],
        [client, ['8000002']],
        [contact, [71, '8000001']],
        [contact, [72, '8000002']],
        [access, [71, 'u71', 'granted']],
        [access, [72, 'u72', 'active']],
      ],
      'SELECT contact_id, client_code FROM accesses ORDER BY contact_id',
    );
    assert.deepEqual(rows.map((r) => [Number(r.contact_id), r.client_code]), [[71, '8000001'], [72, '8000002']]);
  });

  it("migrates the accesses of version 13 forward: each carries its contact's sort keys", async () => {
    const client = "INSERT INTO clients (code, name, mode, status, language, currency, created_at, updated_at) VALUES ('8000001', 'A', 'x', 'x', 'fr', 'CAD', 't', 't')";
    const contact = "INSERT INTO contacts (id, client_code, name, name_key, email, email_key, created_at, updated_at) VALUES (?, '8000001', 'X', ?, 'e', ?, 't', 't')";
    const access = "INSERT INTO accesses (contact_id, client_code, user_code, email, state, created_at, updated_at) VALUES (?, '8000001', ?, '', 'granted', 't', 't')";
    const rows = await afterMigratingFrom<{ contact_id: number; name_key: string; email_key: string }>(
      13,
      [
        [client, []],
        [contact, [71, 'zoe roy', 'zoe@example.com']],
        [contact, [72, 'ann lee', 'al@example.com']],
        [contact, [73, 'no access', 'n@example.com']],
        [access, [71, 'u71']],
        [access, [72, 'u72']],
      ],
      'SELECT contact_id, name_key, email_key FROM accesses ORDER BY contact_id',
    );
    assert.deepEqual(rows.map((r) => [Number(r.contact_id), r.name_key, r.email_key]), [[71, 'zoe roy', 'zoe@example.com'], [72, 'ann lee', 'al@example.com']]);
  });

  it('seeds once: a restart keeps the data and does not seed again', async () => {
    const database = await testDatabase(dir, 'restart');
    const first = await startServer(database.options);
    const created = await first.request('POST', '/api/v1/clients/8005551/contacts', { json: { name: 'Persistante' } });
    assert.equal(created.status, 201);
    const clients = await countRows(first.db, 'clients');
    const contacts = await countRows(first.db, 'contacts');
    await first.app.close();
    const second = await startServer(database.options);
    try {
      assert.equal(await countRows(second.db, 'clients'), clients);
      assert.equal(await countRows(second.db, 'contacts'), contacts);
      const list = await second.request<ContactPage>('GET', '/api/v1/clients/8005551/contacts');
      assert.deepEqual(list.body.items.map((c) => c.name), ['Persistante']);
    } finally {
      await second.close();
      await database.drop();
    }
  });

  it('inserts 100,000 generated contacts once, with varied names and their words (their speed is the bench’s business)', async () => {
    const { store, db, done } = await fresh('big');
    try {
      await seedReferenceData(store, new Date());
      assert.equal(await seedBigClient(store, 100_000, new Date()), true);
      assert.equal(await countRows(db, 'contacts', 'client_code = ?', BIG_CLIENT), 100_000);
      assert.equal(await countRows(db, 'accesses'), 2_000 + (await countRows(db, 'accesses', "user_code NOT LIKE '8009999-%'")));
      const words = await db.get<{ n: number }>(
        "SELECT SUM(LENGTH(name_key) - LENGTH(REPLACE(name_key, ' ', '')) + 1) AS n FROM contacts WHERE client_code = ?",
        BIG_CLIENT,
      );
      assert.equal(await countRows(db, 'contact_terms', "client_code = ? AND kind = 'n'", BIG_CLIENT), Number(words!.n), 'one row per word of each name');
      assert.equal(await countRows(db, 'contact_terms', "client_code = ? AND kind = 'e'", BIG_CLIENT), 100_000, 'one row per address');
      if (store.engine === 'postgres') {
        // Every page all-visible (the test cluster commits asynchronously, as a server may): index-only scans
        // read no row of the heap from the first page on.
        const pages = await db.all<{ relname: string; relpages: number; relallvisible: number }>(
          "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname IN ('contacts', 'contact_terms', 'accesses') ORDER BY relname",
        );
        assert.deepEqual(pages.map((p) => [p.relname, p.relallvisible]), pages.map((p) => [p.relname, p.relpages]));
      }
      assert.equal(await seedBigClient(store, 100_000, new Date()), false, 'created once');
      const names = await db.get<{ n: number }>('SELECT COUNT(DISTINCT name) AS n FROM contacts WHERE client_code = ?', BIG_CLIENT);
      assert.ok(Number(names!.n) > 50_000, `only ${names!.n} distinct names`);
      const first = await db.get<{ name: string; name_key: string; email: string; phone: string }>(
        'SELECT name, name_key, email, phone FROM contacts WHERE client_code = ? ORDER BY id LIMIT 1',
        BIG_CLIENT,
      );
      assert.deepEqual(first, { name: 'Émilie A. Tremblay', name_key: 'emilie a tremblay', email: 'emilie.tremblay.0@example.com', phone: '514 555-0100' });
    } finally {
      await done();
    }
  });

  it('seedGeneratedContacts adds to an existing client', async () => {
    const { store, db, done } = await fresh('add');
    try {
      await seedReferenceData(store, new Date());
      assert.equal(await seedGeneratedContacts(store, '8005551', 250), 250);
      assert.equal(await countRows(db, 'contacts', "client_code = '8005551'"), 250);
    } finally {
      await done();
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
