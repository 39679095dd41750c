/**
 * `Idempotency-Key` for the calls that create or send something (POST
 * contact, PUT access, POST invitation). A key is scoped by method, path
 * (so by client and contact) and caller. The first *successful* (2xx) answer is stored
 * with a hash of the request body; the same key again returns it verbatim
 * (status, body, ETag/Location) and does nothing else; the same key with a
 * different body is a 422. Failures (4xx, 5xx) are not stored: nothing was
 * done, so a retry with the same key may succeed. Records are kept 24 hours.
 *
 * A request claims its key first (a row with status 0, unique per method,
 * path and key): with several instances sharing the database, one request
 * wins and runs; the same key arriving meanwhile, here or on another
 * instance, waits for the winner's answer and replays it (or runs, if the
 * winner failed and dropped its claim). A claim left by an instance that died
 * is taken over after `CLAIM_STALE_MS`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, badRequest } from './problem.js';
import type { IdempotencyRepository, StoredResponse } from './repositories/idempotency.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this was left by an instance that stopped: the next request takes it over. */
export const CLAIM_STALE_MS = 2 * 60 * 1000;
/** How often a request waiting for another one's answer looks again. */
const POLL_MS = 25;

export interface HandlerResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A stable hash of a JSON value: object keys sorted, so property order does not matter. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableStringify(value ?? null)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class Idempotency {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly clock: () => Date,
  ) {}

  /**
   * Runs `work` unless the request's key was already used, and sends the
   * answer. `work` throws `HttpProblem`s for failures. `bodyless`: the
   * operation takes no body, so the body plays no part in the comparison.
   */
  async handle(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<HandlerResult> | HandlerResult,
    options: { bodyless?: boolean } = {},
  ): Promise<FastifyReply> {
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) return send(reply, toStored(await work()));
    if (key.length < 1 || key.length > 255) throw badRequest('Idempotency-Key must be 1 to 255 characters long.');

    const method = request.method;
    // Scoped by who calls too: one user's key never replays another's answer.
    const url = request.url.split('?')[0] ?? request.url;
    const path = request.actor ? `${url} ${request.actor.kind}:${request.actor.id}` : url;
    // A call without a request body (POST .../invitation) is the same call whatever is sent.
    const hash = fingerprint(options.bodyless ? null : request.body);
    for (;;) {
      const now = this.clock();
      if (await this.repo.claim(method, path, key, hash, now)) break;
      const previous = await this.repo.find(method, path, key);
      if (!previous) continue; // the winner failed and dropped its claim: claim again
      if (previous.requestHash !== hash) {
        throw new HttpProblem(
          422,
          'This Idempotency-Key was already used with a different request body. Use a new key for a new operation.',
          { type: 'idempotency-key-reused' },
        );
      }
      if (previous.status !== 0) {
        reply.header('Idempotent-Replayed', 'true');
        return send(reply, previous);
      }
      // Another request holds the key: wait for its answer (or take over a claim its instance left).
      await this.repo.release(method, path, key, new Date(now.getTime() - CLAIM_STALE_MS));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    let result: StoredResponse;
    try {
      result = toStored(await work());
    } catch (error) {
      await this.repo.release(method, path, key);
      throw error;
    }
    if (result.status >= 200 && result.status < 300) {
      const now = this.clock();
      await this.repo.complete(method, path, key, result);
      await this.repo.purgeBefore(new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    } else {
      await this.repo.release(method, path, key);
    }
    return send(reply, result);
  }
}

function toStored(result: HandlerResult): StoredResponse {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
  return { status: result.status, headers, body: result.body === undefined ? '' : JSON.stringify(result.body) };
}

function send(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  reply.code(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
  return stored.body === '' ? reply.send() : reply.send(stored.body);
}
