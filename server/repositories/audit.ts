import type { AuditEvent } from '../../src/api/types.js';
import type { Store } from '../db/database.js';
import { EVENT_OF_AUDIT } from '../../src/internal/live-events.js';
import type { EventRepository } from './events.js';

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

export class AuditRepository {
  constructor(
    private readonly store: Store,
    /** Each audit row of an access change also writes the client's live event, in the same transaction. */
    private readonly events: EventRepository,
  ) {}

  async record(event: AuditInput): Promise<number> {
    const type = EVENT_OF_AUDIT[event.action];
    if (!type) return this.insert(event);
    return this.store.transaction(async () => {
      const id = await this.insert(event);
      await this.events.record(event.clientCode, type, event.contactId, event.at);
      return id;
    });
  }

  private async insert(event: AuditInput): Promise<number> {
    const row = await this.store.db
      .insertInto('audit_events')
      .values({
        client_code: event.clientCode,
        contact_id: event.contactId,
        at: event.at.toISOString(),
        action: event.action,
        actor: event.actor,
        address: event.address,
        detail: event.detail ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Newest first. */
  async list(contactId: number): Promise<AuditEvent[]> {
    const rows = await this.store.db
      .selectFrom('audit_events')
      .select(['id', 'at', 'action', 'actor', 'address', 'detail'])
      .where('contact_id', '=', contactId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => {
      const event: AuditEvent = {
        id: String(row.id),
        at: row.at,
        action: row.action as AuditAction,
        actor: row.actor,
        address: row.address,
      };
      if (row.detail !== null) event.detail = row.detail;
      return event;
    });
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.store.db.deleteFrom('audit_events').where('id', 'in', ids).execute();
  }
}
