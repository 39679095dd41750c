/**
 * The mailbox table: every mail the server sends, and the outbox of the ones
 * waiting for another attempt (see server/mail/outbox.ts).
 */
import type { Database, Statement } from 'better-sqlite3';

export type MailStatus = 'pending' | 'sent' | 'retrying' | 'failed' | 'cancelled' | 'interrupted';

export interface MailRecord {
  id: number;
  contact_id: number | null;
  to_address: string;
  from_address: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  transport: string;
  status: MailStatus;
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
  kind: string | null;
  invitation_id: number | null;
  /** JSON `[[name, value], ...]`. */
  headers: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  requested_by: string | null;
  requested_from: string | null;
}

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
  private readonly insertStmt: Statement<NewMail>;
  private readonly attemptStmt: Statement<AttemptResult>;
  private readonly contentStmt: Statement<[string, string, string, number]>;
  private readonly statusStmt: Statement<[string, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly getStmt: Statement<[number], MailRecord>;
  private readonly listStmt: Statement<[number], MailRecord>;
  private readonly dueStmt: Statement<[string], MailRecord>;
  private readonly nextDueStmt: Statement<[], { at: string | null }>;
  private readonly pendingStmt: Statement<[], MailRecord>;
  private readonly interruptStmt: Statement<[]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<NewMail>(`
      INSERT INTO mailbox (contact_id, to_address, from_address, subject, text, html, language, transport, status, created_at,
                           kind, invitation_id, requested_by, requested_from)
      VALUES (@contact_id, @to_address, @from_address, @subject, @text, @html, @language, @transport, 'pending', @created_at,
              @kind, @invitation_id, @requested_by, @requested_from)`);
    this.attemptStmt = db.prepare<AttemptResult>(`
      UPDATE mailbox SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt,
        message_id = COALESCE(@messageId, message_id), headers = COALESCE(@headers, headers),
        sent_at = CASE WHEN @status = 'sent' THEN @at ELSE sent_at END
      WHERE id = @id`);
    this.contentStmt = db.prepare<[string, string, string, number]>('UPDATE mailbox SET subject = ?, text = ?, html = ? WHERE id = ?');
    this.statusStmt = db.prepare<[string, number]>('UPDATE mailbox SET status = ?, next_attempt_at = NULL WHERE id = ?');
    this.deleteStmt = db.prepare<[number]>('DELETE FROM mailbox WHERE id = ?');
    this.getStmt = db.prepare<[number], MailRecord>('SELECT * FROM mailbox WHERE id = ?');
    this.listStmt = db.prepare<[number], MailRecord>('SELECT * FROM mailbox ORDER BY id DESC LIMIT ?');
    this.dueStmt = db.prepare<[string], MailRecord>(
      "SELECT * FROM mailbox WHERE status = 'retrying' AND next_attempt_at <= ? ORDER BY next_attempt_at, id",
    );
    this.nextDueStmt = db.prepare<[], { at: string | null }>("SELECT MIN(next_attempt_at) AS at FROM mailbox WHERE status = 'retrying'");
    this.pendingStmt = db.prepare<[], MailRecord>("SELECT * FROM mailbox WHERE status = 'pending'");
    this.interruptStmt = db.prepare<[]>("UPDATE mailbox SET status = 'interrupted' WHERE status = 'pending'");
  }

  insertPending(mail: NewMail): number {
    return Number(this.insertStmt.run(mail).lastInsertRowid);
  }

  recordAttempt(result: AttemptResult): void {
    this.attemptStmt.run(result);
  }

  /** A retry renders the mail again (new link): the stored copy follows. */
  updateContent(id: number, subject: string, text: string, html: string): void {
    this.contentStmt.run(subject, text, html, id);
  }

  cancel(id: number): void {
    this.statusStmt.run('cancelled', id);
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  get(id: number): MailRecord | undefined {
    return this.getStmt.get(id);
  }

  /** Every mail, newest first, whatever its status. */
  list(limit: number): MailRecord[] {
    return this.listStmt.all(limit);
  }

  /** The mails waiting for a retry whose time has come, oldest first. */
  due(now: Date): MailRecord[] {
    return this.dueStmt.all(now.toISOString());
  }

  /** When the next retry is due, if any. */
  nextDue(): Date | undefined {
    const at = this.nextDueStmt.get()?.at;
    return at ? new Date(at) : undefined;
  }

  /**
   * At start-up, a mail still pending was being sent when the process died:
   * whether it left is unknown, so it is not sent again (the contact might
   * get it twice). It is kept and marked interrupted; the caller writes it
   * in the trail so staff can re-send the invitation.
   */
  markInterrupted(): MailRecord[] {
    const rows = this.pendingStmt.all();
    this.interruptStmt.run();
    return rows;
  }
}
