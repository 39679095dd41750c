/**
 * The live events of each client (`client_events`, migration 8): one row per
 * change, numbered per client. `record` runs in the transaction of the change
 * (it joins the caller's, or opens its own): the number comes from the
 * client's row of `client_event_counters`, incremented in place, so on
 * PostgreSQL the row lock held until commit makes the numbers of one client
 * commit in order (a reader that saw number n never misses a smaller one);
 * SQLite has one writer at a time anyway. On PostgreSQL the same transaction
 * sends `NOTIFY client_events, '<client code>'`, delivered to every instance
 * at commit; on SQLite `onRecorded` tells this process (see services/events.ts).
 */
import { sql } from 'kysely';
import type { ClientEvent, ClientEventType } from '../../src/api/types.js';
import type { Store } from '../db/database.js';

/** The PostgreSQL channel of the live events; the payload is the client code. */
export const EVENTS_CHANNEL = 'client_events';

/**
 * The client's last number (0 before its first event) as a scalar subquery: a
 * list reads it in its own statement, so in the same snapshot as what it lists.
 */
export function lastSeqSql(clientCode: string) {
  return sql<number>`coalesce((SELECT last_seq FROM client_event_counters WHERE client_code = ${clientCode}), 0)`;
}

/**
 * The client's last number as `lastSeqSql` reads it, or null when there is no such client: the statement
 * of a list's page checks its client with it, rather than in a round trip of its own.
 */
export function listedSeqSql(clientCode: string) {
  return sql<number | null>`(CASE WHEN EXISTS (SELECT 1 FROM clients WHERE code = ${clientCode}) THEN ${lastSeqSql(clientCode)} END)`;
}

export interface StoredEvent extends ClientEvent {
  seq: number;
}

export class EventRepository {
  /** Called once the row is written (not yet committed) on SQLite; services/events.ts sets it. */
  onRecorded: ((clientCode: string) => void) | undefined;

  constructor(private readonly store: Store) {}

  async record(clientCode: string, type: ClientEventType, contactId: number, at: Date): Promise<number> {
    return this.store.transaction(async () => {
      const db = this.store.db;
      const { last_seq: seq } = await db
        .insertInto('client_event_counters')
        .values({ client_code: clientCode, last_seq: 1 })
        .onConflict((oc) => oc.column('client_code').doUpdateSet({ last_seq: sql`client_event_counters.last_seq + 1` }))
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      await db.insertInto('client_events').values({ client_code: clientCode, seq, type, contact_id: contactId, at: at.toISOString() }).execute();
      if (this.store.engine === 'postgres') await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${clientCode})`.execute(db);
      else this.onRecorded?.(clientCode);
      return seq;
    });
  }

  /** The client's last number (0 before its first event). */
  async lastSeq(clientCode: string): Promise<number> {
    const row = await this.store.db.selectNoFrom(lastSeqSql(clientCode).as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The client's events after `seq`, oldest first, at most `limit`. */
  async after(clientCode: string, seq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.store.db
      .selectFrom('client_events')
      .select(['seq', 'type', 'contact_id', 'at'])
      .where('client_code', '=', clientCode)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: r.seq, type: r.type as ClientEventType, contactId: String(r.contact_id), at: r.at }));
  }

  /** The sum of every client's last number: it grows with each event (the SQLite poll for other processes' writes). */
  async total(): Promise<number> {
    const row = await this.store.db
      .selectFrom('client_event_counters')
      .select(sql<number>`coalesce(sum(last_seq), 0)`.as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** Deletes the events older than `before`; the counters stay, so numbers are never reused. */
  async prune(before: Date): Promise<void> {
    await this.store.db.deleteFrom('client_events').where('at', '<', before.toISOString()).execute();
  }
}
