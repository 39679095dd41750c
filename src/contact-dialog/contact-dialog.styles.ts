import { css } from 'lit';

/** `<contact-dialog>`'s own styles (on top of the base, field, dialog and status styles). */
export const styles = css`
  :host {
    display: contents;
  }
  .nav {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .position {
    min-width: 4.5rem;
    text-align: center;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .icon-button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.45;
  }
  .icon-button[aria-expanded='true'] {
    background: var(--_surface-alt);
    border-color: var(--_accent);
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  .search {
    display: grid;
    gap: 0.25rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-alt);
  }
  .body {
    /* The space of the form, reserved while it loads. */
    min-height: min(24rem, 60vh);
  }
  .skeleton .bone {
    display: block;
    height: 0.75rem;
    width: 40%;
    margin: 0.375rem 0;
    border-radius: var(--_radius);
    background: var(--_surface-alt);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .skeleton .bone.control {
    width: 100%;
    height: var(--_control-height);
    margin: 0;
  }
  @keyframes pulse {
    to {
      opacity: 0.4;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton .bone {
      animation: none;
    }
  }
  .state {
    display: grid;
    justify-items: center;
    align-content: center;
    gap: var(--_space);
    min-height: 16rem;
    text-align: center;
  }
  .state p {
    margin: 0;
    max-width: 32rem;
  }
  .loading {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .access {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .access h3 {
    margin: 0;
    font-size: 0.9375rem;
    font-weight: 600;
  }
  /* Each term on its value's baseline. */
  .access dl {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    align-items: baseline;
    gap: 0.375rem 1rem;
    margin: 0;
  }
  .access dt {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .access dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .no-access {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .actions {
    display: flex;
    gap: var(--_space);
  }
  /* The access's history ("Historique"). */
  .history-toggle {
    justify-self: start;
  }
  .history {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .history h4 {
    margin: 0;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .history-state {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .events {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.8125rem;
  }
  .event {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
  }
  .event-when,
  .event-who,
  .event-where {
    color: var(--_muted);
  }
  .event-what {
    font-weight: 600;
  }
`;
