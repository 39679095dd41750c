import type { Database, Statement } from 'better-sqlite3';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface IdempotencyRow {
  request_hash: string;
  status: number;
  headers: string;
  body: string;
}

export class IdempotencyRepository {
  private readonly findStmt: Statement<[string, string, string], IdempotencyRow>;
  private readonly insertStmt: Statement<[string, string, string, string, number, string, string, string]>;
  private readonly purgeStmt: Statement<[string]>;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string, string, string], IdempotencyRow>(
      'SELECT request_hash, status, headers, body FROM idempotency_keys WHERE method = ? AND path = ? AND key = ?',
    );
    this.insertStmt = db.prepare(
      `INSERT INTO idempotency_keys (method, path, key, request_hash, status, headers, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.purgeStmt = db.prepare<[string]>('DELETE FROM idempotency_keys WHERE created_at < ?');
  }

  find(method: string, path: string, key: string): (StoredResponse & { requestHash: string }) | undefined {
    const row = this.findStmt.get(method, path, key);
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: row.body,
    };
  }

  save(method: string, path: string, key: string, requestHash: string, response: StoredResponse, now: Date): void {
    this.insertStmt.run(
      method,
      path,
      key,
      requestHash,
      response.status,
      JSON.stringify(response.headers),
      response.body,
      now.toISOString(),
    );
  }

  purgeBefore(cutoff: Date): number {
    return this.purgeStmt.run(cutoff.toISOString()).changes;
  }
}
