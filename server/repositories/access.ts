import { type RawBuilder, type Selectable, sql } from 'kysely';
import { ACCESS_STATUSES, type Access, type AccessStatus } from '../../src/api/types.js';
import { type Store, isUniqueViolation } from '../db/database.js';
import type { AccessesTable } from '../db/schema.js';

export type AccessState = AccessesTable['state'];

/** An `accesses` row as read; the password hash only where it was selected (sign-in; `replace` never writes it, `setPassword` does). */
export type AccessRow = Omit<Selectable<AccessesTable>, 'password_hash' | Copied> & { password_hash?: string | null };

/** The contact's columns an access carries: written from the contact, never from an access row. */
type Copied = 'client_code' | 'name_key' | 'email_key';

/** The columns of an access its status is computed from (besides its contact): a contact's search rows carry them too (migration 21). */
export const STATUS_COLUMNS = ['state', 'last_invitation_sent_at', 'invitation_expires_at', 'access_expires_at'] as const;

/**
 * The access status of contact `c` (joined to its access `a`) at `now`, in
 * SQL so the list filters and sorts by it. `accessStatus()` below is the
 * same rule in TypeScript; keep them together. `of`: other rows that carry
 * the access's columns (a contact's search rows, migration 21).
 */
export function accessStatusSql(now: Date, of = 'a'): RawBuilder<AccessStatus> {
  const column = (name: string) => sql.ref(`${of}.${name}`);
  return sql<AccessStatus>`(CASE
  WHEN ${column('contact_id')} IS NULL THEN 'none'
  WHEN ${column('state')} = 'revoked' THEN 'revoked'
  WHEN ${column('access_expires_at')} IS NOT NULL AND ${column('access_expires_at')} <= ${now.toISOString()} THEN 'ended'
  WHEN ${column('state')} = 'active' THEN 'active'
  WHEN ${column('last_invitation_sent_at')} IS NULL THEN 'none'
  WHEN ${column('invitation_expires_at')} IS NOT NULL AND ${column('invitation_expires_at')} <= ${now.toISOString()} THEN 'expired'
  ELSE 'invited' END)`;
}

/** A status's place in the contract's order of the statuses (`ACCESS_STATUSES`): the status sort. */
export function statusRank(status: AccessStatus): number {
  return ACCESS_STATUSES.indexOf(status);
}

/** `statusRank` of `accessStatusSql(now)`, in SQL. */
export function statusRankSql(now: Date): RawBuilder<number> {
  const ranks = ACCESS_STATUSES.map((status, rank) => sql`WHEN ${sql.lit(status)} THEN ${sql.lit(rank)}`);
  return sql<number>`(CASE ${accessStatusSql(now)} ${sql.join(ranks, sql` `)} END)`;
}

/**
 * The columns an access copies from its contact (`client_code`, migration 13; the sort keys, migration
 * 14), as values of an INSERT: read from the contact as the row is written.
 */
export function copiedFromContact(contactId: number) {
  const from = (column: string) => sql<string>`(SELECT ${sql.ref(column)} FROM contacts WHERE id = ${contactId})`;
  return { client_code: from('client_code'), name_key: from('name_key'), email_key: from('email_key') };
}

/** Has the access reached its end (`accessExpiresAt`)? It then cannot be used, whatever its state. */
export function hasEnded(row: Pick<AccessRow, 'access_expires_at'>, now: Date): boolean {
  return row.access_expires_at !== null && row.access_expires_at <= now.toISOString();
}

/**
 * A `granted` access is `none` until its first invitation is sent (saved,
 * but not granted to anybody yet: the contact cannot log in), then `invited`
 * while its link is pending and `expired` once the link's time is up. Any
 * access but a revoked one is `ended` once its end has passed.
 */
export function accessStatus(row: AccessRow | undefined, now: Date): AccessStatus {
  if (!row) return 'none';
  if (row.state === 'revoked') return 'revoked';
  if (hasEnded(row, now)) return 'ended';
  if (row.state === 'active') return 'active';
  if (row.last_invitation_sent_at === null) return 'none';
  if (row.invitation_expires_at !== null && row.invitation_expires_at <= now.toISOString()) return 'expired';
  return 'invited';
}

