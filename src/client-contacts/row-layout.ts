/**
 * The virtualizer's layout for the table's rows, which all have one height.
 * Internal: may change at any time.
 *
 * Positions are computed, not measured row by row: row `i` is at `i × h`,
 * `h` given (the rows drawn before the virtualizer came) or measured. Past
 * the tallest box the virtualizer lays out, the box is scaled (row-scale.ts):
 * the rows around the position the scroll stands for are drawn one under the
 * other where the viewport is, and moved at each scroll.
 */
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import { boxPosition, boxSize, listPosition } from './row-scale.js';

// The package exports its layouts, not their base class nor its types: `flow` is extended and
// everything of its own (anchors, size caches) is left unused; the types are taken from it.
type Positions = ReturnType<FlowLayout['_getItemPosition']>;
type Size = ReturnType<FlowLayout['_getItemSize']>;
type ChildMeasurements = Parameters<FlowLayout['updateItemSizes']>[0];
type PinOptions = Parameters<FlowLayout['getScrollIntoViewCoordinates']>[0];

/** The row height used until one is given or measured. */
const GUESS = 40;

export class RowLayout extends FlowLayout {
  /** The rows' height (px), 0 until given or measured. */
  private height = 0;
  /** The height of the box the rows scroll in (the config's `viewHeight`); the visible part of the rows when not given. */
  viewHeight: (() => number) | undefined;

  /** The rows' height when known beforehand (the config's `rowHeight`); otherwise measured once drawn. */
  set rowHeight(height: number) {
    if (height > 0 && height !== this.height) {
      this.height = height;
      this._triggerReflow();
    }
  }

  override updateItemSizes(sizes: ChildMeasurements): void {
    const first = Object.values(sizes)[0];
    if (first && first.height > 0 && Math.abs(first.height - this.height) >= 0.5) {
      this.height = first.height;
      this._scheduleReflow();
    }
  }

  private get rowSize(): number {
    return this.height || GUESS;
  }

  /** The whole list's height. */
  private get full(): number {
    return this._items.length * this.rowSize;
  }

  private get view(): number {
    return this.viewHeight?.() || this._viewDim1;
  }

  private get scaled(): boolean {
    return boxSize(this.full) < this.full;
  }

  /**
   * How far the box the rows scroll in is scrolled past their top. The
   * virtualizer's `_scrollPosition` is that of the part of the rows visible
   * in the window too, which the page's own scroll moves: scaled, that would
   * move the rows in the table.
   */
  private get scroll(): number {
    return this.scaled ? -this.offsetWithinScroller.top : this._scrollPosition;
  }

  /** Where the rows are drawn: their list position moved to the scroll position (0 when not scaled). */
  private get shift(): number {
    if (!this.scaled) return 0;
    const { full, view, scroll } = this;
    return Math.min(Math.max(scroll, 0), Math.max(0, boxSize(full) - view)) - listPosition(scroll, full, view);
  }

  // Scaled, the rows move at every scroll, not only when it passes the rows drawn.
  override get viewportScroll(): Positions {
    return super.viewportScroll as Positions;
  }

  override set viewportScroll(coords: Positions) {
    super.viewportScroll = coords;
    if (this.scaled) this._scheduleReflow();
  }

  override _updateScrollSize(): void {
    this._scrollSize = Math.max(1, boxSize(this.full));
  }

  override _getActiveItems(): void {
    const count = this._items.length;
    if (count === 0) {
      this._first = this._last = -1;
      this._physicalMin = this._physicalMax = 0;
      return;
    }
    const h = this.rowSize;
    const top = listPosition(this.scroll, this.full, this.view);
    const view = this.scaled ? this.view : this._viewDim1;
    this._first = Math.min(count - 1, Math.max(0, Math.floor((top - this._overhang) / h)));
    this._last = Math.min(count - 1, Math.max(this._first, Math.ceil((top + view + this._overhang) / h) - 1));
    this._physicalMin = this._first * h + this.shift;
    this._physicalMax = (this._last + 1) * h + this.shift;
  }

  override _getItemPosition(index: number): Positions {
    return { top: index * this.rowSize + this.shift, left: 0 };
  }

  override _getItemSize(): Size {
    return { height: this.rowSize, width: this._viewDim2 };
  }

  /** The scroll position that shows row `index` at `block` (start, center, end; nearest: the closer of start and end). */
  protected override _calculateScrollIntoViewPosition(options: PinOptions): number {
    const { rowSize: h, full, view } = this;
    const start = Math.min(this._items.length - 1, Math.max(0, options.index)) * h;
    const end = start + h - view;
    const current = listPosition(this.scroll, full, view);
    const block = options.block ?? 'start';
    const position =
      block === 'center'
        ? start - view / 2 + h / 2
        : block === 'end' || (block === 'nearest' && Math.abs(current - end) < Math.abs(current - start))
          ? end
          : start;
    return this._clampScrollPosition(boxPosition(position, full, view) + this.offsetWithinScroller.top);
  }
}

/**
 * The layout of the table's rows: `rowHeight` px each when known (0: measured
 * once drawn), scrolling in a box `viewHeight()` px high.
 */
export function rowLayout(rowHeight: number, viewHeight?: () => number) {
  return { type: RowLayout, rowHeight, viewHeight };
}
