import { css } from 'lit';

/** `<grant-access-dialog>`'s own styles (on top of the base, field, dialog, status and combobox styles). */
export const styles = css`
  :host {
    display: contents;
  }
  /* The access state: the same height before and after a save (two lines), so nothing below moves. */
  /*
   * A grid, not a wrapping flex line: in the body's grid a wrapping flex box
   * was given the height of one line, and at 375 px "Lien valide jusqu'au …"
   * printed over the next label. Each part in a cell, as many per line as fit.
   */
  .state {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), max-content));
    justify-content: start;
    justify-items: start;
    align-items: center;
    align-content: start;
    gap: var(--_space-2xs) var(--_space-lg);
    min-height: 3.25rem;
    margin: 0;
    font-size: var(--_font-size-sm);
    line-height: var(--_line-height-base);
    color: var(--_color-muted);
  }
  .loading {
    display: flex;
    align-items: center;
    gap: var(--_space-sm);
    min-height: 10rem;
    margin: 0;
    color: var(--_color-muted);
  }
  .fields > .loading,
  .fields > .banner,
  .fields > .hint {
    grid-column: 1 / -1;
  }
  select {
    appearance: auto;
  }
  /* The end date and, once there is one, the button that takes it away. */
  .end-row {
    display: flex;
    gap: var(--_space-xs);
  }
  .end-row input {
    flex: 1;
    min-width: 0;
  }
  .end-row .button {
    flex: none;
  }

  /* The bulk grant: the people, one line each (name, user code, e-mail, where her invitation stands). */
  .summary {
    min-height: 1.5em;
    margin: 0;
    font-weight: var(--_font-weight-strong);
  }
  .people {
    display: grid;
    border-top: 1px solid var(--_color-border);
  }
  .person {
    display: grid;
    grid-template-columns: minmax(8rem, 1fr) minmax(8rem, 1fr) minmax(12rem, 1.5fr) minmax(9rem, 1.2fr);
    gap: var(--_space-xs) var(--_space-sm);
    align-items: center;
    padding: var(--_space-xs) 0;
    border-bottom: 1px solid var(--_color-border);
  }
  .person.head {
    font-size: var(--_font-size-xs);
    font-weight: var(--_font-weight-strong);
    text-transform: uppercase;
    color: var(--_color-muted);
  }
  .person .name {
    font-weight: var(--_font-weight-strong);
    overflow-wrap: anywhere;
  }
  .person input {
    width: 100%;
    min-width: 0;
  }
  .line-state {
    display: grid;
    gap: var(--_space-3xs);
    justify-items: start;
    font-size: var(--_font-size-sm);
  }
  .line-state .error {
    color: var(--_color-danger);
  }
  /* Narrow: each person on two lines (name and state, then the two fields); the header row too (it labels the fields). */
  @media (max-width: 40rem) {
    .person {
      grid-template-columns: 1fr 1fr;
    }
    .line-state,
    .state-head {
      grid-column: 2;
      grid-row: 1;
    }
  }
`;
