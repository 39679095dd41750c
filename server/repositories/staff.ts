import type { Database, Statement } from 'better-sqlite3';

export interface StaffUserRow {
  user_code: string;
  name: string;
  password_hash: string;
  created_at: string;
}

/** The staff users and the clients each may act on. */
export class StaffRepository {
  private readonly getStmt: Statement<[string], StaffUserRow>;
  private readonly upsertStmt: Statement<StaffUserRow>;
  private readonly rightsStmt: Statement<[string], { client_code: string }>;
  private readonly grantStmt: Statement<[string, string]>;
  private readonly grantAllStmt: Statement<[string]>;
  private readonly endSessionsStmt: Statement<[string]>;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare<[string], StaffUserRow>('SELECT * FROM staff_users WHERE user_code = ? COLLATE NOCASE');
    this.upsertStmt = db.prepare<StaffUserRow>(`
      INSERT INTO staff_users (user_code, name, password_hash, created_at)
      VALUES (@user_code, @name, @password_hash, @created_at)
      ON CONFLICT (user_code) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash`);
    this.rightsStmt = db.prepare<[string], { client_code: string }>(
      'SELECT client_code FROM staff_rights WHERE user_code = ? COLLATE NOCASE',
    );
    this.grantStmt = db.prepare<[string, string]>(
      'INSERT OR IGNORE INTO staff_rights (user_code, client_code) SELECT ?, code FROM clients WHERE code = ?',
    );
    this.grantAllStmt = db.prepare<[string]>('INSERT OR IGNORE INTO staff_rights (user_code, client_code) SELECT ?, code FROM clients');
    this.endSessionsStmt = db.prepare<[string]>("DELETE FROM sessions WHERE kind = 'staff' AND user_code = ? COLLATE NOCASE");
  }

  get(userCode: string): StaffUserRow | undefined {
    return this.getStmt.get(userCode);
  }

  exists(userCode: string): boolean {
    return this.getStmt.get(userCode) !== undefined;
  }

  /** Creates the user, or sets its name and password; a new password ends the user's sessions. */
  save(row: StaffUserRow): void {
    this.db.transaction(() => {
      const before = this.getStmt.get(row.user_code);
      this.upsertStmt.run(row);
      if (before && before.password_hash !== row.password_hash) this.endSessionsStmt.run(row.user_code);
    })();
  }

  /** The client codes the user may act on. */
  clientsOf(userCode: string): Set<string> {
    return new Set(this.rightsStmt.all(userCode).map((r) => r.client_code));
  }

  /** Gives the user rights on a client (if the client exists). */
  grant(userCode: string, clientCode: string): void {
    this.grantStmt.run(userCode, clientCode);
  }

  /** Gives the user rights on every client there is now. */
  grantAll(userCode: string): void {
    this.grantAllStmt.run(userCode);
  }
}
