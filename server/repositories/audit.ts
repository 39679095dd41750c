import type { Database, Statement } from 'better-sqlite3';
import type { AuditEvent } from '../../src/api/types.js';

export type AuditAction = AuditEvent['action'];

export interface AuditInput {
  clientCode: string;
  contactId: number;
  at: Date;
  action: AuditAction;
  actor: string;
  address: string;
  detail?: string | undefined;
}

interface AuditRow {
  id: number;
  at: string;
  action: AuditAction;
  actor: string;
  address: string;
  detail: string | null;
}

export class AuditRepository {
  private readonly insertStmt: Statement<[string, number, string, string, string, string, string | null]>;
  private readonly listStmt: Statement<[number], AuditRow>;
  private readonly deleteStmt: Statement<[number]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO audit_events (client_code, contact_id, at, action, actor, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.listStmt = db.prepare<[number], AuditRow>(
      'SELECT id, at, action, actor, address, detail FROM audit_events WHERE contact_id = ? ORDER BY id DESC',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM audit_events WHERE id = ?');
  }

  record(event: AuditInput): number {
    const info = this.insertStmt.run(
      event.clientCode,
      event.contactId,
      event.at.toISOString(),
      event.action,
      event.actor,
      event.address,
      event.detail ?? null,
    );
    return Number(info.lastInsertRowid);
  }

  /** Newest first. */
  list(contactId: number): AuditEvent[] {
    return this.listStmt.all(contactId).map((row) => {
      const event: AuditEvent = {
        id: String(row.id),
        at: row.at,
        action: row.action,
        actor: row.actor,
        address: row.address,
      };
      if (row.detail !== null) event.detail = row.detail;
      return event;
    });
  }

  delete(ids: readonly number[]): void {
    for (const id of ids) this.deleteStmt.run(id);
  }
}
