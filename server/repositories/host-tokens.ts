import type { Database, Statement } from 'better-sqlite3';

export interface HostTokenRow {
  token_hash: string;
  user_id: string;
  user_name: string;
  /** JSON array of client codes. */
  client_codes: string;
  created_at: string;
  expires_at: string;
}

/** The host-issued tokens, found by the SHA-256 of the token. */
export class HostTokenRepository {
  private readonly getStmt: Statement<[string], HostTokenRow>;
  private readonly insertStmt: Statement<HostTokenRow>;
  private readonly purgeStmt: Statement<[string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], HostTokenRow>('SELECT * FROM host_tokens WHERE token_hash = ?');
    this.insertStmt = db.prepare<HostTokenRow>(`
      INSERT INTO host_tokens (token_hash, user_id, user_name, client_codes, created_at, expires_at)
      VALUES (@token_hash, @user_id, @user_name, @client_codes, @created_at, @expires_at)`);
    this.purgeStmt = db.prepare<[string]>('DELETE FROM host_tokens WHERE expires_at < ?');
  }

  get(tokenHash: string): HostTokenRow | undefined {
    return this.getStmt.get(tokenHash);
  }

  /** Stores a new token and forgets those expired before `now`. */
  insert(row: HostTokenRow, now: Date): void {
    this.purgeStmt.run(now.toISOString());
    this.insertStmt.run(row);
  }
}
