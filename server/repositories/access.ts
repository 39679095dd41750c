import type { Database, Statement } from 'better-sqlite3';
import type { Access, AccessStatus } from '../../src/api/types.js';

export type AccessState = 'granted' | 'active' | 'revoked';

export interface AccessRow {
  contact_id: number;
  user_code: string;
  email: string;
  allowed_ips: string;
  branch_id: string | null;
  state: AccessState;
  invited_at: string | null;
  invitation_expires_at: string | null;
  last_invitation_sent_at: string | null;
  activated_at: string | null;
  revoked_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The contact's password hash (read by sign-in only; `replace` never writes it, `setPassword` does). */
  password_hash?: string | null;
}

/**
 * The access status of contact `c` (joined to its access `a`) at `@now`, in
 * SQL so the list filters and sorts by it. `accessStatus()` below is the
 * same rule in TypeScript; keep them together.
 */
export const ACCESS_STATUS_SQL = `(CASE
  WHEN a.contact_id IS NULL THEN 'none'
  WHEN a.state = 'revoked' THEN 'revoked'
  WHEN a.state = 'active' THEN 'active'
  WHEN a.last_invitation_sent_at IS NULL THEN 'none'
  WHEN a.invitation_expires_at IS NOT NULL AND a.invitation_expires_at <= @now THEN 'expired'
  ELSE 'invited' END)`;

/**
 * A `granted` access is `none` until its first invitation is sent (saved,
 * but not granted to anybody yet: the contact cannot log in), then `invited`
 * while its link is pending and `expired` once the link's time is up.
 */
export function accessStatus(row: AccessRow | undefined, now: Date): AccessStatus {
  if (!row) return 'none';
  if (row.state === 'revoked') return 'revoked';
  if (row.state === 'active') return 'active';
  if (row.last_invitation_sent_at === null) return 'none';
  if (row.invitation_expires_at !== null && row.invitation_expires_at <= now.toISOString()) return 'expired';
  return 'invited';
}

export function toAccess(row: AccessRow, now: Date): Access {
  return {
    contactId: String(row.contact_id),
    userType: 'client-contact',
    role: 'client',
    userCode: row.user_code,
    email: row.email,
    allowedIps: JSON.parse(row.allowed_ips) as string[],
    branchId: row.branch_id,
    status: accessStatus(row, now),
    invitedAt: row.invited_at,
    invitationExpiresAt: row.invitation_expires_at,
    lastInvitationSentAt: row.last_invitation_sent_at,
    activatedAt: row.activated_at,
    revokedAt: row.revoked_at,
    version: row.version,
  };
}

const COLUMNS = [
  'contact_id',
  'user_code',
  'email',
  'allowed_ips',
  'branch_id',
  'state',
  'invited_at',
  'invitation_expires_at',
  'last_invitation_sent_at',
  'activated_at',
  'revoked_at',
  'version',
  'created_at',
  'updated_at',
] as const;

export class AccessRepository {
  private readonly getStmt: Statement<[number], AccessRow>;
  private readonly byUserCode: Statement<[string], { contact_id: number }>;
  private readonly insertStmt: Statement<AccessRow>;
  private readonly updateStmt: Statement<AccessRow>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly passwordStmt: Statement<[string | null, number]>;
  private readonly byCodeStmt: Statement<[string], AccessRow>;

  constructor(db: Database) {
    this.getStmt = db.prepare<[number], AccessRow>('SELECT * FROM accesses WHERE contact_id = ?');
    this.byUserCode = db.prepare<[string], { contact_id: number }>(
      'SELECT contact_id FROM accesses WHERE user_code = ? COLLATE NOCASE',
    );
    this.insertStmt = db.prepare<AccessRow>(
      `INSERT INTO accesses (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.updateStmt = db.prepare<AccessRow>(
      `UPDATE accesses SET ${COLUMNS.filter((c) => c !== 'contact_id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE contact_id = @contact_id`,
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM accesses WHERE contact_id = ?');
    this.passwordStmt = db.prepare<[string | null, number]>('UPDATE accesses SET password_hash = ? WHERE contact_id = ?');
    this.byCodeStmt = db.prepare<[string], AccessRow>('SELECT * FROM accesses WHERE user_code = ? COLLATE NOCASE');
  }

  /** The access holding `userCode` (compared ignoring case), password hash included. */
  withUserCode(userCode: string): AccessRow | undefined {
    return this.byCodeStmt.get(userCode);
  }

  setPassword(contactId: number, hash: string | null): void {
    this.passwordStmt.run(hash, contactId);
  }

  get(contactId: number): AccessRow | undefined {
    return this.getStmt.get(contactId);
  }

  /** The contact holding `userCode` (compared ignoring case), if any. */
  holderOf(userCode: string): number | undefined {
    return this.byUserCode.get(userCode)?.contact_id;
  }

  insert(row: AccessRow): void {
    this.insertStmt.run(row);
  }

  /** Writes every column of `row` (found by its contact id). */
  replace(row: AccessRow): void {
    this.updateStmt.run(row);
  }

  delete(contactId: number): void {
    this.deleteStmt.run(contactId);
  }
}
