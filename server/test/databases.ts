/**
 * The database engine of the tests and a new database per server: SQLite (a
 * file) unless `TEST_ENGINE=postgres`, then a new database on the server of
 * `DATABASE_URL`, or on a throwaway cluster this process starts (and stops at
 * exit). Shared by the server tests and the end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppOptions } from '../config.js';
import type { Engine } from '../db/database.js';
import { type Cluster, startCluster } from './postgres.js';

/** The engine the tests run on: `TEST_ENGINE=postgres`, or SQLite. */
export const ENGINE: Engine = process.env['TEST_ENGINE'] === 'postgres' ? 'postgres' : 'sqlite';

let cluster: Promise<Cluster> | undefined;

/** The PostgreSQL server of the tests: `DATABASE_URL`, or a throwaway cluster for this process. */
async function postgresUrl(): Promise<string> {
  if (process.env['DATABASE_URL']) return process.env['DATABASE_URL'];
  cluster ??= startCluster().then((c) => {
    process.once('exit', () => c.stop());
    return c;
  });
  return (await cluster).url;
}

/**
 * A new, empty database on the test engine, as `buildApp` options (reuse them
 * to restart a server on the same data); `drop()` deletes it. SQLite: a file
 * in `dir`; PostgreSQL: a new database on the server.
 */
export async function testDatabase(dir: string, name = 'test'): Promise<{ options: AppOptions; drop(): Promise<void> }> {
  if (ENGINE === 'sqlite') return { options: { database: join(dir, `${name}.sqlite`) }, drop: async () => {} };
  const url = new URL(await postgresUrl());
  const database = `t_${name.replace(/\W/g, '_')}_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${database}`);
  const own = new URL(url);
  own.pathname = `/${database}`;
  return {
    options: { databaseUrl: own.toString() },
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

/**
 * Takes a test database away from its servers until the returned function
 * brings it back. PostgreSQL: its connections cut and the database renamed
 * (a new connection is refused: reads and writes fail at once). SQLite:
 * another process holds its write lock (a write waits out the busy timeout,
 * then fails; reads still work).
 */
export async function takeAway(options: AppOptions): Promise<() => Promise<void>> {
  if (options.databaseUrl === undefined) {
    const other = new BetterSqlite3(options.database!);
    other.exec('BEGIN EXCLUSIVE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const url = new URL(options.databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  await adminQuery(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  await adminQuery(url, `ALTER DATABASE ${name} RENAME TO ${name}_away`);
  return () => adminQuery(url, `ALTER DATABASE ${name}_away RENAME TO ${name}`);
}

async function adminQuery(url: URL, text: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
  try {
    await db.executeQuery(CompiledQuery.raw(text));
  } finally {
    await db.destroy();
  }
}

