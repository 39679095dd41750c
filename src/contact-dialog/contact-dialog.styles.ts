import { css } from 'lit';

/** `<contact-dialog>`'s own styles (on top of the base, field, dialog and status styles). */
export const styles = css`
  :host {
    display: contents;
  }
  .nav {
    display: flex;
    align-items: center;
    gap: var(--_space-2xs);
  }
  .position {
    min-width: 4.5rem;
    text-align: center;
    font-size: var(--_font-size-sm);
    color: var(--_color-muted);
    font-variant-numeric: tabular-nums;
  }
  .icon-button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.45;
  }
  .icon-button[aria-expanded='true'] {
    background: var(--_color-surface-alt);
    border-color: var(--_color-accent);
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  .search {
    display: grid;
    gap: var(--_space-2xs);
    padding: var(--_space-sm) var(--_space-lg);
    border-bottom: 1px solid var(--_color-border);
    background: var(--_color-surface-alt);
  }
  .skeleton .bone {
    display: block;
    height: var(--_font-size-xs);
    width: 40%;
    margin: var(--_space-xs) 0;
    border-radius: var(--_radius);
    background: var(--_color-surface-alt);
    animation: pulse var(--_duration-pulse) ease-in-out infinite alternate;
  }
  /* Forced colours drop the background: the bones keep an outline. */
  @media (forced-colors: active) {
    .skeleton .bone {
      border: 1px solid GrayText;
    }
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
    gap: var(--_space-sm);
    min-height: 16rem;
    text-align: center;
  }
  .state p {
    margin: 0;
    max-width: 32rem;
  }
  .loading {
    color: var(--_color-muted);
    font-size: var(--_font-size-md);
  }
  .access {
    display: grid;
    gap: var(--_space-sm);
    padding: var(--_space-md);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  .access h3 {
    margin: 0;
    font-size: var(--_font-size-base);
    font-weight: var(--_font-weight-strong);
    line-height: var(--_line-height-tight);
  }
  /* Each term on its value's baseline. */
  .access dl {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    align-items: baseline;
    gap: var(--_space-xs) var(--_space-lg);
    margin: 0;
  }
  .access dt {
    font-size: var(--_font-size-sm);
    font-weight: var(--_font-weight-strong);
    color: var(--_color-muted);
  }
  .access dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: break-word;
  }
  /* Narrow (a phone): each term above its value, so values keep whole words. */
  .access {
    container-type: inline-size;
  }
  @container (max-width: 26rem) {
    .access dl {
      grid-template-columns: minmax(0, 1fr);
      gap: 0;
    }
    .access dd + dt {
      margin-top: var(--_space-sm);
    }
  }
  .no-access {
    margin: 0;
    color: var(--_color-muted);
    font-size: var(--_font-size-md);
  }
  .actions {
    display: flex;
    gap: var(--_space-sm);
  }
  /* The access's history ("Historique"). */
  .history-toggle {
    justify-self: start;
  }
  .history {
    display: grid;
    gap: var(--_space-2xs);
  }
  .history h4 {
    margin: 0;
    font-size: var(--_font-size-md);
    font-weight: var(--_font-weight-strong);
  }
  .history-state {
    margin: 0;
    color: var(--_color-muted);
    font-size: var(--_font-size-md);
  }
  .events {
    display: grid;
    gap: var(--_space-2xs);
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: var(--_font-size-sm);
  }
  .event {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space-md);
  }
  .event-when,
  .event-who,
  .event-where {
    color: var(--_color-muted);
  }
  .event-what {
    font-weight: var(--_font-weight-strong);
  }
`;
