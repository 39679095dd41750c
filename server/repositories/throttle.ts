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

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare<[string], ThrottleRow>('SELECT * FROM login_throttle WHERE key = ?');
    this.putStmt = db.prepare<ThrottleRow>(`
      INSERT INTO login_throttle (key, failures, window_started_at) VALUES (@key, @failures, @window_started_at)
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at`);
    this.deleteStmt = db.prepare<[string]>('DELETE FROM login_throttle WHERE key = ?');
    this.purgeStmt = db.prepare<[string]>('DELETE FROM login_throttle WHERE window_started_at < ?');
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
