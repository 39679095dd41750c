import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './migrations.js';

export type { Database };

export const DEFAULT_DATABASE = './data/client-access.sqlite';

/**
 * Opens (creating its directory if needed) and migrates the database. A file
 * database runs in WAL mode; `:memory:` works too.
 */
export function openDatabase(path: string): { db: Database; migratedFrom: number } {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MB of page cache (the default is 2 MB): bulk seeding and big lists stay in memory.
  db.pragma('cache_size = -32000');
  const { from } = migrate(db);
  return { db, migratedFrom: from };
}
