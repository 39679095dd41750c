import { msg } from '@lit/localize';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContactsBackend } from '../api/backend.js';
import { BackendController } from './backend-controller.js';
import { comboboxStyles } from './contact-combobox.js';
import { ConfirmController, DialogController, discardQuestion, type ConfirmOptions } from './dialog.js';
import { fieldIds } from './form.js';
import { closeIcon } from './icons.js';
import { PageLocaleController } from './locale.js';
import { SlowNotice, StatusController, clearStatus } from './status.js';
import { dialogStyles, statusStyles } from './dialog-styles.js';
import { badgeStyles, baseStyles, fieldStyles } from './styles.js';

/** The banner at the top of the body: what went wrong, and the way out it offers. */
export interface Banner {
  message: string;
  action?: 'retry' | 'reload' | null;
}

/** What a dialog puts in the shell's slots. */
export interface DialogParts {
  /** After the title in the header (the contact dialog's navigation). */
  header?: unknown;
  /** Between the header and the body (the contact dialog's search row). */
  top?: unknown;
  body: unknown;
  footer: unknown;
}

/**
 * The shell of both dialogs (`<contact-dialog>`, `<grant-access-dialog>`), as
 * Web Awesome's dialog is to its users: the controllers they share (backend,
 * native `<dialog>`, discard question, status bubble, locale), `show()` /
 * `hide()` / `requestHide()`, the header with its title and close button, the
 * body with its banner, the footer, and the focus on the first field once the
 * content is there. A dialog says what it shows (`heading`, `renderDialog()`'s
 * parts) and what its banner's button does (`handleBannerAction()`).
 */
export abstract class DialogElement extends LitElement {
  static override styles = [baseStyles, fieldStyles, dialogStyles, statusStyles, badgeStyles, comboboxStyles];

  protected readonly backends = new BackendController(this);
  protected readonly confirm = new ConfirmController(this, () => this.confirmDialog);
  protected readonly status = new StatusController(this);
  protected readonly dialog = new DialogController(this, {
    dialog: () => this.dialogElement,
    isDirty: () => this.dirty,
    confirmDiscard: () => this.confirm.ask(this.discardQuestion()),
    onClosed: () => {
      this.status.clear();
      this.handleClosed();
    },
  });

  @query('dialog.main') private dialogElement?: HTMLDialogElement;
  @query('dialog.confirm') private confirmDialog?: HTMLDialogElement;

  /** The client whose contact this is. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** Whether the dialog is shown (modal; reflected). */
  @property({ type: Boolean, reflect: true }) open = false;

  /** A backend object; wins over `endpoint` and the provider's. */
  @property({ attribute: false }) backend: ContactsBackend | null = null;

  /** Base URL of the REST API; wins over the provider's. */
  @property() endpoint: string | null = null;

  @state() protected banner: Banner | null = null;

  /** Focus the first field once it shows (after opening, or a reload). */
  private focusPending = false;

  constructor() {
    super();
    new PageLocaleController(this);
    new SlowNotice(this, this.status, () => this.open && this.loading);
  }

  /** Opens the dialog; resolves once it is shown (the status bubble of a dialog under it goes). */
  show(): Promise<void> {
    clearStatus();
    return this.dialog.show();
  }

  /** Closes the dialog without asking; resolves once it is closed. */
  hide(): Promise<void> {
    return this.dialog.hide();
  }

  /**
   * Closes the dialog after asking about unsaved edits, as the host wants it
   * (no `request-close`): resolves false when the user keeps editing.
   */
  requestHide(): Promise<boolean> {
    return this.dialog.requestClose(null);
  }

  /** The title, in the header (`aria-labelledby` of the dialog). */
  protected abstract get heading(): string;

  /** True when closing would lose something typed. */
  protected abstract get dirty(): boolean;

  /** What closing with `dirty` asks (by default, whether to discard the edits). */
  protected discardQuestion(): ConfirmOptions {
    return discardQuestion();
  }

  /** A save (or another call that must end first) is under way: the dialog does not close meanwhile. */
  protected get busy(): boolean {
    return false;
  }

  /** Something loads or saves: `aria-busy` on the dialog. */
  protected get loading(): boolean {
    return this.busy;
  }

  /** The field to focus once the content shows (undefined: not there yet, or the native `autofocus` does it). */
  protected get firstField(): string | undefined {
    return undefined;
  }

  /** The dialog closed: forget what it showed. */
  protected handleClosed(): void {}

