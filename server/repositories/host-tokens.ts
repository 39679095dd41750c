import type { Store } from '../db/database.js';

export interface HostTokenRow {
  token_hash: string;
  user_id: string;
  user_name: string;
  /** JSON array of client codes. */
  client_codes: string;
  created_at: string;
  expires_at: string;
}

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