/** An access's states (the table's check, migration 1). */
export const ACCESS_STATES: readonly AccessState[] = ['granted', 'active', 'revoked'];

/**
 * The states an access in `status` can be in, from the rule itself: `accessStatus` tried on a row of each
 * state with each of the times it compares unset, past and to come. A read of the accesses in one status
 * starts from the index of those states (migration 19), the status then tested on each.
 */
export function statesOf(status: AccessStatus): AccessState[] {
  return STATES_OF.get(status)!;
}

/** `statesOf` for each status, tried once. */
const STATES_OF = (() => {
  const now = new Date('2000-01-01T00:00:00.000Z');
  const times = [null, '1999-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z'];
  const can = (state: AccessState, status: AccessStatus) =>
    times.some((sent) =>
      times.some((linkEnd) =>
        times.some((end) => {
          const row = { state, last_invitation_sent_at: sent, invitation_expires_at: linkEnd, access_expires_at: end } as AccessRow;
          return accessStatus(row, now) === status;
        }),
      ),
    );
  return new Map(ACCESS_STATUSES.map((status) => [status, ACCESS_STATES.filter((state) => can(state, status))]));
})();

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
    accessExpiresAt: row.access_expires_at,
    version: row.version,
  };
}

/** The columns `insert` and `replace` write (not the password hash). */
type AccessColumns = Omit<AccessRow, 'password_hash'>;

function columns(row: AccessRow): AccessColumns {
  // (a row read whole carries the contact's columns too: they are not written back)
  const { password_hash: _hash, client_code: _client, name_key: _name, email_key: _email, ...rest } = row as AccessRow & Partial<Pick<AccessesTable, Copied | 'password_hash'>>;
  return rest;
}

export class AccessRepository {
  constructor(private readonly store: Store) {}

  /** The access holding `userCode` (compared ignoring case), password hash included. */
  async withUserCode(userCode: string): Promise<AccessRow | undefined> {
    return this.store.db.selectFrom('accesses').selectAll().where(sql<string>`lower(user_code)`, '=', userCode.toLowerCase()).executeTakeFirst();
  }

  async setPassword(contactId: number, hash: string | null): Promise<void> {
    await this.store.db.updateTable('accesses').set({ password_hash: hash }).where('contact_id', '=', contactId).execute();
  }

  async get(contactId: number): Promise<AccessRow | undefined> {
    return this.store.db.selectFrom('accesses').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
  }

  /** The contact holding `userCode` (compared ignoring case), if any. */
  async holderOf(userCode: string): Promise<number | undefined> {
    return (await this.withUserCode(userCode))?.contact_id;
  }

  /** Inserts `row`; false when it clashes with a row written meanwhile (its contact's, or its user code's). */
  async insert(row: AccessRow): Promise<boolean> {
    const result = await this.store.db
      .insertInto('accesses')
      .values({ ...columns(row), ...copiedFromContact(row.contact_id) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Writes every column of `row` (found by its contact id) but the password hash; with `version`, only
   * if the row still has it. False when nothing was written (changed or deleted meanwhile);
   * 'user-code-taken' when another access took its user code meanwhile (the unique index said so).
   */
  async replace(row: AccessRow, version?: number): Promise<boolean | 'user-code-taken'> {
    const { contact_id, ...rest } = columns(row);
    try {
      const result = await this.store.db
        .updateTable('accesses')
        .set(rest)
        .where('contact_id', '=', contact_id)
        .$if(version !== undefined, (qb) => qb.where('version', '=', version!))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } catch (error) {
      if (isUniqueViolation(error)) return 'user-code-taken';
      throw error;
    }
  }

  async delete(contactId: number): Promise<void> {
    await this.store.db.deleteFrom('accesses').where('contact_id', '=', contactId).execute();
  }
}
