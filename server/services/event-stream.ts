/**
 * One stream of GET /api/v1/clients/{clientId}/events (openapi.yaml says the
 * format): a PassThrough the route sends (so the API's headers and hooks
 * apply), fed from `client_events` whenever LiveEvents (events.ts) wakes it.
 *
 * A stream lasts at most `STREAM_MAX_MS`: the browser reconnects with
 * `Last-Event-ID` and is authenticated again, so an expired host token, an
 * ended session or a withdrawn right stops the events within that time.
 */
import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { ClientEvent } from '../../src/api/types.js';
import type { AppContext } from '../context.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactListQuery } from '../repositories/contacts.js';
import type { StoredEvent } from '../repositories/events.js';

/** The wait the browser is told to leave before reconnecting (`retry:`). */
export const RETRY_MS = 2_000;
/** A comment line this often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** A stream ends after this long; the browser reconnects (and is authenticated again). */
export const STREAM_MAX_MS = 5 * 60_000;
const BATCH = 200;

export interface EventStream {
  /** What the route sends. */
  body: PassThrough;
  /** Stops it (the connection closed). */
  end(): void;
}

/** The number after which to resume: a non-negative integer up to the client's last, or null. */
function resumeFrom(header: string | string[] | undefined, last: number): number | null {
  const text = (Array.isArray(header) ? header[0] : header)?.trim();
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return n <= last ? n : null;
}

function frame(event: string, id: number, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

function view(event: StoredEvent): ClientEvent {
  return { type: event.type, contactId: event.contactId, at: event.at };
}

/**
 * Opens the client's stream: `ready` (or `reset` when `lastEventId` cannot be
 * resumed from), then the events after `lastEventId` (or from now), then each
 * new one. `branch`: the restriction of a branch-limited portal session.
 */
export async function openEventStream(
  ctx: AppContext,
  client: ClientRow,
  lastEventId: string | string[] | undefined,
  branch: ContactListQuery['branch'],
  log: FastifyBaseLogger,
): Promise<EventStream> {
  const visible = visibility(ctx, branch);
  const last = await ctx.events.lastSeq(client.code);
  let seq = lastEventId === undefined ? last : (resumeFrom(lastEventId, last) ?? -1);
  // Resuming needs every event after `seq`: the next one must still be there (they are pruned after a day).
  if (seq >= 0 && seq < last && (await ctx.events.after(client.code, seq, 1))[0]?.seq !== seq + 1) seq = -1;

  const body = new PassThrough();
  body.write(`retry: ${RETRY_MS}\n`);
  if (seq === -1) {
    seq = last;
    body.write(frame('reset', seq, {}));
  } else body.write(frame('ready', seq, {}));

  let pumping = false;
  let again = false;
  let ended = false;
  const pump = async (): Promise<void> => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const batch = await ctx.events.after(client.code, seq, BATCH);
        for (const event of batch) {
          if (ended) return;
          seq = event.seq;
          if (await visible(event)) body.write(frame(event.type, event.seq, view(event)));
        }
        if (batch.length === BATCH) again = true;
      } while (again && !ended);
    } catch (error) {
      log.warn({ err: error }, 'event stream failed');
      end();
    } finally {
      pumping = false;
    }
  };
  const heartbeat = setInterval(() => body.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const limit = setTimeout(() => end(), STREAM_MAX_MS);
  const unwatch = ctx.live.watch(client.code, () => void pump(), () => end());
  function end(): void {
    if (ended) return;
    ended = true;
    unwatch();
    clearInterval(heartbeat);
    clearTimeout(limit);
    body.end();
  }
  void pump(); // what was written between reading `last` and watching
  return { body, end };
}

/** A portal session limited to a branch sees the events of the contacts it may read (itself, its branch's). */
function visibility(ctx: AppContext, branch: ContactListQuery['branch']): (event: StoredEvent) => Promise<boolean> {
  if (!branch) return async () => true;
  return async (event) => {
    const id = Number(event.contactId);
    return id === branch.selfId || (await ctx.accesses.get(id))?.branch_id === branch.branchId;
  };
}
