import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { ReactiveController, ReactiveElement, TemplateResult } from 'lit';
import { afterNextPaint } from '../internal/lazy.js';
import type { ContactList, PagedList, Range } from './paged-list.js';

/**
 * Lists up to this long are drawn whole (under 1,000 DOM nodes) until a
 * longer one comes: `@lit-labs/virtualizer` is loaded then, and virtualizes
 * every list from there on. Most clients have a few contacts: their pages
 * never download it. A long list shows its first rows (a screenful) drawn
 * the same way at once, and the virtualizer takes them over when it came.
 */
export const PLAIN_MAX = 15;

type VirtualizerModule = typeof import('./virtualizer.js');
let virtualizerModule: Promise<VirtualizerModule> | undefined;
/** Imports the virtualizer once; a failed import is tried again at the next call. */
function loadVirtualizer(): Promise<VirtualizerModule> {
  return (virtualizerModule ??= import('./virtualizer.js').catch((e: unknown) => {
    virtualizerModule = undefined;
    throw e;
  }));
}

/**
 * The rows of `<client-contacts>`' table: a short list drawn whole, a long one
 * by `@lit-labs/virtualizer` (loaded then, once its first rows are painted);
 * the range of rows in the DOM, a new query scrolled to the top, and a row
 * scrolled to (a contact just created) once the virtualizer settled on it.
 * The rows in the DOM are `list`'s to load; a failure to load the virtualizer
 * is `list`'s to show. Bind `handleRange` to `rangeChanged` on the rows'
 * container (`.tbody`).
 */
export class RowsController implements ReactiveController {
  private rangeShown: Range = { first: 0, last: -1 };
  private shown: ContactList | undefined;
  private scrollTarget = -1;
  private settleFrame = 0;
  /** The virtualizer's directive, once a long list needed it (then for every list). */
  private virtualize: VirtualizerModule['virtualize'] | undefined;
  /** Its layout (one object for the element's life: another one would make a new virtualizer). */
  private layout: ReturnType<VirtualizerModule['rowLayout']> | undefined;
  /** How the layout scales a list taller than a browser lays out (row-scale.ts); none for the rows drawn whole. */
  private boxPosition: VirtualizerModule['boxPosition'] | undefined;
  /** The virtualizer is being loaded. */
  private virtualizing = false;
  /**
   * The virtualizer's items: the rows' indexes, `0 … total - 1`. Kept while
   * the count stays (a refresh, another order): the virtualizer then redraws
   * its rows in place, where new items would make it lay the list out again
   * (and 1,000,000 numbers take 10-20 ms to make).
   */
  private items: number[] = [];

  constructor(
    private readonly host: ReactiveElement,
    private readonly list: PagedList,
  ) {
    host.addController(this);
  }

  /** The rows in the DOM. */
  get range(): Range {
    return this.rangeShown;
  }

  /** Scrolls to the row `index` of the next list shown (-1: none). */
  scrollTo(index: number): void {
    this.scrollTarget = index;
  }

