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
  .error::before {
    content: '⚠';
    speak: never;
  }
  .error[hidden] {
    display: none;
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
 * A native `<dialog>` laid out as header / body / footer. It hangs at a fixed
 * distance from the top of the window (not centred), so it grows downwards
 * when its content loads instead of jumping; the status bubble shows in that
 * space, above the dialog, where it covers none of its controls.
 */
export const dialogStyles = css`
  dialog {
    --_top: var(--cae-dialog-top, clamp(3.5rem, 9vh, 5rem));
    width: min(var(--cae-dialog-width, 44rem), calc(100vw - 2rem));
    max-height: calc(100vh - var(--_top) - 1rem);
    margin: var(--_top) auto auto;
    /* The body scrolls; the bubble may stand outside the box. */
    overflow: visible;
    padding: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-lg);
    background: var(--_color-surface);
    color: var(--_color-text);
    font-family: var(--_font-family);
    box-shadow: var(--_shadow-lg);
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: var(--_backdrop);
  }
  .header {
    display: flex;
    align-items: center;
    gap: var(--_space-sm);
    /* Every header as high as one with a close button: a nested confirmation's matches its parent's. */
    min-height: calc(var(--_control-height) + var(--_space-md) * 2 + 1px);
    padding: var(--_space-md) var(--_space-lg);
    border-bottom: 1px solid var(--_color-border);
    /* The dialog does not clip (the bubble stands outside it): a themed background keeps its corners. */
    border-radius: calc(var(--_radius-lg) - 1px) calc(var(--_radius-lg) - 1px) 0 0;
  }
  /* Too narrow for the title and the header's buttons on one line: the buttons wrap below, the title stays whole. */
  .header {
    flex-wrap: wrap;
  }
  .header h2 {
    flex: 1 1 12rem;
    margin: 0;
    font-size: var(--_font-size-lg);
    font-weight: var(--_font-weight-strong);
    line-height: var(--_line-height-tight);
    overflow-wrap: break-word;
  }
  .close-x {
    border: none;
    background: transparent;
  }
  .body {
    flex: 1;
    overflow: auto;
    padding: var(--_space-lg);
    display: grid;
    gap: var(--_space-lg);
    align-content: start;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    padding: var(--_space-md) var(--_space-lg);
    border-top: 1px solid var(--_color-border);
    background: var(--_color-surface-alt);
    border-radius: 0 0 calc(var(--_radius-lg) - 1px) calc(var(--_radius-lg) - 1px);
  }
  .footer .spacer {
    flex: 1;
  }
  dialog.confirm {
    width: min(28rem, calc(100vw - 2rem));
  }
  /* A question: as high as its text (no space reserved for a form that loads). */
  dialog.confirm .body {
    min-height: 0;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--_radius);
    border: var(--_border-width-strong) solid var(--_color-danger);
    color: var(--_color-danger);
    background: color-mix(in srgb, var(--_color-danger) 6%, var(--_color-surface));
  }
  .banner p {
    flex: 1;
    margin: 0;
  }
`;

/**
 * The status bubble: a polite live region, always in the DOM, inside the open
 * dialog. It shows just above the dialog's top edge (in the space
 * `dialogStyles` keeps there), so it never covers a control of the dialog.
 */
export const statusStyles = css`
  .status {
    position: absolute;
    bottom: calc(100% + var(--_space-sm));
    left: 0;
    right: 0;
    z-index: 20;
    display: flex;
    justify-content: center;
    pointer-events: none;
  }
  .bubble {
    max-width: 100%;
    display: flex;
    align-items: center;
    gap: var(--_space-sm);
    padding: var(--_space-md) var(--_space-lg);
    /* Transparent: invisible, except in forced colours, where it draws the bubble's edge. */
    border: 1px solid transparent;
    border-radius: var(--_radius-pill);
    background: var(--_bubble-background);
    color: var(--_bubble-color);
    box-shadow: var(--_shadow-md);
    font-size: var(--_font-size-md);
    pointer-events: auto;
  }
  .bubble.success::before {
    content: '✓';
    color: var(--_bubble-mark);
    font-weight: 700;
  }
  .bubble.error {
    background: var(--_color-danger);
    color: var(--_color-accent-contrast);
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
