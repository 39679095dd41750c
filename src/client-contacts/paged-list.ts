import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import type { AccessStatus, Contact, ContactQuery, ContactSort } from '../api/types.js';

/** Contacts per request. */
export const PAGE = 100;
/** Pages kept in memory; the farthest from the visible rows are dropped first. */
const MAX_PAGES = 40;

/** The rows wanted: indexes of the first and last rows in the DOM. */
export interface Range {
  first: number;
  last: number;
}

/** What the table filters and sorts by. */
export interface Filter {
  q: string;
  accessStatus: AccessStatus | '';
  sort: ContactSort;
}

/** The results of one query: how many match, and the rows loaded so far (by index). */
export interface ContactList {
  backend: ContactsBackend;
  clientId: string;
  /** `q`, `accessStatus` and `sort`: what the dialog's "<" / ">" follow too. */
  query: ContactQuery;
  total: number;
  rows: Map<number, Contact>;
  /** Pages fully loaded. */
  pages: Set<number>;
  /** Pages being loaded, to abort those no longer needed. */
  loading: Map<number, AbortController>;
  /** A contact just created: where it landed (-1 when the filter hides it). */
  created?: { contact: Contact; index: number };
  /** Where the client's live events stood when the first page was read (when the backend says). */
  liveEventId?: string | undefined;
}

export interface PagedListOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  filter: () => Filter;
  /** A query's first page came (a new contact: `list.created` says where it landed). */
  onLoaded: (list: ContactList) => void;
}

/**
 * The contacts of `<client-contacts>`, page by page: the first page of each
 * query (or the page around a contact just created), then the pages around
 * the rows in the DOM as the user scrolls, aborting those no longer wanted and
 * forgetting the farthest when too many are kept; a changed contact patched
 * into its row wherever it is loaded.
 */
