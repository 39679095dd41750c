import { sql } from 'kysely';
import type { Store } from '../db/database.js';

/**
 * Failure counters for the sign-in and the invitation page: a fixed window
 * per key that starts at the key's first failure; once `max` failures are in
 * the window the key is blocked until the window ends. The counters live in
 * the database, so every instance sharing it counts the same failures.
 */
export class ThrottleRepository {
  constructor(private readonly store: Store) {}

  /** Seconds until the first blocked key of `keys` is free again; 0 when none is blocked. */
  async retryAfter(keys: readonly { key: string; max: number }[], now: Date, windowMs: number): Promise<number> {
    const rows = await this.store.db
      .selectFrom('login_throttle')
      .selectAll()
      .where(
        'key',
        'in',
        keys.map((k) => k.key),
      )
      .execute();
    let wait = 0;
    for (const { key, max } of keys) {
      const row = rows.find((r) => r.key === key);
      if (!row) continue;
      const ends = Date.parse(row.window_started_at) + windowMs;
      if (ends > now.getTime() && row.failures >= max) wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000));
    }
    return wait;
  }

  /**
   * One attempt, counted before it is checked, so parallel attempts cannot all
   * pass the limit while the first ones are still being verified: when a key
   * is blocked, returns the seconds to wait and counts nothing; otherwise
   * counts a failure for every key (give it back with `refund` on success)
   * and returns 0. One transaction holding the keys' locks: instances sharing
   * the database agree.
   */
  async take(keys: readonly { key: string; max: number }[], now: Date, windowMs: number): Promise<number> {
    return this.store.transaction(async () => {
      await this.lock(keys.map((k) => k.key));
      const wait = await this.retryAfter(keys, now, windowMs);
      if (wait === 0) await this.fail(keys.map((k) => k.key), now, windowMs);
      return wait;
    });
  }

  /** Gives back one failure counted by `take` (the attempt succeeded). */
  async refund(key: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.db.updateTable('login_throttle').set({ failures: sql`failures - 1` }).where('key', '=', key).where('failures', '>', 0).execute();
      await this.store.db.deleteFrom('login_throttle').where('key', '=', key).where('failures', '<=', 0).execute();
    });
  }

  /** Counts a failure for each key. */
  async fail(keys: readonly string[], now: Date, windowMs: number): Promise<void> {
    const windowStart = new Date(now.getTime() - windowMs).toISOString();
    await this.store.transaction(async () => {
      for (const key of keys) {
        // One statement: a window that has ended starts again at 1.
        await this.store.db
          .insertInto('login_throttle')
          .values({ key, failures: 1, window_started_at: now.toISOString() })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              failures: sql`CASE WHEN login_throttle.window_started_at <= ${windowStart} THEN 1 ELSE login_throttle.failures + 1 END`,
              window_started_at: sql`CASE WHEN login_throttle.window_started_at <= ${windowStart} THEN ${now.toISOString()} ELSE login_throttle.window_started_at END`,
            }),
          )
          .execute();
      }
      await this.store.db.deleteFrom('login_throttle').where('window_started_at', '<', windowStart).execute();
    });
  }

  async reset(key: string): Promise<void> {
    await this.store.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }

  /** PostgreSQL: the keys' advisory locks until the transaction ends (SQLite's writes are serialised anyway). */
  private async lock(keys: readonly string[]): Promise<void> {
    if (this.store.engine !== 'postgres') return;
    for (const key of [...keys].sort()) await sql`SELECT pg_advisory_xact_lock(hashtext(${`throttle:${key}`}))`.execute(this.store.db);
  }
}
