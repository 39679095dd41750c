/**
 * The mailbox table: every mail the server sends, and the outbox of the ones
 * waiting for another attempt (see server/mail/outbox.ts).
 */
import { type Selectable, sql } from 'kysely';
import type { Store } from '../db/database.js';
import type { MailboxTable } from '../db/schema.js';

export type MailStatus = MailboxTable['status'];

/** A `mailbox` row as read (`headers`: JSON `[[name, value], ...]`). */
export type MailRecord = Selectable<MailboxTable>;

export type NewMail = Pick<
  MailRecord,
  | 'contact_id'
  | 'to_address'
  | 'from_address'
  | 'subject'
  | 'text'
  | 'html'
  | 'language'
  | 'transport'
  | 'created_at'
  | 'kind'
  | 'invitation_id'
  | 'requested_by'
  | 'requested_from'
>;

/** What an attempt changes in the row. */
export interface AttemptResult {
  id: number;
  status: 'sent' | 'retrying' | 'failed';
  at: string;
  messageId: string | null;
  headers: string | null;
  nextAttemptAt: string | null;
  error: string | null;
}

export class MailboxRepository {
  constructor(private readonly store: Store) {}

  /** Records a mail about to be sent; the instance sending it holds it until `leaseUntil`. */
  async insertPending(mail: NewMail, leaseUntil: Date): Promise<number> {
    const row = await this.store.db
      .insertInto('mailbox')
      .values({ ...mail, status: 'pending', lease_until: leaseUntil.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The result of an attempt; the lease ends with it. */
  async recordAttempt(result: AttemptResult): Promise<void> {
    await this.store.db
      .updateTable('mailbox')
      .set({
        status: result.status,
        attempts: sql`attempts + 1`,
        last_error: result.error,
        next_attempt_at: result.nextAttemptAt,
        lease_until: null,
        ...(result.messageId !== null ? { message_id: result.messageId } : {}),
        ...(result.headers !== null ? { headers: result.headers } : {}),
        ...(result.status === 'sent' ? { sent_at: result.at } : {}),
      })
      .where('id', '=', result.id)
      .execute();
  }

  /** A retry renders the mail again (new link): the stored copy follows. */
  async updateContent(id: number, subject: string, text: string, html: string): Promise<void> {
    await this.store.db.updateTable('mailbox').set({ subject, text, html }).where('id', '=', id).execute();
  }

  async cancel(id: number): Promise<void> {
    await this.store.db.updateTable('mailbox').set({ status: 'cancelled', next_attempt_at: null, lease_until: null }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.store.db.deleteFrom('mailbox').where('id', '=', id).execute();
  }

  async get(id: number): Promise<MailRecord | undefined> {
    return this.store.db.selectFrom('mailbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every mail, newest first, whatever its status. */
  async list(limit: number): Promise<MailRecord[]> {
    return this.store.db.selectFrom('mailbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }

  /**
   * Claims the oldest mail due for a retry that no instance holds, for this
   * instance until `leaseUntil`. On PostgreSQL the row is picked with
   * `FOR UPDATE SKIP LOCKED`: instances claiming at the same moment take
   * different mails, never the same one; on SQLite writes are serialised.
   */
  async claimDue(now: Date, leaseUntil: Date): Promise<MailRecord | undefined> {
    const at = now.toISOString();
    const db = this.store.db;
    const due = db
      .selectFrom('mailbox')
      .select('id')
      .where('status', '=', 'retrying')
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(1)
      .$if(this.store.engine === 'postgres', (qb) => qb.forUpdate().skipLocked());
    return db
      .updateTable('mailbox')
      .set({ lease_until: leaseUntil.toISOString() })
      .where('id', '=', due)
      .returningAll()
      .executeTakeFirst();
  }

  /** When the outbox has something to do next: a retry due, or a lease of a mail being sent that ends. */
  async nextDue(): Promise<Date | undefined> {
    const row = await this.store.db
      .selectFrom('mailbox')
      .select((eb) => [
        eb.fn.min(eb.case().when('status', '=', 'retrying').then(eb.ref('next_attempt_at')).else(null).end()).as('retry'),
        eb.fn.min(eb.case().when('status', '=', 'pending').then(eb.ref('lease_until')).else(null).end()).as('lease'),
      ])
      .where('status', 'in', ['retrying', 'pending'])
      .executeTakeFirst();
    const times = [row?.retry, row?.lease].filter((t): t is string => typeof t === 'string').sort();
    return times[0] ? new Date(times[0]) : undefined;
  }

  /**
   * A mail still pending after its lease was being sent by an instance that
   * died: whether it left is unknown, so it is not sent again (the contact
   * might get it twice). It is kept and marked interrupted; the caller writes
   * it in the trail so staff can re-send the invitation.
   */
  async markInterrupted(now: Date): Promise<MailRecord[]> {
    const at = now.toISOString();
    return this.store.db
      .updateTable('mailbox')
      .set({ status: 'interrupted', lease_until: null })
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .returningAll()
      .execute();
  }
}
