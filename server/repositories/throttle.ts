import type { Database, Statement } from 'better-sqlite3';

interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: string;
}

/**
 * Failure counters for the sign-in and the invitation page: a fixed window
 * per key that starts at the key's first failure; once `max` failures are in
 * the window the key is blocked until the window ends.
 */
export class ThrottleRepository {
  private readonly getStmt: Statement<[string], ThrottleRow>;
  private readonly putStmt: Statement<ThrottleRow>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly purgeStmt: Statement<[string]>;
  private readonly refundStmt: Statement<[string]>;
  private readonly emptyStmt: Statement<[string]>;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare<[string], ThrottleRow>('SELECT * FROM login_throttle WHERE key = ?');
    this.putStmt = db.prepare<ThrottleRow>(`
      INSERT INTO login_throttle (key, failures, window_started_at) VALUES (@key, @failures, @window_started_at)
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at`);
    this.deleteStmt = db.prepare<[string]>('DELETE FROM login_throttle WHERE key = ?');
    this.purgeStmt = db.prepare<[string]>('DELETE FROM login_throttle WHERE window_started_at < ?');
    this.refundStmt = db.prepare<[string]>('UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0');
    this.emptyStmt = db.prepare<[string]>('DELETE FROM login_throttle WHERE key = ? AND failures <= 0');
  }

  /** Seconds until the first blocked key of `keys` is free again; 0 when none is blocked. */
  retryAfter(keys: readonly { key: string; max: number }[], now: Date, windowMs: number): number {
    let wait = 0;
    for (const { key, max } of keys) {
      const row = this.getStmt.get(key);
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
   * and returns 0. One transaction: instances sharing the database agree.
   */
  take(keys: readonly { key: string; max: number }[], now: Date, windowMs: number): number {
    return this.db.transaction(() => {
      const wait = this.retryAfter(keys, now, windowMs);
      if (wait === 0) this.fail(keys.map((k) => k.key), now, windowMs);
      return wait;
    })();
  }

  /** Gives back one failure counted by `take` (the attempt succeeded). */
  refund(key: string): void {
    this.db.transaction(() => {
      this.refundStmt.run(key);
      this.emptyStmt.run(key);
    })();
  }

  /** Counts a failure for each key. */
  fail(keys: readonly string[], now: Date, windowMs: number): void {
    this.db.transaction(() => {
      for (const key of keys) {
        const row = this.getStmt.get(key);
        const fresh = !row || Date.parse(row.window_started_at) + windowMs <= now.getTime();
        this.putStmt.run({
          key,
          failures: fresh ? 1 : row.failures + 1,
          window_started_at: fresh ? now.toISOString() : row.window_started_at,
        });
      }
      this.purgeStmt.run(new Date(now.getTime() - windowMs).toISOString());
    })();
  }

  reset(key: string): void {
    this.deleteStmt.run(key);
  }
}
