import type { Database, Statement } from 'better-sqlite3';

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
  status: 'pending' | 'sent' | 'interrupted';
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
}

export type NewMail = Pick<
  MailRecord,
  'contact_id' | 'to_address' | 'from_address' | 'subject' | 'text' | 'html' | 'language' | 'transport' | 'created_at'
>;

export class MailboxRepository {
  private readonly insertStmt: Statement<NewMail>;
  private readonly markSentStmt: Statement<[string, string | null, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly listStmt: Statement<[number], MailRecord>;
  private readonly interruptStmt: Statement<[]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<NewMail>(`
      INSERT INTO mailbox (contact_id, to_address, from_address, subject, text, html, language, transport, status, created_at)
      VALUES (@contact_id, @to_address, @from_address, @subject, @text, @html, @language, @transport, 'pending', @created_at)`);
    this.markSentStmt = db.prepare<[string, string | null, number]>(
      "UPDATE mailbox SET status = 'sent', sent_at = ?, message_id = ? WHERE id = ?",
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM mailbox WHERE id = ?');
    this.listStmt = db.prepare<[number], MailRecord>(
      "SELECT * FROM mailbox WHERE status = 'sent' ORDER BY id DESC LIMIT ?",
    );
    this.interruptStmt = db.prepare<[]>("UPDATE mailbox SET status = 'interrupted' WHERE status = 'pending'");
  }

  insertPending(mail: NewMail): number {
    return Number(this.insertStmt.run(mail).lastInsertRowid);
  }

  markSent(id: number, at: Date, messageId: string | null): void {
    this.markSentStmt.run(at.toISOString(), messageId, id);
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** The sent mails, newest first. */
  listSent(limit: number): MailRecord[] {
    return this.listStmt.all(limit);
  }

  /**
   * At start-up, a mail still pending was being sent when the process died:
   * whether it left is unknown. It is kept (the access it belongs to stays
   * saved, so "no access without its mail recorded" holds) and marked
   * interrupted; staff re-send the invitation if the contact got nothing.
   */
  markInterrupted(): number {
    return this.interruptStmt.run().changes;
  }
}
