/**
 * A list taller than a browser lays out, scaled: the rows' box keeps at most
 * `MAX_SIZE` px, and a scroll position in it stands for the same fraction of
 * the whole list (its top for the first rows, its end for the last ones).
 * Shared by the virtualizer's layout (row-layout.ts) and the scroll to a row
 * (rows.ts). Internal: may change at any time.
 *
 * Positions are those of the rows' box (`.tbody`); `full` is the whole list's
 * height (rows × row height), `view` the height of the box it scrolls in.
 */

/**
 * The tallest box: under the virtualizer's own cap on its box (8,200,000 px;
 * Chromium lays out at most about 33,500,000). 1,000,000 rows of 44 px need
 * 44,000,000.
 */
export const MAX_SIZE = 8_000_000;

/** The height of the rows' box for a list `full` px high. */
export function boxSize(full: number): number {
  return Math.min(full, MAX_SIZE);
}

/** A scroll position in the box → the position in the whole list it stands for. */
export function listPosition(scroll: number, full: number, view: number): number {
  if (full <= MAX_SIZE) return scroll;
  const range = Math.max(1, MAX_SIZE - view);
  return (Math.min(Math.max(scroll, 0), range) * Math.max(0, full - view)) / range;
}

/** A position in the whole list → the scroll position in the box that shows it. */
export function boxPosition(position: number, full: number, view: number): number {
  if (full <= MAX_SIZE) return position;
  const range = Math.max(1, full - view);
  return (Math.min(Math.max(position, 0), range) * Math.max(0, MAX_SIZE - view)) / range;
}
