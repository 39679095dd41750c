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
    gap: 0.25rem 1rem;
    min-height: 3.25rem;
    margin: 0;
    font-size: 0.8125rem;
    line-height: 1.5;
    color: var(--_muted);
  }
  /* The main button keeps the width of its longest label ("Enregistrer et envoyer un courriel"): it stays under the pointer. */
  .footer .primary {
    min-width: min(24.75em, 100%);
  }
  .loading {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 10rem;
    margin: 0;
    color: var(--_muted);
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
