/**
 * What `<client-contacts>` loads for a long list, in one chunk: the
 * `virtualize` directive and its layout. Internal: may change at any time.
 *
 * The layout is given, not left to the virtualizer: without one it imports
 * its default layout (`flow`) as a second chunk, fetched only once the first
 * has run.
 */
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

export { virtualize } from '@lit-labs/virtualizer/virtualize.js';

/** What `Layout.viewportScroll` takes (`Positions` of the virtualizer's layouts, not exported by the package). */
interface Scroll {
  top: number;
  left: number;
}

/**
 * `flow` for the rows of the table, which all have one height.
 *
 * - `rowHeight`, when known (the rows drawn before the virtualizer came),
 *   replaces flow's first guess (100 px) until the rows are measured: the
 *   first range, the positions and the scroll size are right at once,
 *   without a second reflow once the first rows are measured.
 * - flow keeps the anchor row of a reflow until a reflow gives the same
 *   range again, which waits for the new rows to be measured (a
 *   ResizeObserver callback, in the next frame). A scroll that lands away
 *   from the rows in the DOM meanwhile (the table scrolled to its end, the
 *   scrollbar dragged) was taken for an error of the position of that anchor
 *   and pulled back next to it. Here it drops the anchor: the next reflow
 *   starts from where the table was scrolled to.
 */
class RowLayout extends FlowLayout {
  set rowHeight(height: number) {
    if (height > 0) this._itemSize.height = height;
  }

  override get viewportScroll(): Scroll {
    return super.viewportScroll as Scroll;
  }

  override set viewportScroll(coords: Scroll) {
    const top = coords.top;
    if (this._anchorIdx !== null && (top > this._physicalMax || top + this._viewDim1 < this._physicalMin)) {
      this._resetReflowState();
    }
    super.viewportScroll = coords;
  }
}

/** The layout of the table's rows, `rowHeight` px each when known (0: measured once drawn). */
export function rowLayout(rowHeight: number) {
  return { type: RowLayout, rowHeight };
}
