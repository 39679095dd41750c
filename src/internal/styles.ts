import { css } from 'lit';
import { tokenStyles } from './tokens.js';

/**
 * The styles every element starts with: the design tokens (`tokens.ts`: each
 * `--cae-*` custom property read once into a private `--_*` with its default,
 * so a host can set it on the element or on any ancestor, `:root` included),
 * then the common rules, which use only the private ones.
 */
export const baseStyles = css`
  ${tokenStyles}
  :host {
    box-sizing: border-box;
    font-family: var(--_font-family);
    color: var(--_color-text);
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  /* A host's line-height (Bootstrap's 1.5) must not grow the controls: theirs is fixed. */
  button,
  input,
  select,
  textarea {
    font: inherit;
    line-height: normal;
  }
  button {
    color: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space-xs);
    min-height: var(--_control-height);
    padding: 0 var(--_space-md);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    font-weight: var(--_font-weight-strong);
    font-size: var(--_font-size-sm);
    letter-spacing: 0.03em;
    text-transform: uppercase;
    cursor: pointer;
    white-space: nowrap;
  }
  .button:hover:not(:disabled) {
    background: var(--_color-surface-alt);
  }
  .button.primary {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-contrast);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--_color-accent);
    filter: brightness(1.1);
  }
  .button.danger {
    color: var(--_color-danger);
    border-color: currentColor;
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  /* Busy (its call running): the spinner covers the label, which keeps its room (the width does not jump) and stays the button's name. */
  .button.busy {
    position: relative;
    cursor: progress;
  }
  .button.busy .button-label {
    opacity: 0;
  }
  .button.busy .spinner {
    position: absolute;
    inset: 0;
    margin: auto;
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    width: var(--_control-height);
    height: var(--_control-height);
    padding: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    cursor: pointer;
    font-size: var(--_font-size-base);
    line-height: 1;
  }
  .icon-button:hover:not(:disabled) {
    background: var(--_color-surface-alt);
  }
  .icon-button:disabled {
    cursor: not-allowed;
    opacity: 0.45;
  }
  /* Busy (its own call running): still focusable, shows a spinner. */
  .icon-button[aria-disabled='true'] {
    cursor: progress;
  }
  /* The icons (icons.ts): strokes in the text color. */
  svg {
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .icon-button svg {
    width: var(--_icon-size);
    height: var(--_icon-size);
  }

  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin var(--_duration-spin) linear infinite;
    vertical-align: -0.125em;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: calc(var(--_duration-spin) * 3);
    }
  }
  /* Forced colours turn a transparent border visible: the spinner keeps its gap in the system's colours. */
  @media (forced-colors: active) {
    .spinner {
      forced-color-adjust: none;
      border-color: CanvasText;
      border-right-color: Canvas;
    }
  }
  /* A failure said above the content (the table's, the dialogs'): one look. */
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border: var(--_border-width-strong) solid var(--_color-danger);
    border-radius: var(--_radius);
    color: var(--_color-danger);
    background: color-mix(in srgb, var(--_color-danger) 6%, var(--_color-surface));
  }
  .banner p {
    flex: 1;
    margin: 0;
  }
`;

