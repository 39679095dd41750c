import type { Database, Statement } from 'better-sqlite3';

export interface SessionRow {
  id_hash: string;
  kind: 'staff' | 'contact';
  user_code: string;
  contact_id: number | null;
  address: string;
  created_at: string;
  last_seen_at: string;
}

/** Signed-in sessions, found by the SHA-256 of the cookie's value. */
export class SessionRepository {
  private readonly getStmt: Statement<[string], SessionRow>;
  private readonly insertStmt: Statement<SessionRow>;
  private readonly touchStmt: Statement<[string, string]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly deleteForContactStmt: Statement<[number]>;
  private readonly purgeStmt: Statement<[string, string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?');
    this.insertStmt = db.prepare<SessionRow>(`
      INSERT INTO sessions (id_hash, kind, user_code, contact_id, address, created_at, last_seen_at)
      VALUES (@id_hash, @kind, @user_code, @contact_id, @address, @created_at, @last_seen_at)`);
    this.touchStmt = db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
    this.deleteForContactStmt = db.prepare<[number]>('DELETE FROM sessions WHERE contact_id = ?');
    this.purgeStmt = db.prepare<[string, string]>('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  }

  get(idHash: string): SessionRow | undefined {
    return this.getStmt.get(idHash);
  }

  insert(row: SessionRow): void {
    this.insertStmt.run(row);
  }

  touch(idHash: string, at: Date): void {
    this.touchStmt.run(at.toISOString(), idHash);
  }

  delete(idHash: string): void {
    this.deleteStmt.run(idHash);
  }

  /** Signs the contact out everywhere (revoked, or a new password). */
  deleteForContact(contactId: number): number {
    return this.deleteForContactStmt.run(contactId).changes;
  }

  /** Deletes the sessions idle since `idleBefore` or created before `createdBefore`. */
  purge(idleBefore: Date, createdBefore: Date): void {
    this.purgeStmt.run(idleBefore.toISOString(), createdBefore.toISOString());
  }
}
