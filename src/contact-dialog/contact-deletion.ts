import { msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import type { AccessStatus, Contact } from '../api/types.js';
import type { ConfirmOptions } from '../internal/dialog.js';
import type { Banner } from '../internal/dialog-element.js';
import { failureReason } from '../internal/messages.js';

/** Access states whose portal access the deletion ends (the others have none that still works). */
const WITH_ACCESS: readonly AccessStatus[] = ['invited', 'active', 'expired'];

type DeleteArgs = [backend: ContactsBackend, clientId: string, contact: Contact];

export interface ContactDeletionOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  /** The saved contact shown (null: a new one, or none yet). */
  contact: () => Contact | null;
  /** Its access state as the dialog shows it. */
  accessStatus: () => AccessStatus;
  /** Another call is under way (a save, a re-send): the button does nothing meanwhile. */
  blocked: () => boolean;
  /** Asks the question in the dialog's confirmation (`ConfirmController.ask`). */
  ask: (question: ConfirmOptions) => Promise<boolean>;
  /** What went wrong (null: clear the banner). */
  onProblem: (banner: Banner | null) => void;
  /** The contact is deleted. */
  onDeleted: (clientId: string, contact: Contact) => void;
}

/**
 * The contact dialog's "Supprimer le contact": a question first (naming the
 * contact, and saying that her portal access ends too when she has one), then
 * the DELETE with the contact's version as If-Match, the button busy
 * meanwhile. A contact changed meanwhile (412), already deleted (404) or a
 * failed call leaves the dialog as it was, with a banner saying so.
 */
export class ContactDeletion {
  private readonly task: Task<DeleteArgs, void>;

  constructor(
    host: ReactiveElement,
    private readonly options: ContactDeletionOptions,
  ) {
    this.task = new Task(host, {
      autoRun: false,
      task: ([backend, clientId, contact]: DeleteArgs, { signal }) =>
        backend.deleteContact(clientId, contact.id, { version: contact.version, signal }),
    });
  }

  /** The DELETE is under way. */
  get pending(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** The button (a saved contact only); busy, it keeps the focus (`aria-disabled`) and shows a spinner. */
  renderButton(existing: boolean) {
    if (!existing) return nothing;
    const pending = this.pending;
    return html`<button
      type="button"
      class="button danger delete${pending ? ' busy' : ''}"
      part="delete-button"
      aria-disabled=${pending || this.options.blocked() ? 'true' : nothing}
      @click=${this.handleClick}
    >
      <span class="button-label">${msg('Supprimer le contact', { id: 'contact-dialog.delete' })}</span>${pending
        ? html`<span class="spinner" aria-hidden="true"></span>`
        : nothing}
    </button>`;
  }

  private readonly handleClick = async (): Promise<void> => {
    const contact = this.options.contact();
    if (!contact || this.pending || this.options.blocked()) return;
    const ok = await this.options.ask(question(contact.name, WITH_ACCESS.includes(this.options.accessStatus())));
    // (Escape and "Annuler": the confirmation closes and the focus is back on this button.)
    if (!ok || this.options.contact() !== contact) return;
    this.options.onProblem(null);
    const clientId = this.options.clientId();
    await this.task.run([this.options.backend(), clientId, contact]);
    if (this.task.status === TaskStatus.COMPLETE) this.options.onDeleted(clientId, contact);
    else this.options.onProblem(problem(this.task.error));
  };
}

function question(name: string, withAccess: boolean): ConfirmOptions {
  const deleted = msg(str`Le contact ${name} sera supprimé de ce client. Cette action est définitive.`, { id: 'contact-dialog.delete-message' });
  const accessEnds = msg(
    "Son accès au portail prend fin aussi : cette personne ne pourra plus se connecter, et tout lien d'invitation reçu cessera de fonctionner.",
    { id: 'contact-dialog.delete-access' },
  );
  return {
    title: msg(str`Supprimer le contact ${name}?`, { id: 'contact-dialog.delete-title' }),
    message: withAccess ? `${deleted} ${accessEnds}` : deleted,
    confirmLabel: msg('Supprimer', { id: 'contact-dialog.delete-confirm' }),
    cancelLabel: msg('Annuler', { id: 'contact-dialog.delete-cancel' }),
    danger: true,
  };
}

function problem(error: unknown): Banner {
  const status = isBackendError(error) ? error.status : 0;
  if (status === 412) {
    return {
      message: msg("Ce contact a été modifié par quelqu'un d'autre depuis son ouverture : il n'a pas été supprimé. Rechargez-le pour voir ses nouvelles valeurs, puis décidez de nouveau.", {
        id: 'contact-dialog.delete-stale',
      }),
      action: 'reload',
    };
  }
  if (status === 404) {
    return {
      message: msg("Ce contact a déjà été supprimé, peut-être par quelqu'un d'autre. Fermez cette fenêtre pour revenir à la liste.", {
        id: 'contact-dialog.delete-gone',
      }),
    };
  }
  return { message: `${msg('La suppression du contact a échoué.', { id: 'contact-dialog.delete-failed' })} ${failureReason(error)}` };
}