/** Labels, controls, hints and errors of a form. */
export const fieldStyles = css`
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(15rem, 100%), 1fr));
    gap: var(--_space-md) var(--_space-lg);
  }
  .field {
    display: grid;
    gap: var(--_space-2xs);
    align-content: start;
    min-width: 0;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  .label-row {
    display: flex;
    align-items: center;
    gap: var(--_space-2xs);
    min-height: var(--_target-size);
  }
  label,
  .label {
    font-size: var(--_font-size-sm);
    font-weight: var(--_font-weight-strong);
    color: var(--_color-muted);
  }
  /* The seed's marks (ⓘ required, 🔗 help), drawn as icons. */
  .mark {
    display: inline-flex;
    color: var(--_color-accent);
  }
  .mark svg,
  .help-button svg {
    width: var(--_icon-size-sm);
    height: var(--_icon-size-sm);
  }
  .help-mark,
  .help-button {
    color: var(--_color-muted);
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: var(--_control-height);
    padding: var(--_space-xs) var(--_space-sm);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 0;
  }
  input[readonly] {
    background: var(--_color-surface-alt);
  }
  /* A value the user cannot change: text, not a box that looks like a disabled input. */
  .fixed-value {
    margin: 0;
    overflow-wrap: break-word;
    min-width: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--_color-danger);
    box-shadow: inset 0 0 0 var(--_border-width-strong) var(--_color-danger);
  }
  /* Forced colours drop the shadow: a thicker, dashed border tells the invalid field. */
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      border-width: 2px;
      border-style: dashed;
    }
  }
  .hint {
    font-size: var(--_font-size-sm);
    color: var(--_color-muted);
  }
  .error {
    display: flex;
    gap: var(--_space-2xs);
    font-size: var(--_font-size-sm);
    color: var(--_color-danger);
  }
  /* The mark is decoration: an empty alternative text keeps it out of the message that is read. */
  .error::before {
    content: '⚠' / '';
  }
  /* No error: no room and no mark, but still rendered (not display: none), so the live region exists before its text. */
  .error:empty {
    position: absolute;
  }
  .error:empty::before {
    content: none;
  }
  .help {
    position: relative;
    display: inline-flex;
  }
  .help-button {
    display: inline-grid;
    place-items: center;
    min-width: var(--_target-size);
    min-height: var(--_target-size);
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: none;
    cursor: help;
  }
  .help-button:hover,
  .help:focus-within .help-button {
    color: var(--_color-accent);
  }
  .tooltip {
    display: none;
    position: absolute;
    top: calc(100% + var(--_space-2xs));
    left: 0;
    z-index: 10;
    width: max-content;
    max-width: min(18rem, 70vw);
    padding: var(--_space-sm) var(--_space-md);
    /* Transparent: invisible, except in forced colours, where it draws the tooltip's edge. */
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--_tooltip-background);
    color: var(--_tooltip-color);
    font-size: var(--_font-size-sm);
    font-weight: 400;
    line-height: var(--_line-height-compact);
    box-shadow: var(--_shadow-md);
  }
  .help:hover .tooltip,
  .help:focus-within .tooltip {
    display: block;
  }
  .help[data-dismissed] .tooltip {
    display: none;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2xs) var(--_space-xl);
    margin: 0;
    font-size: var(--_font-size-sm);
    color: var(--_color-muted);
  }
  .legend > span {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-2xs);
  }
`;

/**
 * An access state in a badge ("Aucun accès", "Invitation envoyée", …): a dot
 * (a ring for "none") and the words, in the state's color. The same in the
 * table and in both dialogs.
 */
export const badgeStyles = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-2xs);
    max-width: 100%;
    padding: var(--_space-3xs) var(--_space-sm) var(--_space-3xs) var(--_space-xs);
    border: var(--_border-width-strong) solid currentColor;
    border-radius: var(--_radius-pill);
    font-size: var(--_font-size-xs);
    font-weight: var(--_font-weight-strong);
    line-height: var(--_line-height-compact);
    white-space: nowrap;
    color: var(--_color-muted);
    background: color-mix(in srgb, currentColor 8%, var(--_color-surface));
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
    color: var(--_color-accent);
  }
  .badge.active {
    color: var(--_color-success);
  }
  .badge.expired {
    color: var(--_color-warning);
  }
  .badge.revoked {
    color: var(--_color-danger);
  }
  /* Over: muted (the label says it). */
  .badge.ended {
    color: var(--_color-muted);
  }
  /* Forced colours drop backgrounds and shadows: the dot and the ring are drawn as borders. */
  @media (forced-colors: active) {
    .badge::before {
      background: none;
      border: 0.25rem solid currentColor;
    }
    .badge.none::before {
      border-width: 1.5px;
    }
  }
`;
