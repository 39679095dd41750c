import { css } from 'lit';

/**
 * The contacts table. Header and rows share one `grid-template-columns`
 * (`--_columns`) and one minimum width, so the columns line up although the
 * virtualizer positions each row on its own; the table scrolls inside its own
 * box (both ways on narrow widths) and its header row sticks to the top.
 */
export const styles = css`
  :host {
    --_columns: var(
      --cae-table-columns,
      minmax(9rem, 1.4fr) minmax(6.5rem, 1fr) minmax(6.5rem, 1fr) minmax(5.5rem, 0.8fr) minmax(11rem, 1.6fr)
        minmax(8.5rem, 0.8fr) minmax(8.5rem, 0.8fr) minmax(8.5rem, 0.8fr) minmax(11rem, 0.9fr)
    );
    --_table-min-width: var(--cae-table-min-width, 75rem);
    --_table-max-height: var(--cae-table-max-height, 28rem);
    --_row-height: var(--cae-row-height, 2.75rem);
    --_warning: var(--cae-color-warning, #8a4b00);
    display: block;
  }

  .base {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  .header {
    display: grid;
    gap: 0.25rem;
  }
  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
    line-height: 1.3;
  }
  .hint {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space) calc(var(--_space) * 2);
  }
  .toolbar .field {
    display: grid;
    gap: 0.25rem;
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
    gap: calc(var(--_space) * 1.5);
    margin-inline-start: auto;
  }
  .count {
    font-size: 0.875rem;
    color: var(--_muted);
    white-space: nowrap;
  }
  .add {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .icon-button.add:hover:not(:disabled) {
    background: var(--_accent);
    filter: brightness(1.1);
  }

  /* A live region: always rendered (one that appears is not announced), empty it takes no room. */
  .announcement {
    margin: 0;
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_success);
  }

  /* The frame reserves the same space in every state: no jump from loading to loaded. */
  .frame {
    position: relative;
    display: grid;
    grid-template-rows: auto 1fr;
    min-height: var(--cae-table-min-height, 12rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow: hidden;
  }
  .table {
    max-height: var(--_table-max-height);
    overflow: auto;
    overscroll-behavior: contain;
    font-size: 0.875rem;
  }
  .table[aria-busy='true'] .tbody {
    opacity: 0.6;
    transition: opacity 0.2s 0.2s;
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
    border-bottom: 1px solid color-mix(in srgb, var(--_border) 60%, transparent);
    background: var(--_surface);
  }
  .row:hover {
    background: color-mix(in srgb, var(--_accent) 4%, var(--_surface));
  }
  .header-row {
    height: auto;
    min-height: 2.5rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-alt);
  }
  .th,
  .cell {
    min-width: 0;
    padding: 0 0.625rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .th {
    font-size: 0.75rem;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--_muted);
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
  .sort {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    max-width: 100%;
    min-height: 2rem;
    margin: 0 -0.375rem;
    padding: 0 0.375rem;
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
    color: var(--_text);
    background: color-mix(in srgb, var(--_text) 6%, transparent);
  }
  .sort-label {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .arrow {
    flex: none;
    width: 0.75rem;
    font-size: 0.625rem;
    opacity: 0.45;
  }
  [aria-sort] .sort {
    color: var(--_text);
  }
  [aria-sort] .arrow {
    opacity: 1;
  }
  .sort:focus-visible,
  .name-button:focus-visible {
    outline-offset: -2px;
  }

  .name-button {
    display: block;
    max-width: 100%;
    min-height: 2rem;
    padding: 0;
    border: none;
    background: none;
    font: inherit;
    font-weight: 600;
    color: var(--_accent);
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
    color: var(--_muted);
  }
  .added {
    animation: added 3s ease-out;
  }
  @keyframes added {
    from,
    40% {
      background: color-mix(in srgb, var(--_success) 16%, var(--_surface));
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .added {
      animation: none;
      box-shadow: inset 0.25rem 0 0 var(--_success);
    }
  }

  .cell {
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3125rem;
    max-width: 100%;
    padding: 0.125rem 0.5rem 0.125rem 0.4375rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.4;
    color: var(--_muted);
    background: color-mix(in srgb, currentColor 8%, var(--_surface));
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .badge::before {
    content: '';
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }
  .badge.none::before {
    background: none;
    box-shadow: inset 0 0 0 1.5px currentColor;
  }
  .badge.invited {
    color: var(--_accent);
  }
  .badge.active {
    color: var(--_success);
  }
  .badge.expired {
    color: var(--_warning);
  }
  .badge.revoked {
    color: var(--_danger);
  }

  .state {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 3) calc(var(--_space) * 2);
    text-align: center;
    color: var(--_muted);
  }
  .state p {
    margin: 0;
    max-width: 36rem;
  }
  .state strong {
    color: var(--_text);
  }
  .state.failed strong,
  .state-icon {
    color: var(--_danger);
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 6%, var(--_surface));
  }
  .banner p {
    flex: 1;
    margin: 0;
  }
`;
