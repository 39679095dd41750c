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
`;
