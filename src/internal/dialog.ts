import { msg } from '@lit/localize';
import { html, type ReactiveController, type ReactiveElement } from 'lit';
import { RequestCloseEvent, type CloseSource } from '../events/events.js';

export interface DialogHost extends ReactiveElement {
  open: boolean;
}

export interface DialogControllerOptions {
  /** The element's native `<dialog>`. */
  dialog: () => HTMLDialogElement | null | undefined;
  /** True when closing would lose something typed. */
  isDirty?: () => boolean;
  /** Asks whether to discard; resolves true to discard. */
  confirmDiscard?: () => Promise<boolean>;
  /** Called once the dialog closed (for cleanup). */
  onClosed?: () => void;
}

/**
 * Drives an element's native `<dialog>` from its reflected `open` property:
 * `showModal()` (focus in, page inert, top layer), close on Escape / close
 * button / backdrop through a cancelable `request-close` event, a question
 * before unsaved edits are lost, and focus back to the opener (native).
 * Bind `onCancel`, `onClick`, `onPointerDown` and `onClose` on the `<dialog>`.
 */
export class DialogController implements ReactiveController {
  private pressedOnBackdrop = false;
  private closing = false;

  constructor(
    private readonly host: DialogHost,
    private readonly options: DialogControllerOptions,
  ) {
    host.addController(this);
  }

  /**
   * Closing happens before the render: it blurs the focused field, whose
   * handlers may ask for an update, which then joins this one (after the
   * render, it would schedule another).
   */
  hostUpdate(): void {
    const dialog = this.options.dialog();
    if (!this.host.open && dialog?.open) dialog.close();
  }

  /** Opening happens after the render, so that the dialog's content is there to take focus. */
  hostUpdated(): void {
    const dialog = this.options.dialog();
    if (this.host.open && dialog && !dialog.open && this.host.isConnected) dialog.showModal();
  }

  hostDisconnected(): void {
    this.options.dialog()?.close();
  }

  async show(): Promise<void> {
    this.host.open = true;
    await this.host.updateComplete;
  }

  async hide(): Promise<void> {
    this.host.open = false;
    await this.host.updateComplete;
  }

  /**
   * Closes unless the host cancels `request-close` or the user keeps unsaved
   * edits. Resolves true when the dialog closed. `null`: the host itself asks,
   * no `request-close`.
   */
  async requestClose(source: CloseSource | null): Promise<boolean> {
    if (this.closing) return false;
    if (source) {
      const event = new RequestCloseEvent({ source });
      this.host.dispatchEvent(event);
      if (event.defaultPrevented) return false;
    }
    if (this.options.isDirty?.() && this.options.confirmDiscard) {
      this.closing = true;
      try {
        if (!(await this.options.confirmDiscard())) return false;
      } finally {
        this.closing = false;
      }
    }
    await this.hide();
    return true;
  }

  /** Escape: the native close request, turned into ours. */
  readonly onCancel = (e: Event): void => {
    e.preventDefault();
    void this.requestClose('escape');
  };

  readonly onPointerDown = (e: PointerEvent): void => {
    this.pressedOnBackdrop = e.target === e.currentTarget && isOutside(e, e.currentTarget as HTMLElement);
  };

  /** A click on the backdrop (outside the dialog's box), pressed and released there. */
  readonly onClick = (e: MouseEvent): void => {
    const onBackdrop = e.target === e.currentTarget && isOutside(e, e.currentTarget as HTMLElement);
    if (onBackdrop && this.pressedOnBackdrop) void this.requestClose('backdrop');
    this.pressedOnBackdrop = false;
  };

  /** The native dialog closed (by us, or by the browser): keep `open` in step. */
  readonly onClose = (e: Event): void => {
    // The event comes a task after close(): when the dialog was shown again
    // meanwhile (hide() then show()), it is stale.
    if (e.target !== e.currentTarget || (e.currentTarget as HTMLDialogElement).open) return;
    if (this.host.open) this.host.open = false;
    this.options.onClosed?.();
  };
}

function isOutside(e: MouseEvent, el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  return e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
}

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
}

/**
 * A question in a small modal dialog of its own (`alertdialog`), on top of the
 * element's dialog. `ask()` resolves true when the user confirms; Escape and
 * the cancel button resolve false. Render `render()` in the shadow root.
 */
export class ConfirmController {
  private current: (ConfirmOptions & { resolve: (ok: boolean) => void }) | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly dialog: () => HTMLDialogElement | null | undefined,
  ) {}

  async ask(options: ConfirmOptions): Promise<boolean> {
    this.current?.resolve(false);
    const answer = new Promise<boolean>((resolve) => {
      this.current = { ...options, resolve };
    });
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialog();
    if (dialog && !dialog.open) dialog.showModal();
    return answer;
  }

  private answer(ok: boolean): void {
    const current = this.current;
    this.current = null;
    this.dialog()?.close();
    this.host.requestUpdate();
    current?.resolve(ok);
  }

  render() {
    const c = this.current;
    return html`<dialog
      class="confirm"
      part="confirm"
      role="alertdialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.answer(false);
      }}
    >
      ${c
        ? html`<div class="header"><h2 id="confirm-title">${c.title}</h2></div>
            <div class="body"><p id="confirm-message">${c.message}</p></div>
            <div class="footer">
              <span class="spacer"></span>
              <button type="button" class="button" autofocus @click=${() => this.answer(false)}>${c.cancelLabel}</button>
              <button type="button" class="button ${c.danger ? 'danger' : 'primary'}" @click=${() => this.answer(true)}>
                ${c.confirmLabel}
              </button>
            </div>`
        : ''}
    </dialog>`;
  }
}

/** The usual question before unsaved edits are lost. */
export function discardQuestion(): ConfirmOptions {
  return {
    title: msg('Abandonner les modifications?', { id: 'discard.title' }),
    message: msg('Vous avez des modifications non enregistrées. Si vous fermez, elles seront perdues.', {
      id: 'discard.message',
    }),
    confirmLabel: msg('Abandonner', { id: 'discard.confirm' }),
    cancelLabel: msg('Continuer la saisie', { id: 'discard.cancel' }),
    danger: true,
  };
}
