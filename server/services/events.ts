/**
 * The live events of the clients (GET /clients/{id}/events, routes/events.ts).
 *
 * The changes write their event in their own transaction (repositories/events.ts):
 * the contact services call `ctx.events.record`, and every audit row of an access
 * change writes one too (`EVENT_OF_AUDIT`, repositories/audit.ts). `LiveEvents` wakes
 * the open streams of a client when it may have new rows:
 *
 * - PostgreSQL: one connection per instance `LISTEN`s on `client_events`; the
 *   NOTIFY sent in the writing transaction arrives at every instance at commit
 *   (a lost connection is re-opened and every stream woken, to catch up);
 * - SQLite: the process that writes is told at once, and a poll of the
 *   counters (`SQLITE_POLL_MS`) sees the writes of another process on the file.
 *
 * A woken stream reads its client's rows after the last number it sent.
 *
 * What time changes with no request (an access's end, an invitation's expiry)
 * gets its event from a sweep every `timeChangesEveryMs` (5 s) on each instance
 * (repositories/time-changes.ts tells each change once, whichever sweeps).
 */
import { AsyncResource } from 'node:async_hooks';
import pg from 'pg';
import type { AppContext } from '../context.js';
import { EVENTS_CHANNEL, type EventRepository } from '../repositories/events.js';
import type { TimeChangeRepository } from '../repositories/time-changes.js';

/** How long the events are kept (a stream resuming from an older one is told to reload). */
export const EVENTS_KEPT_MS = 24 * 3_600_000;
/** SQLite: how often the counters are read for the events another process wrote. */
export const SQLITE_POLL_MS = 500;
const PRUNE_EVERY_MS = 3_600_000;
const RELISTEN_AFTER_MS = 1_000;

type Wake = () => void;

export class LiveEvents {
  private readonly watchers = new Map<string, Set<Wake>>();
  private readonly enders = new Set<() => void>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];
  private polledTotal = -1;

  constructor(
    private readonly ctx: Pick<AppContext, 'store' | 'config' | 'clock'> & { events: EventRepository; timeChanges: TimeChangeRepository },
  ) {}

  /** Starts pruning, telling what time changes (and, on SQLite, hearing this process's writes). */
  start(): void {
    const { events, store, timeChanges } = this.ctx;
    if (store.engine === 'sqlite') events.onRecorded = (clientCode) => queueMicrotask(() => this.wake(clientCode));
    const prune = () => void events.prune(new Date(this.ctx.clock().getTime() - EVENTS_KEPT_MS)).catch(() => undefined);
    prune();
    this.timers.push(setInterval(prune, PRUNE_EVERY_MS).unref());
    // (a sweep that fails, the database away, is made by the next one: nothing is lost, it is told late)
    const every = this.ctx.config.timeChangesEveryMs;
    const tell = () => void timeChanges.tell(this.ctx.clock()).catch(() => undefined);
    if (every > 0) {
      tell();
      this.timers.push(setInterval(tell, every).unref());
    }
  }

  /**
   * Calls `wake` whenever the client may have new events, and `end` when the server closes; returns
   * the function that stops both.
   */
  watch(clientCode: string, wake: Wake, end: () => void): () => void {
    let set = this.watchers.get(clientCode);
    if (!set) this.watchers.set(clientCode, (set = new Set()));
    set.add(wake);
    this.enders.add(end);
    this.ensureHearing();
    return () => {
      set.delete(wake);
      this.enders.delete(end);
      if (set.size === 0 && this.watchers.get(clientCode) === set) this.watchers.delete(clientCode);
    };
  }

  /** Ends every open stream (the server is closing: it waits for open connections). */
  endStreams(): void {
    for (const end of [...this.enders]) end();
  }

  async stop(): Promise<void> {
    this.endStreams();
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.watchers.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  // Bound to the context the app was built in: a stream woken from inside the writer's transaction
  // (SQLite) must not read through that transaction (Store carries it in AsyncLocalStorage).
  private readonly wake = AsyncResource.bind((clientCode: string): void => {
    for (const wake of this.watchers.get(clientCode) ?? []) wake();
  });

  private readonly wakeAll = AsyncResource.bind((): void => {
    for (const set of this.watchers.values()) for (const wake of set) wake();
  });

  /** The first stream starts the LISTEN connection (PostgreSQL) or the poll (SQLite). */
  private ensureHearing(): void {
    if (this.stopped || this.listening) return;
    this.listening = true;
    if (this.ctx.store.engine === 'postgres') void this.listen();
    else this.timers.push(setInterval(() => void this.poll(), SQLITE_POLL_MS).unref());
  }

  private async poll(): Promise<void> {
    if (this.watchers.size === 0) return;
    const total = await this.ctx.events.total().catch(() => this.polledTotal);
    if (total !== this.polledTotal) {
      this.polledTotal = total;
      this.wakeAll(); // (needlessly the first time: a woken stream reads nothing new)
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.ctx.config.databaseUrl });
    const retry = () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), RELISTEN_AFTER_MS).unref();
    };
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL && message.payload) this.wake(message.payload);
    });
    client.on('error', retry);
    client.on('end', retry);
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.stopped) await client.end();
      else this.wakeAll(); // what was written while nobody listened
    } catch {
      retry();
    }
  }
}
