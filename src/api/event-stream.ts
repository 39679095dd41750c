/**
 * `RestBackend.watchClient`'s reader of `GET /clients/{id}/events` (Server-Sent
 * Events, parsed by eventsource-parser): a lazy chunk, loaded by the first
 * `watchClient` call, so the table's first frame does not carry it.
 */
import { createParser } from 'eventsource-parser';
import type { LiveEvent, WatchOptions } from './backend.js';
import { BackendError } from './backend-error.js';
import { parseProblem } from './rest-backend.js';

/** Opens the stream: one authenticated GET (the backend's `send`, with its token and headers). */
export type OpenStream = (headers: Record<string, string>, signal: AbortSignal) => Promise<Response>;

export async function watch(open: OpenStream, onEvent: (event: LiveEvent) => void, options: WatchOptions): Promise<void> {
  const signal = options.signal ?? new AbortController().signal;
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
  const parser = createParser({
    onEvent({ id, event, data }) {
      let contactId: unknown;
      try {
        contactId = (JSON.parse(data) as { contactId?: unknown }).contactId;
      } catch {
        // not JSON: an event without a contact
      }
      onEvent({
        id: id ?? '',
        type: (event ?? 'message') as LiveEvent['type'],
        ...(typeof contactId === 'string' ? { contactId } : {}),
      });
    },
  });
  try {
    const response = await open(headers, signal);
    if (!response.ok) throw new BackendError('http', response.status, parseProblem(await response.text(), response));
    if (!response.headers.get('Content-Type')?.startsWith('text/event-stream')) {
      throw new BackendError('http', response.status, null, 'The server answered something that is not an event stream.');
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(read.value);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw e instanceof BackendError ? e : new BackendError('network', 0, null, e instanceof Error ? e.message : String(e));
  }
}
