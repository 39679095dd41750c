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
import { accessStatusSql } from './access.js';
import type { EventRepository } from './events.js';

export class TimeChangeRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventRepository,
  ) {}

  /** Writes the live event of each change time made since the last sweep, up to `now`; returns how many. */
  async tell(now: Date): Promise<number> {
    const until = now.toISOString();
    // Most sweeps find nothing: they read, and write nothing (the moment stays, the next window starts
    // there). A write waits for the database's lock: on SQLite, a file held by another process would
    // stall this process for the busy timeout at every sweep.
    const told = await this.store.db.selectFrom('time_changes_told').select('until').where('id', '=', 1).executeTakeFirstOrThrow();
    if (told.until !== null && (told.until >= until || (await this.between(told.until, until)).length === 0)) return 0;
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
   * The changes in (since, until], oldest first: the accesses whose end or whose link's end passed then, and
   * whose status (the one rule, `accessStatusSql`) moved to `ended` or `expired` (not a revoked access, not
   * the link of an access that had ended); `at`, the moment it moved.
   */
  private async between(since: string, until: string) {
    const passing = (column: 'a.access_expires_at' | 'a.invitation_expires_at') =>
      this.store.db
        .selectFrom('accesses as a')
        .select(['a.client_code', 'a.contact_id', 'a.access_expires_at', 'a.invitation_expires_at'])
        .select([accessStatusSql(new Date(since)).as('was'), accessStatusSql(new Date(until)).as('status')])
        .where(column, '>', since)
        .where(column, '<=', until);
    const rows = await passing('a.access_expires_at').union(passing('a.invitation_expires_at')).execute();
    return rows
      .filter((r) => r.was !== r.status && (r.status === 'ended' || r.status === 'expired'))
      .map((r) => {
        const ended = r.status === 'ended';
        const type: ClientEventType = ended ? 'access-ended' : 'invitation-expired';
        return { client_code: r.client_code, contact_id: r.contact_id, type, at: (ended ? r.access_expires_at : r.invitation_expires_at)! };
      })
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.contact_id - b.contact_id));
  }
}
