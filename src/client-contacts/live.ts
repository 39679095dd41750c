import type { ReactiveController, ReactiveElement } from 'lit';
import type { ContactsBackend, LiveEvent } from '../api/backend.js';
import type { ContactDialog } from '../contact-dialog/contact-dialog.js';

export interface LiveOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  /** False: `live="off"`. */
  enabled: () => boolean;
  /**
   * The table's list of this client and backend (null until its first page is read: no stream before), and
   * where the client's events stood then (`ContactPage.liveEventId`), when the backend says.
   */
  since: () => { liveEventId?: string | undefined } | null;
  /** Read the table's loaded pages again. */
  refresh: () => void;
  /** The open `<contact-dialog>`, told about its contact. */
  dialog: () => ContactDialog | null;
}

/** Changes arriving together are read once: the table waits this long after the first. */
const GATHER_MS = 150;
/** The wait before reconnecting after a failure doubles from this up to `MAX_WAIT_MS` (with jitter). */
const FIRST_WAIT_MS = 1_000;
const MAX_WAIT_MS = 30_000;

/**
 * `<client-contacts>`' live updates: a lazy chunk, loaded after the first page
 * shows. While the element is in the document, the page is visible and `live`
 * is not `off`, it holds the backend's `watchClient` stream of the client: a
 * change made elsewhere reads the loaded pages again (rows, order and count as
 * the server has them, for the current sort, filter and search) and tells the
 * open dialog. It reconnects with back-off, resuming after the last event
 * received; a hidden page or a removed element closes the connection, and
 * coming back resumes where it stopped.
 */
export class LiveUpdates implements ReactiveController {
  private abort: AbortController | null = null;
  private backend: ContactsBackend | null = null;
  private clientId = '';
  private lastEventId: string | undefined;
  private failures = 0;
  /** Whether the current stream brought anything (at least the server's `ready`). */
  private heard = false;
  /** The current stream resumes nothing (neither an event received nor the table's `since`). */
  private fromNow = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  private changed = new Set<string>();
  private everything = false;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: LiveOptions,
  ) {
    host.addController(this); // (calls hostConnected when the host is in the document)
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.sync);
    this.sync();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.sync);
    this.stop();
  }

  /** The client, the backend or `live` may have changed. */
  hostUpdated(): void {
    this.sync();
  }

  /** Connects or disconnects as the element's state asks. */
  private readonly sync = (): void => {
    const backend = this.options.backend();
    const clientId = this.options.clientId();
    const wanted =
      this.host.isConnected &&
      document.visibilityState !== 'hidden' &&
      this.options.enabled() &&
      clientId !== '' &&
      !!backend.watchClient &&
      !!this.options.since();
    const same = backend === this.backend && clientId === this.clientId;
    if (!wanted || !same) this.stop();
    if (!same) {
      this.backend = backend;
      this.clientId = clientId;
      this.lastEventId = undefined; // another stream: nothing to resume
      this.failures = 0;
    }
    if (wanted && !this.abort && this.retryTimer === undefined) this.connect(backend, clientId);
  };

  private connect(backend: ContactsBackend, clientId: string): void {
    const abort = new AbortController();
    this.abort = abort;
    this.heard = false;
    const lastEventId = this.lastEventId ?? this.options.since()?.liveEventId;
    this.fromNow = lastEventId === undefined;
    backend
      .watchClient!(clientId, (event) => this.receive(event), { signal: abort.signal, ...(lastEventId ? { lastEventId } : {}) })
      .then(
        () => this.reconnect(abort, false),
        () => this.reconnect(abort, true),
      );
  }

  /**
   * The stream ended (the server closes it now and then) or failed: again, after a wait that grows with the
   * failures. A stream that ended without a word (a backend answering with something that is not a stream)
   * is a failure too, or it would be asked again at once, without end.
   */
  private reconnect(abort: AbortController, failed: boolean): void {
    if (this.abort !== abort) return; // stopped on purpose
    this.abort = null;
    failed ||= !this.heard;
    this.failures = failed ? this.failures + 1 : 0;
    const wait = failed ? Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (this.failures - 1)) * (0.5 + Math.random() / 2) : 0;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.sync();
    }, wait);
  }

  private stop(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const abort = this.abort;
    this.abort = null;
    abort?.abort();
  }

  private receive(event: LiveEvent): void {
    this.failures = 0;
    this.heard = true;
    if (event.id) this.lastEventId = event.id;
    if (event.type === 'ready') {
      // A stream that resumes nothing starts from now: what changed since the table read its pages is read again.
      if (this.fromNow) this.options.refresh();
      this.fromNow = false;
      return;
    }
    if (event.type === 'reset' || !event.contactId) this.everything = true;
    else this.changed.add(event.contactId);
    this.gatherTimer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  private flush(): void {
    this.gatherTimer = undefined;
    const changed = this.changed;
    const everything = this.everything;
    this.changed = new Set();
    this.everything = false;
    this.options.refresh();
    const dialog = this.options.dialog();
    if (!dialog?.open) return;
    const shown = dialog.contactId;
    if (shown !== null && (everything || changed.has(shown))) void dialog.contactChanged(shown);
  }
}
