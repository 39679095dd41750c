/**
 * Test harness: the real server (buildApp) listening on 127.0.0.1 port 0 with
 * a database of its own, spoken to over real HTTP with fetch. Every request
 * goes through `api()`, which checks the response against openapi.yaml.
 *
 * The engine: `TEST_ENGINE=postgres` runs every server on PostgreSQL (a new
 * database per server on the cluster of `DATABASE_URL`, or on a throwaway
 * cluster this process starts, see postgres.ts); otherwise SQLite, a
 * temporary file per server. `npm run test:server` runs the suite on both
 * (test/engines.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import { buildApp } from '../app.js';
import type { AppOptions } from '../config.js';
import type { Engine, Store } from '../db/database.js';
import { contract } from './contract.js';
import { testDatabase } from './databases.js';

export { ENGINE, takeAway, testDatabase } from './databases.js';

export const PUBLIC_URL = 'https://portal.example.test';
/** The service token of the test servers; `request()` sends it unless told otherwise. */
export const API_TOKEN = 'test-service-token-3f9c1a7e5b2d';
/** The password of the seeded staff users (demo, stagiaire) in the tests. */
export const STAFF_PASSWORD = 'staff password for the tests';
/** scrypt cost of the test servers (2^12: fast; the default is 2^15). */
export const TEST_HASH_COST = 12;

/** A clock the tests move forward; starts at the real time. */
export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advanceHours(hours: number): void {
    this.offsetMs += hours * 3_600_000;
  }
}

export interface RequestOptions {
  /** A JSON body (serialised, Content-Type application/json). */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Send no bearer token (it is sent by default unless a Cookie or Authorization header is given). */
  anonymous?: boolean;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when there is none). */
  body: T;
}

export interface TestServer {
  app: FastifyInstance;
  base: string;
  /** Raw SQL on the server's database, for checks (async, either engine). */
  db: TestDb;
  clock: TestClock;
  dir: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/**
 * Two instances on one database of their own: the same options as one deployment's two processes, each with its
 * own pool, outbox timer and locks. `together`: both start at the same moment (their migrations and seed race);
 * otherwise one after the other (the first creates a SQLite file's tables).
 */
export async function startTwoInstances(name: string, together: boolean): Promise<{ a: TestServer; b: TestServer; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `client-access-${name}-`));
  const database = await testDatabase(dir, name);
  const [a, b] = together
    ? await Promise.all([startServer(database.options), startServer(database.options)])
    : [await startServer(database.options), await startServer(database.options)];
  return {
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startServer(options: AppOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'client-access-test-'));
  const clock = new TestClock();
  // A database of its own, unless the test gives one (a restart on the same data).
  const own = options.database === undefined && options.databaseUrl === undefined ? await testDatabase(dir) : undefined;
  const app = await buildApp({
    ...own?.options,
    publicUrl: PUBLIC_URL,
    clock: clock.now,
    apiToken: API_TOKEN,
    demoStaffPassword: STAFF_PASSWORD,
    passwordHashCost: TEST_HASH_COST,
    timeChangesEveryMs: 0, // the tests tell them: app.ctx.timeChanges.tell(clock.now())
    ...options,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const named = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (!opts.anonymous && !named('authorization') && !named('cookie')) headers['authorization'] = `Bearer ${API_TOKEN}`;
    let body: string | Uint8Array | undefined = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + path, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const failures = contract().check({ method, url: path, status: res.status, contentType, headers: res.headers, text });
    assert.deepEqual(failures, [], `the response breaks openapi.yaml:\n${failures.join('\n')}`);
    let parsed: unknown;
    if (text !== '' && contentType && /json/.test(contentType)) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, text, body: parsed as T };
  }

  return {
    app,
    base,
    db: new TestDb(app.ctx.store),
    clock,
    dir,
    request,
    async close() {
      await app.close();
      await own?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Raw SQL on a server's database: `?` placeholders, either engine. */
export class TestDb {
  constructor(readonly store: Store) {}

  get engine(): Engine {
    return this.store.engine;
  }

  async all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]> {
    let n = 0;
    const compiled = this.engine === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
    const result = await this.store.db.executeQuery<T>(CompiledQuery.raw(compiled, params));
    return result.rows;
  }

  async get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(text, ...params))[0];
  }

  async tables(): Promise<string[]> {
    const rows =
      this.engine === 'postgres'
        ? await this.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_version' ORDER BY 1")
        : await this.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1");
    return rows.map((r) => r.name);
  }
}

/** Counts the rows of a table (to show that a refused request wrote nothing). */
export async function countRows(db: TestDb, table: string, where = '1 = 1', ...params: unknown[]): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...params))!.n);
}

/**
 * Only notifications: a change undone (a refused invitation mail, 502) tells the live streams to read the
 * contact again (services/events.ts). `snapshot` leaves them out.
 */
const NOTIFICATION_TABLES = new Set(['client_events', 'client_event_counters']);

/** Every table's full content (rows in a stable order), to compare before and after a refused request. */
export async function snapshot(db: TestDb): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const name of await db.tables()) {
    if (NOTIFICATION_TABLES.has(name)) continue;
    const rows = await db.all(`SELECT * FROM ${name}`);
    result[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return result;
}

export const REFERENCE_CLIENT = '8005551';
export const BROWSING_CLIENT = '8005552';

export const MIREILLE = {
  name: 'Mireille Couture',
  title: 'Responsable stock',
  department: 'Logistique',
  type: 'operations',
  email: 'mireille.couture@hervedavid.com',
  phone: '521 1224 6321',
  mobile: '524 1478 1263',
  fax: '521 1582 1132',
  location: 'Montréal',
};
