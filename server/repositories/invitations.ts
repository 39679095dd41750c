import type { Database, Statement } from 'better-sqlite3';

export type InvalidationReason = 'superseded' | 'revoked';

export interface InvitationRow {
  id: number;
  contact_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  invalidated_at: string | null;
  invalidated_reason: InvalidationReason | null;
}

export class InvitationRepository {
  private readonly insertStmt: Statement<[number, string, string, string]>;
  private readonly pendingIds: Statement<[number], { id: number }>;
  private readonly invalidateStmt: Statement<[string, InvalidationReason, number]>;
  private readonly restoreStmt: Statement<[number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly deleteForContactStmt: Statement<[number]>;
  private readonly byHash: Statement<[string], InvitationRow>;
  private readonly useStmt: Statement<[string, number]>;
  private readonly byIdStmt: Statement<[number], InvitationRow>;
  private readonly rehashStmt: Statement<[string, number]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[number, string, string, string]>(
      'INSERT INTO invitations (contact_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.pendingIds = db.prepare<[number], { id: number }>(
      'SELECT id FROM invitations WHERE contact_id = ? AND used_at IS NULL AND invalidated_at IS NULL',
    );
    this.invalidateStmt = db.prepare<[string, InvalidationReason, number]>(
      'UPDATE invitations SET invalidated_at = ?, invalidated_reason = ? WHERE id = ?',
    );
    this.restoreStmt = db.prepare<[number]>(
      'UPDATE invitations SET invalidated_at = NULL, invalidated_reason = NULL WHERE id = ?',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM invitations WHERE id = ?');
    this.deleteForContactStmt = db.prepare<[number]>('DELETE FROM invitations WHERE contact_id = ?');
    this.byHash = db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE token_hash = ?');
    this.byIdStmt = db.prepare<[number], InvitationRow>('SELECT * FROM invitations WHERE id = ?');
    this.rehashStmt = db.prepare<[string, number]>('UPDATE invitations SET token_hash = ? WHERE id = ?');
    this.useStmt = db.prepare<[string, number]>(
      'UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL AND invalidated_at IS NULL',
    );
  }

  /** Spends a pending link; false when it was no longer pending. */
  markUsed(id: number, now: Date): boolean {
    return this.useStmt.run(now.toISOString(), id).changes === 1;
  }

  insert(contactId: number, tokenHash: string, createdAt: Date, expiresAt: Date): number {
    const info = this.insertStmt.run(contactId, tokenHash, createdAt.toISOString(), expiresAt.toISOString());
    return Number(info.lastInsertRowid);
  }

  /** Marks the contact's pending links unusable; returns their ids (to undo it if the mail fails). */
  invalidatePending(contactId: number, reason: InvalidationReason, now: Date): number[] {
    const ids = this.pendingIds.all(contactId).map((r) => r.id);
    for (const id of ids) this.invalidateStmt.run(now.toISOString(), reason, id);
    return ids;
  }

  restore(ids: readonly number[]): void {
    for (const id of ids) this.restoreStmt.run(id);
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  deleteForContact(contactId: number): void {
    this.deleteForContactStmt.run(contactId);
  }

  findByHash(tokenHash: string): InvitationRow | undefined {
    return this.byHash.get(tokenHash);
  }

  /** The link if it still works (not used, superseded, revoked or expired). For the mail outbox. */
  getLive(id: number, now: Date): InvitationRow | undefined {
    const row = this.byIdStmt.get(id);
    return row && row.used_at === null && row.invalidated_at === null && Date.parse(row.expires_at) > now.getTime() ? row : undefined;
  }

  /** Whether the link died by expiring alone. For the mail outbox. */
  isExpired(id: number, now: Date): boolean {
    const row = this.byIdStmt.get(id);
    return row !== undefined && row.used_at === null && row.invalidated_at === null && Date.parse(row.expires_at) <= now.getTime();
  }

  /** A retried mail carries a new token for the same link row (the old one was never delivered). */
  replaceTokenHash(id: number, tokenHash: string): void {
    this.rehashStmt.run(tokenHash, id);
  }
}
