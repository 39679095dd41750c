/**
 * What `<client-contacts>` loads for a long list, in one chunk: the
 * `virtualize` directive and its layout. Internal: may change at any time.
 *
 * The layout is given, not left to the virtualizer: without one it imports
 * its default layout (`flow`) as a second chunk, fetched only once the first
 * has run. The rows all have one height, and `RowLayout` (row-layout.ts)
 * computes their positions from it, scaled past the tallest box a browser
 * lays out (1,000,000 rows); `boxPosition` is that scale, for scrolling to a row.
 */
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';
export { rowLayout } from './row-layout.js';
export { boxPosition } from './row-scale.js';