  /** After a failure: the virtualizer is tried again if a long list needs it. */
  retry(): void {
    if ((this.list.value?.total ?? 0) > PLAIN_MAX) void this.start();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.settleFrame);
  }

  hostUpdated(): void {
    const list = this.list.value;
    if (!list || list === this.shown) return;
    const before = this.shown;
    this.shown = list;
    // Another query starts at the top (setting scrollTop forces a layout: not on the first one).
    // A new contact is scrolled to once the virtualizer took the new items (handleRange).
    const table = this.table;
    if (before && this.scrollTarget < 0 && queryKey(before) !== queryKey(list) && table) table.scrollTop = 0;
    if (this.virtualize) {
      // Items kept (the same count): no `rangeChanged` may come, scroll once settled all the same.
      if (this.scrollTarget >= 0) this.scrollWhenSettled();
      return;
    }
    // Drawn whole: those rows are wanted (a page "around" a new contact may not start at 0).
    this.rangeShown = { first: 0, last: Math.min(list.total, PLAIN_MAX) - 1 };
    void this.list.fetch(this.rangeShown);
    if (this.scrollTarget >= 0 && list.total <= PLAIN_MAX) {
      this.scrollToRow(this.scrollTarget);
      this.scrollTarget = -1;
    }
    // A long one: its first rows are on screen, the virtualizer comes for the rest.
    if (list.total > PLAIN_MAX) void this.start();
  }

  /** The rows of `list`, each drawn by `renderRow(index)`. */
  render(renderRow: (index: number) => TemplateResult): unknown {
    const list = this.list.value;
    return this.virtualize
      ? this.virtualize({ items: this.itemsFor(list?.total ?? 0), renderItem: renderRow, layout: this.layout })
      : Array.from({ length: Math.min(list?.total ?? 0, PLAIN_MAX) }, (_, i) => renderRow(i));
  }

  private itemsFor(total: number): number[] {
    if (this.items.length !== total) this.items = Array.from({ length: total }, (_, i) => i);
    return this.items;
  }

  readonly handleRange = (e: RangeChangedEvent): void => {
    this.rangeShown = { first: e.first, last: e.last };
    void this.list.fetch(this.rangeShown);
    if (this.scrollTarget >= 0 && this.shown === this.list.value) this.scrollWhenSettled();
  };

  /** Scrolls to the target row once the virtualizer has settled on the list (two frames without a range change). */
  private scrollWhenSettled(): void {
    cancelAnimationFrame(this.settleFrame);
    this.settleFrame = requestAnimationFrame(() => {
      this.settleFrame = requestAnimationFrame(() => {
        this.scrollToRow(this.scrollTarget);
        this.scrollTarget = -1;
      });
    });
  }

  private get table(): HTMLElement | null {
    return (this.host.renderRoot as ParentNode).querySelector<HTMLElement>('.table');
  }

  /**
   * Hands a long list over to the virtualizer once its first rows, drawn
   * plainly, were painted: the virtualizer's first layout takes longer than
   * they do, and even the request for its chunk costs a frame a few ms. Those
   * rows give it their height, and keep the table's height until it sized the
   * table itself: the scroll position and the rows on screen do not move. If
   * it cannot load, the table says so as for a page of contacts, and
   * "Réessayer" tries again.
   */
  private async start(): Promise<void> {
    if (this.virtualize || this.virtualizing) return;
    this.virtualizing = true;
    let module: VirtualizerModule;
    try {
      await afterNextPaint();
      module = await loadVirtualizer();
    } catch (e) {
      this.list.fail(e);
      return;
    } finally {
      this.virtualizing = false;
    }
    const tbody = this.table?.querySelector<HTMLElement>('.tbody');
    const row = tbody?.querySelector('[role="row"]');
    if (tbody && row) tbody.style.minHeight = `${tbody.offsetHeight}px`;
    this.layout = module.rowLayout(row?.getBoundingClientRect().height ?? 0, () => this.table?.clientHeight ?? 0);
    this.virtualize = module.virtualize;
    this.boxPosition = module.boxPosition;
    this.host.requestUpdate();
  }

  /**
   * Centres a row in the table and brings the table into view. Rows have one
   * fixed height, so the position is computed (the virtualizer's own
   * `element(i).scrollIntoView()` pins its layout, which loses the range
   * here), scaled as the layout scales a list taller than a browser lays out
   * (row-scale.ts); the virtualizer sizes its box for new items within a few
   * frames, after the `rangeChanged` that follows them.
   */
  private scrollToRow(index: number, frames = 10): void {
    const table = this.table;
    const head = table?.querySelector<HTMLElement>('.thead');
    const row = table?.querySelector<HTMLElement>('.tbody [role="row"]');
    const total = this.list.value?.total ?? 0;
    if (!table || !head || !row) return;
    const h = row.offsetHeight;
    // The row's centre at the middle of what the sticky header leaves visible, in the rows' box.
    const position = index * h + h / 2 - (head.offsetHeight + table.clientHeight) / 2;
    const top = Math.max(0, head.offsetHeight + (this.boxPosition?.(position, total * h, table.clientHeight) ?? position));
    if (top > table.scrollHeight - table.clientHeight && frames > 0) {
      requestAnimationFrame(() => this.scrollToRow(index, frames - 1));
      return;
    }
    table.scrollTop = top;
    table.scrollIntoView({ block: 'nearest' });
  }
}

/** Focuses the name button of the row `index` once drawn (the virtualizer draws in a frame of its own); else "+". */
export function focusRow(root: ParentNode, index: number, frames = 3): void {
  const button = root.querySelector<HTMLElement>(`.tbody [aria-rowindex="${index + 2}"] .name-button`);
  if (button || index < 0 || frames === 0) {
    (button ?? root.querySelector<HTMLElement>('[part~="add-button"]'))?.focus();
    return;
  }
  requestAnimationFrame(() => focusRow(root, index, frames - 1));
}

function queryKey(list: ContactList): string {
  return `${list.clientId}|${list.query.q ?? ''}|${list.query.accessStatus ?? ''}|${list.query.sort}`;
}
