import type { Store } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { HostTokensTable } from '../db/schema.js';

/** A row as the database gives it (the table is typed once in db/schema.ts). */
export type HostTokenRow = Selectable<HostTokensTable>;

/** The host-issued tokens, found by the SHA-256 of the token. */
export class HostTokenRepository {
  constructor(private readonly store: Store) {}

  async get(tokenHash: string): Promise<HostTokenRow | undefined> {
    return this.store.db.selectFrom('host_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Stores a new token and forgets those expired before `now`. */
  async insert(row: HostTokenRow, now: Date): Promise<void> {
    await this.store.db.deleteFrom('host_tokens').where('expires_at', '<', now.toISOString()).execute();
    await this.store.db.insertInto('host_tokens').values(row).execute();
  }
}
