/**
 * A reader of `GET /clients/{id}/events` for the tests: real HTTP (fetch), the
 * stream parsed by eventsource-parser (the same parser the elements use).
 */
import assert from 'node:assert/strict';
import { type EventSourceMessage, createParser } from 'eventsource-parser';
import { API_TOKEN, type TestServer } from './harness.js';

export interface Received extends EventSourceMessage {
  /** `data:` parsed. */
  body: Record<string, unknown>;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** Every event received so far (`ready`, `reset` and the changes). */
  received: Received[];
  /** The `retry:` values received. */
  retries: number[];
  /** Resolves with the first event received (now or later) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (event: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens the stream (with the service token unless `headers` authenticate otherwise). */
export async function openEvents(server: TestServer, clientId: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const abort = new AbortController();
  const named = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  const sent: Record<string, string> = { accept: 'text/event-stream', ...headers };
  if (!named('authorization') && !named('cookie')) sent['authorization'] = `Bearer ${API_TOKEN}`;
  const response = await fetch(`${server.base}/api/v1/clients/${encodeURIComponent(clientId)}/events`, { headers: sent, signal: abort.signal });
  const received: Received[] = [];
  const retries: number[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent(message) {
      received.push({ ...message, body: JSON.parse(message.data) as Record<string, unknown> });
      for (const waiter of [...waiters]) waiter();
    },
    onRetry: (ms) => retries.push(ms),
  });
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(read.value);
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    received,
    retries,
    ended,
    next(match, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(received.map((e) => [e.event, e.id, e.data]))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}

/** The change events received (not `ready` / `reset`), as `[type, contactId]`. */
export function changes(stream: EventStream): [string, string][] {
  return stream.received.filter((e) => e.event !== 'ready' && e.event !== 'reset').map((e) => {
    assert.equal(e.body['type'], e.event, 'the data names the same type as the event');
    return [e.event!, String(e.body['contactId'])];
  });
}