  /** The banner's button was pressed. */
  protected handleBannerAction(_action: 'retry' | 'reload'): void {}

  /** Focus goes to the first field at the next render where it shows. */
  protected focusFirstField(): void {
    this.focusPending = true;
  }

  /**
   * Runs a load again from its error block's "Réessayer", which goes with the block: the focus waits on
   * the close button, then goes to the first field once it shows (never to <body>).
   */
  protected retryLoad(run: () => unknown): void {
    this.renderRoot.querySelector<HTMLElement>('.close-x')?.focus();
    this.focusFirstField();
    void run();
  }

  protected focusField(field: string | undefined): void {
    if (field) this.renderRoot.querySelector<HTMLElement>(`#${fieldIds(field).control}`)?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.focusPending = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const first = this.open && this.focusPending ? this.firstField : undefined;
    if (first) {
      this.focusPending = false;
      this.focusField(first);
    }
  }

  /** The dialog: header (title, `parts.header`, close), `parts.top`, body (banner, `parts.body`), footer, bubble, confirmation. */
  protected renderDialog(parts: DialogParts): TemplateResult {
    const close = msg('Fermer', { id: 'dialog.close' });
    const busy = this.busy;
    return html`<dialog
        class="main"
        part="dialog"
        aria-labelledby="title"
        aria-busy=${this.loading ? 'true' : 'false'}
        @cancel=${this.handleCancel}
        @pointerdown=${this.dialog.onPointerDown}
        @click=${this.dialog.onClick}
        @close=${this.dialog.onClose}
      >
        <div class="header" part="header">
          <h2 id="title" part="title">${this.heading}</h2>
          ${parts.header ?? nothing}
          <button
            type="button"
            class="icon-button close-x"
            aria-label=${close}
            title=${close}
            aria-disabled=${busy ? 'true' : nothing}
            @click=${this.handleClose}
          >
            ${closeIcon}
          </button>
        </div>
        ${parts.top ?? nothing}
        <div class="body" part="body">${this.banner ? this.renderBanner(this.banner) : nothing} ${parts.body}</div>
        <div class="footer" part="footer">${parts.footer}</div>
        ${this.status.render()}
      </dialog>
      ${this.confirm.render()}`;
  }

  /** A banner (`role="alert"`) with its button; `onAction` instead of `handleBannerAction()` for one of its own. */
  protected renderBanner(banner: Banner, onAction = (a: 'retry' | 'reload') => this.handleBannerAction(a)) {
    const action = banner.action;
    return html`<div class="banner" part="banner" role="alert">
      <p>${banner.message}</p>
      ${action
        ? html`<button type="button" class="button ${action}" @click=${() => onAction(action)}>
            ${action === 'reload' ? msg('Recharger', { id: 'dialog.reload' }) : msg('Réessayer', { id: 'dialog.retry' })}
          </button>`
        : nothing}
    </div>`;
  }

  /** The footer's "Fermer". */
  protected renderCloseButton(disabled = false) {
    return html`<button
      type="button"
      class="button close"
      part="close-button"
      ?disabled=${disabled}
      aria-disabled=${this.busy ? 'true' : nothing}
      @click=${this.handleClose}
    >
      ${msg('Fermer', { id: 'dialog.close' })}
    </button>`;
  }

  /**
   * The main button, "Enregistrer…": as wide as its label; while `saving` a
   * spinner covers the label (still its accessible name), so the button does
   * not change width and nothing beside it moves. `aria-disabled` while `off`
   * (it keeps the focus; its handler then does nothing). Without `onClick` it
   * submits the form `#form`.
   */
  protected renderSaveButton(label: string, saving: boolean, off: boolean, o: { disabled?: boolean; onClick?: () => void } = {}) {
    return html`<button
      type=${o.onClick ? 'button' : 'submit'}
      form=${ifDefined(o.onClick ? undefined : 'form')}
      class="button primary save${saving ? ' busy' : ''}"
      part="save-button"
      ?disabled=${o.disabled ?? false}
      aria-disabled=${off ? 'true' : nothing}
      @click=${o.onClick}
    >
      <span class="button-label">${label}</span>${saving ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
    </button>`;
  }

  private readonly handleCancel = (e: Event): void => {
    if (this.busy) e.preventDefault();
    else this.dialog.onCancel(e);
  };

  private readonly handleClose = (): void => {
    if (!this.busy) void this.dialog.requestClose('close-button');
  };
}