export class PagedList implements ReactiveController {
  readonly task: Task<readonly [ContactsBackend, string, string, AccessStatus | '', ContactSort, number], ContactList>;
  /** A later page (or the virtualizer) failed to load. */
  pageError: unknown = null;
  /** Bumped to load again with the same query. */
  private reloads = 0;
  /** A contact just created, to find in the next load. */
  private created: Contact | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: PagedListOptions,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: ([backend, clientId, q, accessStatus, sort], { signal }) =>
        clientId ? this.fetchList(backend, clientId, { q, accessStatus, sort }, signal) : initialState,
      args: () => {
        const f = options.filter();
        return [options.backend(), options.clientId(), f.q, f.accessStatus, f.sort, this.reloads] as const;
      },
      onComplete: (list) => {
        this.pageError = null;
        options.onLoaded(list);
      },
    });
  }

  hostDisconnected(): void {
    abortPages(this.value);
  }

  /** The list shown (the last one loaded). */
  get value(): ContactList | undefined {
    return this.task.value;
  }

  /** Loads the query again (after a creation: the page around `created`). */
  reload(created?: Contact): void {
    if (created) this.created = created;
    this.reloads++;
    this.host.requestUpdate();
  }

  /** A failure to show in the table's banner (`null`: none). */
  fail(error: unknown): void {
    this.pageError = error;
    this.host.requestUpdate();
  }

  /**
   * Loads the pages of `range`, aborts those far from it, forgets the farthest. Settles once the pages
   * it started have come (or failed).
   */
  async fetch({ first, last }: Range): Promise<void> {
    const list = this.value;
    if (!list || this.task.status === TaskStatus.ERROR || last < first || list.total === 0) return;
    const from = Math.floor(Math.max(0, first) / PAGE);
    const to = Math.floor(Math.min(list.total - 1, last) / PAGE);
    for (const [p, controller] of list.loading) {
      if (p < from - 1 || p > to + 1) {
        controller.abort();
        list.loading.delete(p);
      }
    }
    const started: Promise<void>[] = [];
    for (let p = from; p <= to; p++) {
      if (!list.pages.has(p) && !list.loading.has(p)) started.push(this.fetchPage(list, p));
    }
    if (list.pages.size > MAX_PAGES) {
      const centre = (from + to) / 2;
      const far = [...list.pages].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const p of far.slice(0, list.pages.size - MAX_PAGES)) {
        list.pages.delete(p);
        for (let i = p * PAGE; i < (p + 1) * PAGE; i++) list.rows.delete(i);
      }
    }
    await Promise.all(started);
  }

  /** Puts a changed contact (or access state) in its row, wherever it is loaded. */
  patch(contactId: string, change: (c: Contact) => Contact): void {
    const list = this.value;
    if (!list) return;
    for (const [i, c] of list.rows) {
      if (c.id === contactId) {
        list.rows.set(i, change(c));
        this.host.requestUpdate();
        return;
      }
    }
  }

  /**
   * Reads the loaded pages again (changes made elsewhere): their rows, order and the count as the
   * backend has them now, in place (no loading state, the scroll stays).
   */
  async refresh(): Promise<void> {
    const list = this.value;
    if (!list || this.task.status !== TaskStatus.COMPLETE) return;
    // The pages of the rows held (a page "around" a new contact starts anywhere).
    const pages = [...new Set([0, ...[...list.rows.keys()].map((i) => Math.floor(i / PAGE))])];
    try {
      const answers = await Promise.all(
        pages.map((p) => list.backend.listContacts(list.clientId, { ...list.query, offset: p * PAGE, limit: PAGE })),
      );
      if (list !== this.value) return;
      abortPages(list);
      list.rows.clear();
      list.pages.clear();
      answers.forEach((page, k) => {
        page.items.forEach((c, i) => list.rows.set(page.offset + i, c));
        list.pages.add(pages[k]!);
        list.total = page.total;
      });
      this.host.requestUpdate();
    } catch (e) {
      if (list === this.value) this.fail(e);
    }
  }

  /** The first page of a query (or, after a creation, the page around the new contact). */
  private async fetchList(backend: ContactsBackend, clientId: string, filter: Filter, signal: AbortSignal): Promise<ContactList> {
    abortPages(this.value);
    const query: ContactQuery = { sort: filter.sort };
    if (filter.q) query.q = filter.q;
    if (filter.accessStatus) query.accessStatus = filter.accessStatus;
    const created = this.created;
    this.created = null;
    let page;
    try {
      page = await backend.listContacts(
        clientId,
        { ...query, ...(created ? { around: created.id } : { offset: 0 }), limit: PAGE },
        { signal },
      );
    } catch (e) {
      // 404: the new contact does not match the filter; show the list anyway.
      if (!created || !isBackendError(e) || e.status !== 404) throw e;
      page = await backend.listContacts(clientId, { ...query, offset: 0, limit: PAGE }, { signal });
    }
    const list: ContactList = {
      backend,
      clientId,
      query,
      total: page.total,
      rows: new Map(page.items.map((c, i) => [page.offset + i, c])),
      // A page "around" a new contact starts anywhere: its rows show, its pages load as usual.
      pages: new Set(page.offset === 0 ? [0] : []),
      loading: new Map(),
      liveEventId: page.liveEventId,
    };
    if (created) {
      const at = page.items.findIndex((c) => c.id === created.id);
      list.created = { contact: created, index: at < 0 ? -1 : page.offset + at };
    }
    return list;
  }

  private async fetchPage(list: ContactList, p: number): Promise<void> {
    const controller = new AbortController();
    list.loading.set(p, controller);
    try {
      const page = await list.backend.listContacts(
        list.clientId,
        { ...list.query, offset: p * PAGE, limit: PAGE },
        { signal: controller.signal },
      );
      page.items.forEach((c, i) => list.rows.set(page.offset + i, c));
      list.pages.add(p);
      if (list === this.value) this.host.requestUpdate();
    } catch (e) {
      if (!controller.signal.aborted && !isAbort(e) && list === this.value) this.fail(e);
    } finally {
      if (list.loading.get(p) === controller) list.loading.delete(p);
    }
  }
}

function abortPages(list: ContactList | undefined): void {
  if (!list) return;
  for (const controller of list.loading.values()) controller.abort();
  list.loading.clear();
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
