import { css } from 'lit';

/**
 * The styles every element starts with. Each themable value is a public custom
 * property (`--cae-*`, documented on the elements) read once here into a private
 * one (`--_*`) with its default, so a host can set it on the element or on any
 * ancestor (`:root` included).
 */
export const baseStyles = css`
  :host {
    --_font: var(--cae-font-family, inherit);
    --_text: var(--cae-color-text, currentColor);
    --_muted: var(--cae-color-muted, #52606d);
    --_surface: var(--cae-color-surface, #ffffff);
    --_surface-alt: var(--cae-color-surface-alt, #f5f7fa);
    --_border: var(--cae-color-border, #c3cad3);
    --_accent: var(--cae-color-accent, #0b5cad);
    --_accent-text: var(--cae-color-accent-contrast, #ffffff);
    --_danger: var(--cae-color-danger, #b42318);
    --_success: var(--cae-color-success, #146c2e);
    --_radius: var(--cae-radius, 4px);
    --_space: var(--cae-spacing, 0.5rem);
    --_focus: var(--cae-focus-ring, 2px solid #0b5cad);
    --_control-height: var(--cae-control-height, 2.25rem);
    box-sizing: border-box;
    font-family: var(--_font);
    color: var(--_text);
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
    outline: var(--_focus);
    outline-offset: 2px;
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
    gap: 0.375rem;
    min-height: var(--_control-height);
    padding: 0 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-weight: 600;
    font-size: 0.8125rem;
    letter-spacing: 0.03em;
    text-transform: uppercase;
    cursor: pointer;
    white-space: nowrap;
  }
  .button:hover:not(:disabled) {
    background: var(--_surface-alt);
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--_accent);
    filter: brightness(1.1);
  }
  .button.danger {
    color: var(--_danger);
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
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    font-size: 1rem;
    line-height: 1;
  }
  .icon-button:hover:not(:disabled) {
    background: var(--_surface-alt);
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
    width: 1.125rem;
    height: 1.125rem;
  }

  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
    vertical-align: -0.125em;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
`;

/** Labels, controls, hints and errors of a form. */
export const fieldStyles = css`
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
    min-width: 0;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  .label-row {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    min-height: 1.5rem;
  }
  label,
  .label {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_muted);
  }
  /* The seed's marks (ⓘ required, 🔗 help), drawn as icons. */
  .mark {
    display: inline-flex;
    color: var(--_accent);
  }
  .mark svg,
  .help-button svg {
    width: 1rem;
    height: 1rem;
  }
  .help-mark,
  .help-button {
    color: var(--_muted);
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: var(--_control-height);
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: var(--_focus);
    outline-offset: 0;
  }
  input[readonly] {
    background: var(--_surface-alt);
  }
  /* A value the user cannot change: text, not a box that looks like a disabled input. */
  .fixed-value {
    margin: 0;
    overflow-wrap: anywhere;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }
  .hint {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .error {
    display: flex;
    gap: 0.25rem;
    font-size: 0.8125rem;
    color: var(--_danger);
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
    min-width: 1.5rem;
    min-height: 1.5rem;
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: none;
    cursor: help;
  }
  .help-button:hover,
  .help:focus-within .help-button {
    color: var(--_accent);
  }
  .tooltip {
    display: none;
    position: absolute;
    top: calc(100% + 0.25rem);
    left: 0;
    z-index: 10;
    width: max-content;
    max-width: min(18rem, 70vw);
    padding: 0.5rem 0.625rem;
    border-radius: var(--_radius);
    background: var(--cae-tooltip-background, #1f2933);
    color: var(--cae-tooltip-color, #ffffff);
    font-size: 0.8125rem;
    font-weight: 400;
    line-height: 1.4;
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.2);
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
    gap: 0.25rem 1.5rem;
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .legend > span {
    display: inline-flex;
    align-items: center;
    gap: 0.3125rem;
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
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 2);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font);
    box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.25);
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: var(--cae-backdrop, rgb(15 23 42 / 0.45));
  }
  .header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
    /* The dialog does not clip (the bubble stands outside it): a themed background keeps its corners. */
    border-radius: calc(var(--_radius) * 2 - 1px) calc(var(--_radius) * 2 - 1px) 0 0;
  }
  .header h2 {
    flex: 1;
    margin: 0;
    font-size: 1.125rem;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .close-x {
    border: none;
    background: transparent;
  }
  .body {
    flex: 1;
    overflow: auto;
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: calc(var(--_space) * 2);
    align-content: start;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
    background: var(--_surface-alt);
    border-radius: 0 0 calc(var(--_radius) * 2 - 1px) calc(var(--_radius) * 2 - 1px);
  }
  .footer .spacer {
    flex: 1;
  }
  dialog.confirm {
    width: min(28rem, calc(100vw - 2rem));
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_danger);
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 6%, var(--_surface));
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
    bottom: calc(100% + 0.5rem);
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
    gap: 0.5rem;
    padding: 0.625rem 1rem;
    border-radius: 999px;
    background: var(--cae-bubble-background, #1f2933);
    color: var(--cae-bubble-color, #ffffff);
    box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.25);
    font-size: 0.875rem;
    pointer-events: auto;
  }
  .bubble.success::before {
    content: '✓';
    color: #7ee2a0;
    font-weight: 700;
  }
  .bubble.error {
    background: var(--_danger);
  }
`;

/**
 * An access state in a badge ("Aucun accès", "Invitation envoyée", …): a dot
 * (a ring for "none") and the words, in the state's color. The same in the
 * table and in both dialogs.
 */
export const badgeStyles = css`
  :host {
    --_warning: var(--cae-color-warning, #8a4b00);
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
    white-space: nowrap;
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
`;
