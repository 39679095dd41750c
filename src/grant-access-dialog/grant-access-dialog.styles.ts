import { css } from 'lit';

/** `<grant-access-dialog>`'s own styles (on top of the base, field, dialog, status and combobox styles). */
export const styles = css`
  :host {
    display: contents;
  }
  /* The access state: the same height before and after a save (two lines), so nothing below moves. */
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    align-content: flex-start;
    gap: var(--_space-2xs) var(--_space-lg);
    min-height: 3.25rem;
    margin: 0;
    font-size: var(--_font-size-sm);
    line-height: var(--_line-height-base);
    color: var(--_color-muted);
  }
  /* The main button keeps the width of its longest label ("Enregistrer et envoyer un courriel"): it stays under the pointer. */
  .footer .primary {
    min-width: min(24.75em, 100%);
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
