import type { Store } from '../db/database.js';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A key's record: a claim (`status` 0: the first request is being handled) or the stored answer. */
export interface IdempotencyRecord extends StoredResponse {
  requestHash: string;
  createdAt: string;
}

/**
 * Idempotency keys, primary key (method, path, key). A request claims its key
 * by inserting a row with status 0; the unique key lets one request win
 * across every instance sharing the database; the winner stores its answer in
 * that row (or drops the claim when it failed).
 */
export class IdempotencyRepository {
  constructor(private readonly store: Store) {}

  async find(method: string, path: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.store.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'headers', 'body', 'created_at'])
      .where('method', '=', method)
      .where('path', '=', path)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: row.body,
      createdAt: row.created_at,
    };
  }

  /** Claims the key; false when a record (a claim or an answer) already holds it. */
  async claim(method: string, path: string, key: string, requestHash: string, now: Date): Promise<boolean> {
    const result = await this.store.db
      .insertInto('idempotency_keys')
      .values({ method, path, key, request_hash: requestHash, status: 0, headers: '{}', body: '', created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['method', 'path', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return result !== undefined;
  }

  /** Stores the answer of the claimed key. */
  async complete(method: string, path: string, key: string, response: StoredResponse): Promise<void> {
    await this.store.db
      .updateTable('idempotency_keys')
      .set({ status: response.status, headers: JSON.stringify(response.headers), body: response.body })
      .where('method', '=', method)
      .where('path', '=', path)
      .where('key', '=', key)
      .execute();
  }

  /** Drops a claim (the request failed: a retry may run it again), or a claim left older than `staleBefore`. */
  async release(method: string, path: string, key: string, staleBefore?: Date): Promise<void> {
    await this.store.db
      .deleteFrom('idempotency_keys')
      .where('method', '=', method)
      .where('path', '=', path)
      .where('key', '=', key)
      .where('status', '=', 0)
      .$if(staleBefore !== undefined, (qb) => qb.where('created_at', '<', staleBefore!.toISOString()))
      .execute();
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.store.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
