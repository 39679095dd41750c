/**
 * The database: SQLite (better-sqlite3, the embedded default) or PostgreSQL
 * (`DATABASE_URL=postgres://...`), both behind one Kysely query layer.
 *
 * `Store.db` is the executor the repositories use: the current transaction's
 * when the caller is inside `store.transaction(...)` (carried by
 * AsyncLocalStorage, so repositories need no extra parameter), the pool's
 * otherwise. SQLite has one connection: Kysely hands it to one transaction at
 * a time, so writes are serialised; PostgreSQL runs them side by side and the
 * repositories take row locks or write conditionally where it matters.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, SqliteDialect, type Transaction, sql } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { DB } from './schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;

export const DEFAULT_DATABASE = './data/client-access.sqlite';

export class Store {
  private readonly scope = new AsyncLocalStorage<Transaction<DB>>();

  constructor(
    readonly engine: Engine,
    private readonly root: Db,
    /** The better-sqlite3 handle (SQLite only): for pragmas and tests. */
    readonly sqlite?: BetterSqlite3.Database,
  ) {}

  /** The executor of the current transaction, or the pool's. */
  get db(): Db {
    return this.scope.getStore() ?? this.root;
  }

  get inTransaction(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /** Runs `work` in a transaction (or in the current one: no nesting); rolls back if it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.root.transaction().execute((trx) => this.scope.run(trx, work));
  }

  /** Resolves once the database answers a query, rejects when it fails or takes longer than `withinMs`. */
  async ping(withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${withinMs} ms`)), withinMs);
    });
    try {
      await Promise.race([sql`SELECT 1`.execute(this.root), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.root.destroy();
  }
}

export interface OpenOptions {
  /** SQLite file path or `:memory:`; ignored when `url` is given. */
  path: string;
  /** `postgres://user:password@host:port/db`: PostgreSQL instead of SQLite. */
  url?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/** A write refused by a unique index (SQLite's constraint error, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const UNAVAILABLE = Symbol('the database did not answer');

/**
 * Did the database not answer, rather than refuse the query: no connection to be had (refused, timed
 * out, the database gone), one lost under the query (a restart, a failover), the server shutting down
 * or full, SQLite's file locked past its busy timeout? The API answers those 503, try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { [UNAVAILABLE]?: boolean; code?: unknown } | null;
  return e?.[UNAVAILABLE] === true || e?.code === 'SQLITE_BUSY';
}

/** Marks a PostgreSQL connection's failure (any, when `connecting`; a lost connection's or a shutdown's, for a query). */
function unavailableIf(error: unknown, connecting: boolean): unknown {
  if (error === null || typeof error !== 'object') return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const lost =
    (typeof code === 'string' && (/^(08|57P0)/.test(code) || code === '53300' || /^E[A-Z]+$/.test(code))) ||
    (typeof message === 'string' && /^(Connection terminated|Client has encountered a connection error)/.test(message));
  if (connecting || lost) Object.assign(error, { [UNAVAILABLE]: true });
  return error;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** Opens (creating a SQLite file's directory if needed) and migrates the database. */
export async function openDatabase(options: OpenOptions | string): Promise<{ store: Store; migratedFrom: number }> {
  const { path, url, poolSize } = typeof options === 'string' ? { path: options, url: undefined, poolSize: undefined } : options;
  const store = isPostgresUrl(url) ? openPostgres(url, poolSize ?? 10) : openSqlite(path);
  try {
    const { from } = await migrate(store);
    return { store, migratedFrom: from };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function openSqlite(path: string): Store {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MB of page cache (the default is 2 MB): bulk seeding and big lists stay in memory.
  db.pragma('cache_size = -32000');
  // Reads map the file (up to 2 GB, SQLite's limit) rather than copy its pages: a page of a big client's list
  // reads 50 rows scattered over the table; mapped, it takes about half the time (bench/README.md).
  if (!inMemory) db.pragma('mmap_size = 2147418112');
  return new Store('sqlite', new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }), db);
}

/**
 * better-sqlite3 behind Kysely prepares every query anew; the queries are a
 * small set of texts, so their statements are kept (at most 500).
 */
function withStatementCache(db: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      statement = db.prepare(source);
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(db, { get: (target, name) => (name === 'prepare' ? prepare : Reflect.get(target, name, target)) });
}

// COUNT(*) and bigint columns come back as numbers, not strings (no count reaches 2^53).
const INT8 = 20;
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

function openPostgres(url: string, max: number): Store {
  // A request waits at most 10 s for a connection (a database host that does not answer would hold it for ever).
  // Idle connections stay open (node-postgres closes them after 10 s by default): a burst after a quiet spell
  // found new backends, cold, and queued behind them (500 pages/s after 12 s idle: p99 903 ms, 17 ms kept).
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes(), connectionTimeoutMillis: 10_000, idleTimeoutMillis: 0 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error('postgres pool:', error.message));
  return new Store('postgres', new Kysely<DB>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) }));
}

/**
 * node-postgres sends a query unnamed unless told otherwise, and PostgreSQL then parses and plans it
 * anew at every run (about half a millisecond of a big client's page). Named, a statement is parsed
 * once per connection and, after its first five runs, PostgreSQL may keep one generic plan for it. The
 * queries are a small set of texts: the first 500 texts with parameters (up to 100 of them, so not a
 * bulk insert's) get names, the others run unnamed.
 */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string, values: ReadonlyArray<unknown>): string | undefined => {
    let name = names.get(text);
    if (name === undefined && values.length > 0 && values.length <= 100 && names.size < 500) {
      name = `q${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    connect: async () => {
      const client = await pool.connect().catch((error: unknown) => Promise.reject(unavailableIf(error, true)));
      // A connection lost while it is lent (PostgreSQL restarted, a failover): its query, if one runs, fails
      // with the error, and the pool drops it when it comes back. Unheard, the error would end the process.
      const lost = () => undefined;
      client.on('error', lost);
      const query = (text: string, values: ReadonlyArray<unknown>) => {
        const name = nameOf(text, values);
        const config = name === undefined ? { text, values: [...values] } : { name, text, values: [...values] };
        // Given its callback, not asked for a promise: node-postgres's promise form sets the callback on the
        // query after building it, and each of its results then outlived the next young-generation collection
        // (why, we did not find; a callback given to the constructor does not do it). A big client's page,
        // 500 a second: 1.5 MB promoted at each collection, a 5 ms pause every 90 ms; given, 0.1 MB and 1 ms.
        return new Promise((resolve, reject) =>
          client.query(config, (error: Error | null, result: pg.QueryResult) => (error ? reject(unavailableIf(error, false)) : resolve(result))),
        );
      };
      const release = (destroy?: boolean) => {
        client.removeListener('error', lost);
        client.release(destroy);
      };
      return { query, release } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
