import { css } from 'lit';

/** `<grant-access-dialog>`'s own styles (on top of the base, field, dialog, status and combobox styles). */
export const styles = css`
  :host {
    display: contents;
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    padding: 0.125rem 0.625rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-weight: 600;
    font-size: 0.75rem;
    white-space: nowrap;
  }
  .badge.active {
    color: var(--_success);
  }
  .badge.invited {
    color: var(--_accent);
  }
  .badge.expired,
  .badge.revoked {
    color: var(--_danger);
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
