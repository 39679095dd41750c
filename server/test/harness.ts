/**
 * Test harness: the real server (buildApp) listening on 127.0.0.1 port 0 with
 * a temporary SQLite file, spoken to over real HTTP with fetch. Every request
 * goes through `api()`, which checks the response against openapi.yaml.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import { buildApp } from '../app.js';
import type { AppOptions } from '../config.js';
import { contract } from './contract.js';

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
  db: Database;
  clock: TestClock;
  dir: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export async function startServer(options: AppOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'client-access-test-'));
  const clock = new TestClock();
  const app = await buildApp({
    database: join(dir, 'test.sqlite'),
    publicUrl: PUBLIC_URL,
    clock: clock.now,
    apiToken: API_TOKEN,
    demoStaffPassword: STAFF_PASSWORD,
    passwordHashCost: TEST_HASH_COST,
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
    db: app.ctx.db,
    clock,
    dir,
    request,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Counts the rows of a table (to show that a refused request wrote nothing). */
export function countRows(db: Database, table: string, where = '1 = 1', ...params: unknown[]): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** Every table's full content, to compare before and after a refused request. */
export function snapshot(db: Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name}`).all()]));
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
