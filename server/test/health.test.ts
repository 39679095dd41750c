import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable, openDatabase } from '../db/database.js';
import { ENGINE, REFERENCE_CLIENT, type TestServer, startServer, takeAway, testDatabase } from './harness.js';
import { until } from './smtp-sink.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  json(): unknown;
}

/**
 * A probe as a load balancer sends it: no credentials, the instance named by its address (node:http, as
 * fetch does not send a Host of one's choosing), the path as written.
 */
function probe(server: TestServer, path: string, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(server.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers: { host: '10.20.30.40:8080' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('health probes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers /healthz and /readyz to any Host, unsigned, never cached; HEAD too', async () => {
    for (const path of ['/healthz', '/readyz', '/readyz?from=lb']) {
      const res = await probe(server, path);
      assert.equal(res.status, 200, path);
      assert.deepEqual(res.json(), { status: 'pass' });
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal((await probe(server, path, 'HEAD')).status, 200);
    }
  });

  it('lets nothing else through with that Host: the API, the pages and a path that only starts like a probe get 421', async () => {
    for (const path of [`/api/v1/clients/${REFERENCE_CLIENT}`, '/', '/portal', '/healthz/../api/v1/session', '/readyz/x']) {
      assert.equal((await probe(server, path)).status, 421, path);
    }
  });
});

if (ENGINE === 'sqlite') {
  describe('SQLite locked', () => {
    it('answers 503, not 500, to a write that waited out the busy timeout behind another process holding the file; nothing is written', async () => {
      const server = await startServer();
      let bringBack = async () => {};
      try {
        const list = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;
        const before = (await server.request<{ total: number }>('GET', list)).body.total;
        bringBack = await takeAway({ database: server.app.ctx.store.sqlite!.name });
        const refused = await server.request<{ type: string }>('POST', list, { json: { name: 'Pendant le verrou' } });
        assert.equal(refused.status, 503, refused.text);
        assert.equal(refused.body.type, 'urn:client-access:problem:database-unavailable');
        assert.equal(refused.headers.get('retry-after'), '5');
        await bringBack();
        bringBack = async () => {};
        assert.equal((await server.request<{ total: number }>('GET', list)).body.total, before);
      } finally {
        await bringBack();
        await server.close();
      }
    });
  });
}

if (ENGINE === 'postgres') {
  describe('PostgreSQL connections: at most the pool, lost and back', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'client-access-health-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    /** Runs `text` on the cluster's `postgres` database, beside the test's own. */
    async function admin(databaseUrl: string, text: string): Promise<void> {
      const url = new URL(databaseUrl);
      url.pathname = '/postgres';
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    }

    it('survives a connection lost while lent (a restart, a failover): the query fails, the next one gets a new connection', async () => {
      const database = await testDatabase(dir, 'lent');
      const { store } = await openDatabase({ path: '', url: database.options.databaseUrl, poolSize: 1 });
      try {
        await store.db.connection().execute(async (db) => {
          // A query the database refuses is its caller's error, not the database's absence.
          await assert.rejects(sql`SELECT no_such_column`.execute(db), (e) => !isDatabaseUnavailable(e));
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
          await admin(database.options.databaseUrl!, `SELECT pg_terminate_backend(${Number(rows[0]!.pid)})`);
          // The connection's end reaches the client while no query runs on it; unheard, that error ended the process.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await assert.rejects(sql`SELECT 1`.execute(db), (e) => isDatabaseUnavailable(e));
        });
        const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db);
        assert.equal(rows[0]!.one, 1);
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('keeps at most DATABASE_POOL_SIZE connections, however many requests come at once, and keeps them open while idle', async () => {
      const database = await testDatabase(dir, 'pool');
      const server = await startServer({ ...database.options, databasePoolSize: 2 });
      const name = new URL(database.options.databaseUrl!).pathname.slice(1);
      try {
        const list = `/api/v1/clients/${REFERENCE_CLIENT}/contacts?q=`;
        const pages = await Promise.all(Array.from({ length: 30 }, (_, i) => server.request('GET', list + 'abcdefghij'[i % 10])));
        assert.deepEqual(new Set(pages.map((p) => p.status)), new Set([200]));
        const others = async () =>
          Number((await server.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()', name))!.n);
        assert.equal(await others(), 1, 'the pool holds two connections: the one asking and one other');
        // Idle for longer than node-postgres' default of 10 s, they stay open: a burst after a quiet spell
        // finds them ready (new, cold connections under 500 pages/s made p99 903 ms).
        await new Promise((resolve) => setTimeout(resolve, 11_000));
        assert.equal(await others(), 1, 'both still open after 11 s idle');
      } finally {
        await server.close();
        await database.drop();
      }
    });

    it('/readyz and the API answer 503 while the database cannot be reached, 200 once it is back; /healthz stays 200', async () => {
      const database = await testDatabase(dir, 'away');
      const server = await startServer(database.options);
      try {
        assert.equal((await probe(server, '/readyz')).status, 200);
        // The database goes away: its connections cut, then renamed (a connection to it is refused).
        const bringBack = await takeAway(database.options);
        const away = await probe(server, '/readyz');
        assert.equal(away.status, 503);
        assert.equal(away.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(away.headers['retry-after'], '5');
        const problem = away.json() as { type: string; detail: string };
        assert.equal(problem.type, 'urn:client-access:problem:database-unavailable');
        assert.equal(problem.detail, 'The database does not answer. Try again in a moment.'); // not the driver's message (host names)
        assert.equal((await probe(server, '/healthz')).status, 200);
        // The API says the same, a read or a write: 503, try again (as openapi.yaml declares it; server.request checks).
        const list = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;
        for (const [method, json] of [['GET', undefined], ['POST', { name: 'Pendant la panne' }]] as const) {
          const refused = await server.request<{ type: string }>(method, list, json ? { json } : {});
          assert.equal(refused.status, 503, refused.text);
          assert.equal(refused.body.type, 'urn:client-access:problem:database-unavailable');
          assert.equal(refused.headers.get('retry-after'), '5');
        }
        await bringBack();
        await until(async () => (await probe(server, '/readyz')).status === 200, '/readyz back to 200');
        const contacts = await server.request<{ items: { name: string }[] }>('GET', list);
        assert.equal(contacts.status, 200);
        assert.ok(!contacts.body.items.some((c) => c.name === 'Pendant la panne'));
      } finally {
        await server.close();
        await database.drop();
      }
    });
  });
}
