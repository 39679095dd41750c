import type { Store } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { SessionsTable } from '../db/schema.js';

/** A row as the database gives it (the table is typed once in db/schema.ts). */
export type SessionRow = Selectable<SessionsTable>;

/** Signed-in sessions, found by the SHA-256 of the cookie's value. */
export class SessionRepository {
  constructor(private readonly store: Store) {}

  async get(idHash: string): Promise<SessionRow | undefined> {
    return this.store.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async insert(row: SessionRow): Promise<void> {
    await this.store.db.insertInto('sessions').values(row).execute();
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.store.db.updateTable('sessions').set({ last_seen_at: at.toISOString() }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Signs the contact out everywhere (revoked, or a new password). */
  async deleteForContact(contactId: number): Promise<number> {
    const result = await this.store.db.deleteFrom('sessions').where('contact_id', '=', contactId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes the sessions idle since `idleBefore` or created before `createdBefore`. */
  async purge(idleBefore: Date, createdBefore: Date): Promise<void> {
    await this.store.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore.toISOString()), eb('created_at', '<', createdBefore.toISOString())]))
      .execute();
  }
}
