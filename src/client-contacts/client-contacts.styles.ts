import { css } from 'lit';
import { badgeStyles } from '../internal/styles.js';

/**
 * The contacts table. Header and rows share one `grid-template-columns`
 * (`--_columns`) and one minimum width, so the columns line up although the
 * virtualizer positions each row on its own; the table scrolls inside its own
 * box (both ways on narrow widths) and its header row sticks to the top.
 *
 * Each column's minimum fits its header and a typical value (the seed's
 * "Responsable stock", "mireille.couture@hervedavid.com", "521 1224 6321", the
 * "Invitation envoyée" badge); the phone columns, whose values are short, get
 * the least of the extra width. The minimums add up to the table's minimum width.
 */
export const styles = [
  badgeStyles,
  css`
  :host {
    --_columns: var(
      --cae-table-columns,
      minmax(10rem, 1.2fr) minmax(8.25rem, 1fr) minmax(7rem, 0.8fr) minmax(6rem, 0.6fr) minmax(12.75rem, 1.4fr)
        minmax(8rem, 0.6fr) minmax(8rem, 0.6fr) minmax(8rem, 0.6fr) minmax(9.75rem, 0.6fr)
    );
    --_table-min-width: var(--cae-table-min-width, 77.75rem);
    --_table-max-height: var(--cae-table-max-height, 28rem);
    --_row-height: var(--cae-row-height, 2.75rem);
    display: block;
  }

  .base {
    display: grid;
    gap: var(--_space-md);
  }

  .header {
    display: grid;
    gap: var(--_space-2xs);
  }
  .title {
    margin: 0;
    font-size: var(--_font-size-xl);
    font-weight: var(--_font-weight-strong);
    line-height: var(--_line-height-tight);
  }
  .hint {
    margin: 0;
    font-size: var(--_font-size-md);
    color: var(--_color-muted);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space-sm) var(--_space-lg);
  }
  .toolbar .field {
    display: grid;
    gap: var(--_space-2xs);
  }
  .toolbar .filter {
    flex: 1 1 16rem;
    max-width: 24rem;
  }
  .toolbar .access-filter {
    flex: 0 1 13rem;
  }
  .toolbar .end {
    display: flex;
    align-items: center;
    gap: var(--_space-md);
    margin-inline-start: auto;
  }
  /* A selection adds the bulk button (and the cap's message): on a narrow table they go on lines of their own. */
  .toolbar .end {
    flex-wrap: wrap;
    justify-content: flex-end;
    max-width: 100%;
  }
  .bulk {
    max-width: 100%;
    white-space: normal;
  }
  .count {
    font-size: var(--_font-size-md);
    color: var(--_color-muted);
    white-space: nowrap;
  }
  .add {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-contrast);
  }
  .icon-button.add:hover:not(:disabled) {
    background: var(--_color-accent);
    filter: brightness(1.1);
  }

  /*
   * A live region: always rendered (one that appears is not announced). It
   * shows over the end of the heading's line, out of the flow, so a message
   * moves nothing; too narrow for that, it is only read out (the new row is
   * highlighted anyway).
   */
  .base {
    container-type: inline-size;
  }
  .header {
    position: relative;
  }
  .announcement {
    position: absolute;
    top: 0;
    right: 0;
    max-width: 50%;
    margin: 0;
    padding: var(--_space-3xs) var(--_space-md);
    border-radius: var(--_radius-pill);
    background: color-mix(in srgb, var(--_color-success) 10%, var(--_color-surface));
    font-size: var(--_font-size-md);
    font-weight: var(--_font-weight-strong);
    color: var(--_color-success);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .announcement:empty {
    padding: 0;
  }
  @container (max-width: 36rem) {
    .announcement {
      clip: rect(0 0 0 0);
      clip-path: inset(50%);
      width: 1px;
      height: 1px;
      padding: 0;
    }
  }

  /* The frame reserves the same space in every state: no jump from loading to loaded. */
  .frame {
    position: relative;
    display: grid;
    grid-template-rows: auto 1fr;
    min-height: var(--cae-table-min-height, 12rem);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    overflow: hidden;
  }
  .table {
    max-height: var(--_table-max-height);
    overflow: auto;
    overscroll-behavior: contain;
    font-size: var(--_font-size-md);
  }
  .table[aria-busy='true'] .tbody {
    opacity: 0.6;
    transition: opacity var(--_duration-fast) var(--_easing) var(--_duration-fast);
  }
  .thead {
    position: sticky;
    top: 0;
    z-index: 2;
    width: max(100%, var(--_table-min-width));
  }
  .tbody {
    width: max(100%, var(--_table-min-width));
  }
  .row {
    display: grid;
    grid-template-columns: var(--_columns);
    align-items: center;
    width: 100%;
    height: var(--_row-height);
    border-bottom: 1px solid color-mix(in srgb, var(--_color-border) 60%, transparent);
    background: var(--_color-surface);
  }
  .row:hover {
    background: color-mix(in srgb, var(--_color-accent) 4%, var(--_color-surface));
  }
  .header-row {
    height: auto;
    min-height: calc(var(--_control-height) + var(--_space-2xs));
    border-bottom: 1px solid var(--_color-border);
    background: var(--_color-surface-alt);
  }
  .th,
  .cell {
    min-width: 0;
    padding: 0 var(--_space-sm);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .th {
    font-size: var(--_font-size-xs);
    font-weight: var(--_font-weight-strong);
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--_color-muted);
  }
  /* The name column stays in view when the table scrolls sideways. */
  .th:first-child,
  .cell:first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    align-self: stretch;
    display: flex;
    align-items: center;
    background: inherit;
  }
  /*
   * The checkbox before the name (and "all" before its header), in the sticky
   * name column. Smaller than 24 px, so 24 px around its centre stay clear of
   * the name's button (WCAG 2.2, 2.5.8; the button reaches 6 px before its text).
   */
  .select {
    flex: none;
    width: 1.125rem;
    height: 1.125rem;
    min-height: 0;
    margin: 0 var(--_space-md) 0 0;
    padding: 0;
    accent-color: var(--_color-accent);
  }
  .capped {
    max-width: 24rem;
    font-size: var(--_font-size-sm);
    color: var(--_color-muted);
  }
  .sort {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-2xs);
    max-width: 100%;
    min-height: calc(var(--_target-size) + var(--_space-sm));
    margin: 0 calc(var(--_space-xs) * -1);
    padding: 0 var(--_space-xs);
    border: none;
    border-radius: var(--_radius);
    background: none;
    font: inherit;
    letter-spacing: inherit;
    text-transform: inherit;
    color: inherit;
    cursor: pointer;
  }
  .sort:hover {
    color: var(--_color-text);
    background: color-mix(in srgb, var(--_color-text) 6%, transparent);
  }
  .sort-label {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* The ↕ of a column that can be sorted but is not: seen, yet quieter than the ▲ / ▼ of the sorted one. */
  .arrow {
    flex: none;
    width: var(--_font-size-md);
    font-size: var(--_font-size-sm);
    line-height: 1;
    text-align: center;
    opacity: 0.7;
  }
  .sort:hover .arrow {
    opacity: 1;
  }
  [aria-sort] .sort {
    color: var(--_color-text);
  }
  [aria-sort] .arrow {
    font-size: var(--_font-size-2xs);
    opacity: 1;
  }
  .sort:focus-visible,
  .name-button:focus-visible {
    outline-offset: -2px;
  }

  /* Padded so its focus ring clears the text; the negative margin keeps the name aligned with the column. */
  .name-button {
    display: block;
    max-width: calc(100% + var(--_space-xs) * 2);
    min-height: calc(var(--_target-size) + var(--_space-sm));
    margin: 0 calc(var(--_space-xs) * -1);
    padding: 0 var(--_space-xs);
    border: none;
    border-radius: var(--_radius);
    background: none;
    font: inherit;
    font-weight: var(--_font-weight-strong);
    color: var(--_color-accent);
    text-align: start;
    text-decoration: underline;
    text-decoration-color: transparent;
    text-underline-offset: 0.15em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    cursor: pointer;
  }
  .name-button:hover {
    text-decoration-color: currentColor;
  }
  .placeholder .cell {
    grid-column: 1 / -1;
    color: var(--_color-muted);
  }
  .added {
    animation: added var(--_duration-highlight) var(--_easing);
  }
  @keyframes added {
    from,
    40% {
      background: color-mix(in srgb, var(--_color-success) 16%, var(--_color-surface));
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .added {
      animation: none;
      box-shadow: inset var(--_space-2xs) 0 0 var(--_color-success);
    }
  }

  .cell {
    font-variant-numeric: tabular-nums;
  }
  /* Loading, empty and failed fit the same reserved height (--cae-table-min-height): no jump between them. */
  .state {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: var(--_space-xs);
    padding: var(--_space-lg);
    text-align: center;
    color: var(--_color-muted);
  }
  .state p {
    margin: 0;
    max-width: 36rem;
  }
  .state strong {
    color: var(--_color-text);
  }
  .state.failed strong,
  .state-icon {
    color: var(--_color-danger);
  }
`,
];
