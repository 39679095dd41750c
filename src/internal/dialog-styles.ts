import { css } from 'lit';

// The dialogs' own styles, apart from styles.ts: the page that shows only the
// table does not load them (they come with the dialogs' lazy chunks).

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
  /*
   * Too narrow for the title and the header's buttons on one line: the buttons wrap below, the title stays whole.
   * The header, the footer and the row under the header keep their height; the body is what scrolls.
   */
  .header {
    flex-wrap: wrap;
  }
  .header,
  .footer,
  .header ~ :not(.body, .footer) {
    flex-shrink: 0;
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
  /* A label wider than the footer (at 320 px, "Enregistrer et envoyer un courriel") wraps inside its button. */
  .footer .button {
    max-width: 100%;
    white-space: normal;
    text-align: center;
  }
  dialog.confirm {
    width: min(28rem, calc(100vw - 2rem));
  }
  /* A question: as high as its text (no space reserved for a form that loads). */
  dialog.confirm .body {
    min-height: 0;
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
