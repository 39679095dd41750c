/**
 * The changes that time makes, with no request: an access reaching its end
 * (`ended`) and an invitation link running out (`expired`). A status is
 * computed against now (repositories/access.ts), so nothing is written when
 * it changes; `tell` gives each such change its live event, once, whichever
 * instance sweeps: the one row of `time_changes_told` (migration 15) holds
 * the moment up to which they were told, and a sweep tells those of
 * (that moment, now] and moves it, in one transaction that holds the row
 * from its start, so a second instance's sweep waits and then finds them
 * told.
 */
import { sql } from 'kysely';
import type { ClientEventType } from '../../src/api/types.js';
import type { Store } from '../db/database.js';
import type { EventRepository } from './events.js';

export class TimeChangeRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventRepository,
  ) {}

  /** Writes the live event of each change time made since the last sweep, up to `now`; returns how many. */
  async tell(now: Date): Promise<number> {
    const until = now.toISOString();
    return this.store.transaction(async () => {
      const db = this.store.db;
      // A write first: it holds the row (PostgreSQL) or the file (SQLite) until commit, so a second sweep
      // waits here, then reads the moment this one moved.
      await db.updateTable('time_changes_told').set({ until: sql`until` }).where('id', '=', 1).execute();
      const row = await db.selectFrom('time_changes_told').select('until').where('id', '=', 1).executeTakeFirstOrThrow();
      const since = row.until;
      if (since !== null && since >= until) return 0; // another instance (or a clock ahead) told them
      const changes = since === null ? [] : await this.between(since, until);
      for (const c of changes) await this.events.record(c.client_code, c.type, c.contact_id, new Date(c.at));
      await db.updateTable('time_changes_told').set({ until }).where('id', '=', 1).execute();
      return changes.length;
    });
  }

  /**
   * The changes in (since, until], oldest first: the accesses whose end passed (not revoked ones: they are
   * `revoked` either way), and the invitations whose link ran out while the access was `invited` (sent,
   * not accepted, not ended before).
   */
  private async between(since: string, until: string) {
    const db = this.store.db;
    const ended = db
      .selectFrom('accesses')
      .select(['client_code', 'contact_id', 'access_expires_at as at', sql<ClientEventType>`'access-ended'`.as('type')])
      .where('access_expires_at', '>', since)
      .where('access_expires_at', '<=', until)
      .where('state', '<>', 'revoked');
    const expired = db
      .selectFrom('accesses')
      .select(['client_code', 'contact_id', 'invitation_expires_at as at', sql<ClientEventType>`'invitation-expired'`.as('type')])
      .where('invitation_expires_at', '>', since)
      .where('invitation_expires_at', '<=', until)
      .where('state', '=', 'granted')
      .where('last_invitation_sent_at', 'is not', null)
      .where((eb) => eb.or([eb('access_expires_at', 'is', null), eb('access_expires_at', '>', eb.ref('invitation_expires_at'))]));
    const rows = await ended.unionAll(expired).execute();
    return rows
      .map((r) => ({ ...r, at: r.at! }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.contact_id - b.contact_id));
  }
}
