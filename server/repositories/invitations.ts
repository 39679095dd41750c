import type { Store } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { InvitationsTable } from '../db/schema.js';

export type InvalidationReason = 'superseded' | 'revoked';

/** A row as the database gives it (the table is typed once in db/schema.ts). */
export type InvitationRow = Selectable<InvitationsTable>;

export class InvitationRepository {
  constructor(private readonly store: Store) {}

  /**
   * Spends a pending link; false when it was no longer pending. A conditional
   * UPDATE: of two instances spending the same link at once, one changes the
   * row and the other finds it spent.
   */
  async markUsed(id: number, now: Date): Promise<boolean> {
    const result = await this.store.db
      .updateTable('invitations')
      .set({ used_at: now.toISOString() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('invalidated_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insert(contactId: number, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<number> {
    const row = await this.store.db
      .insertInto('invitations')
      .values({ contact_id: contactId, token_hash: tokenHash, created_at: createdAt.toISOString(), expires_at: expiresAt.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Marks the contact's pending links unusable; returns their ids (to undo it if the mail fails). */
  async invalidatePending(contactId: number, reason: InvalidationReason, now: Date): Promise<number[]> {
    const rows = await this.store.db
      .updateTable('invitations')
      .set({ invalidated_at: now.toISOString(), invalidated_reason: reason })
      .where('contact_id', '=', contactId)
      .where('used_at', 'is', null)
      .where('invalidated_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async restore(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.store.db.updateTable('invitations').set({ invalidated_at: null, invalidated_reason: null }).where('id', 'in', ids).execute();
  }

  async delete(id: number): Promise<void> {
    await this.store.db.deleteFrom('invitations').where('id', '=', id).execute();
  }

  async deleteForContact(contactId: number): Promise<void> {
    await this.store.db.deleteFrom('invitations').where('contact_id', '=', contactId).execute();
  }

  async findByHash(tokenHash: string): Promise<InvitationRow | undefined> {
    return this.store.db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  private async byId(id: number): Promise<InvitationRow | undefined> {
    return this.store.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The link if it still works (not used, superseded, revoked or expired). For the mail outbox. */
  async getLive(id: number, now: Date): Promise<InvitationRow | undefined> {
    const row = await this.byId(id);
    return row && row.used_at === null && row.invalidated_at === null && Date.parse(row.expires_at) > now.getTime() ? row : undefined;
  }

  /** Whether the link died by expiring alone. For the mail outbox. */
  async isExpired(id: number, now: Date): Promise<boolean> {
    const row = await this.byId(id);
    return row !== undefined && row.used_at === null && row.invalidated_at === null && Date.parse(row.expires_at) <= now.getTime();
  }

  /** A retried mail carries a new token for the same link row (the old one was never delivered). */
  async replaceTokenHash(id: number, tokenHash: string): Promise<void> {
    await this.store.db.updateTable('invitations').set({ token_hash: tokenHash }).where('id', '=', id).execute();
  }
}
