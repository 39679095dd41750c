import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import type { Access, Contact, ContactQuery } from '../api/types.js';
import type { ContactDialog } from '../contact-dialog/contact-dialog.js';
import {
  ContactOpenEvent,
  type AccessRevokedEvent,
  type ContactDeletedEvent,
  type AccessSavedEvent,
  type ContactSavedEvent,
  type InvitationSentEvent,
} from '../events/events.js';
import { loadContactDialog, whenIdle } from '../internal/lazy.js';
import { CONTACT_DIALOG_EXPORTPARTS } from './client-contacts.parts.js';

export interface NestedDialogOptions {
  clientId: () => string;
  backend: () => ContactsBackend;
  /** The order and filter of the dialog's "<" / ">". */
  query: () => ContactQuery;
  /** A contact of this client was saved in the dialog. */
  onSaved: (contact: Contact, created: boolean) => void;
  /** An access of this client changed in the dialogs. */
  onAccess: (access: Access) => void;
  /** A contact of this client was deleted in the dialog (it has closed). */
  onDeleted: (contactId: string) => void;
}

/**
 * The `<contact-dialog>` of `<client-contacts>`: loaded when the browser is
 * idle after the table's first paint (or at the first click), opened on a
 * contact after a cancelable `contact-open`, asked to close (about unsaved
 * edits first) when the table moves to another client, and listened to on
 * itself (not on `document`) for what changed.
 */
export class NestedDialog implements ReactiveController {
  /** The dialog's code could not be loaded. */
  error: unknown = null;
  /** The contact it shows (null: a new one); undefined until it is first opened. */
  private contactId: string | null | undefined = undefined;
  /** Its client: the table's when it opened (a client change closes it first). */
  private clientId = '';
  private shownFor = '';
  private requested = false;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: NestedDialogOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.requested) return;
    this.requested = true;
    whenIdle(loadContactDialog);
  }

  hostUpdate(): void {
    // Another client: the open dialog asks about unsaved edits, then closes (its contact stays the old client's).
    const clientId = this.options.clientId();
    if (clientId !== this.shownFor && this.element?.open) void this.element.requestHide();
    this.shownFor = clientId;
  }

  get element(): ContactDialog | null {
    return this.host.renderRoot.querySelector('contact-dialog');
  }

  /** Opens the dialog on a contact (null: a new one), unless the host prevents `contact-open`. */
  async open(contactId: string | null): Promise<void> {
    const clientId = this.options.clientId();
    if (!this.host.dispatchEvent(new ContactOpenEvent({ clientId, contactId }))) return;
    void import('./deletion.js').catch(() => undefined); // (what a deletion in the dialog needs, there by then)
    try {
      await loadContactDialog();
      this.error = null;
    } catch (e) {
      this.error = e;
      this.host.requestUpdate();
      return;
    }
    this.contactId = contactId;
    this.clientId = clientId;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.element;
    if (!dialog) return;
    // The dialog moves on by itself (a created contact, "<" / ">"), so its
    // contact is set on each opening, not by the template: a re-render of the
    // table (after a save) must not pull it back to an older one.
    dialog.contactId = contactId;
    await dialog.show();
  }

  /** Runs `then` once the dialog is closed (at once when it is). */
  whenClosed(then: () => void): void {
    const dialog = this.element;
    if (!dialog?.open) {
      then();
      return;
    }
    const observer = new MutationObserver(() => {
      if (dialog.open) return;
      observer.disconnect();
      then();
    });
    observer.observe(dialog, { attributes: true, attributeFilter: ['open'] });
  }

  render() {
    return this.contactId === undefined
      ? nothing
      : html`<contact-dialog
          exportparts=${CONTACT_DIALOG_EXPORTPARTS}
          .clientId=${this.clientId}
          .contactId=${this.contactId}
          .query=${this.options.query()}
          .backend=${this.options.backend()}
          @contact-saved=${this.handleContactSaved}
          @contact-deleted=${this.handleContactDeleted}
          @access-saved=${this.handleAccessChanged}
          @access-revoked=${this.handleAccessChanged}
          @invitation-sent=${this.handleAccessChanged}
        ></contact-dialog>`;
  }

  private readonly handleContactSaved = (e: ContactSavedEvent): void => {
    const { contact, created } = e.detail;
    if (contact.clientId === this.options.clientId()) this.options.onSaved(contact, created);
  };

  private readonly handleContactDeleted = (e: ContactDeletedEvent): void => {
    const { clientId, contactId } = e.detail;
    if (clientId === this.options.clientId()) this.options.onDeleted(contactId);
  };

  private readonly handleAccessChanged = (e: AccessSavedEvent | AccessRevokedEvent | InvitationSentEvent): void => {
    const { clientId, access } = e.detail;
    if (clientId === this.options.clientId()) this.options.onAccess(access);
  };
}
