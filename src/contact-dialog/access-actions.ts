import { msg } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import type { Access, AccessStatus, Contact } from '../api/types.js';
import {
  InvitationSentEvent,
  type AccessRevokedEvent,
  type AccessSavedEvent,
} from '../events/events.js';
import type { GrantAccessDialog } from '../grant-access-dialog/grant-access-dialog.js';
import { IdempotentSave } from '../internal/idempotent-save.js';
import { envelopeIcon, keyIcon } from '../internal/icons.js';
import { loadGrantAccessDialog, whenIdle } from '../internal/lazy.js';
import { failureReason } from '../internal/messages.js';
import type { StatusController } from '../internal/status.js';
import { GRANT_ACCESS_DIALOG_EXPORTPARTS } from './contact-dialog.parts.js';

/** Access states that can receive the invitation e-mail again. */
const INVITABLE: readonly AccessStatus[] = ['invited', 'expired', 'active'];

export interface AccessActionsOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  /** The saved contact (null: a new one, or none yet). */
  contact: () => Contact | null;
  open: () => boolean;
  /** The contact is being saved: no action meanwhile. */
  saving: () => boolean;
  status: StatusController;
  /** The access changed (a save or revoke in the grant dialog, a re-send). */
  onAccess: (access: Access) => void;
  /** Something failed (null: clear the banner). */
  onProblem: (message: string | null) => void;
}

/**
 * The contact dialog's action buttons and what they open: the key
 * (`<grant-access-dialog>` on this contact, loaded when the browser is idle
 * after the dialog opened, or at the first press) and the envelope (the
 * invitation e-mail sent again, never twice for one press: its idempotency key
 * is kept for a retry).
 */
export class AccessActions implements ReactiveController {
  /** `<grant-access-dialog>` is defined (it loads on first use). */
  private grantReady = false;
  private grantRequested = false;

  private readonly inviter: IdempotentSave<[string, string], Access>;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: AccessActionsOptions,
  ) {
    host.addController(this);
    const o = options;
    this.inviter = new IdempotentSave(host, {
      call: ([clientId, contactId]: [string, string], key, signal) =>
        o.backend().sendInvitation(clientId, contactId, { idempotencyKey: key, signal }),
      onComplete: (access) => {
        o.onAccess(access);
        if (access.invitationPending) {
          // The backend keeps the mail in its outbox and retries it (202): not sent yet.
          o.status.show(
            msg("Le courriel n'a pas encore pu partir : il sera renvoyé automatiquement", { id: 'contact-dialog.invitation-pending' }),
          );
          return;
        }
        o.status.show(msg('Un courriel a été envoyé avec les informations de connexion', { id: 'contact-dialog.invitation-sent' }));
        host.dispatchEvent(new InvitationSentEvent({ clientId: o.clientId(), access }));
      },
      onError: (e) => o.onProblem(`${msg("L'envoi du courriel a échoué.", { id: 'contact-dialog.invite-failed' })} ${failureReason(e)}`),
    });
  }

  hostUpdated(): void {
    if (!this.options.open() || this.grantRequested) return;
    this.grantRequested = true;
    whenIdle(() =>
      loadGrantAccessDialog().then(() => {
        this.grantReady = true;
        this.host.requestUpdate();
      }),
    );
  }

  /** The invitation is being sent. */
  get sending(): boolean {
    return this.inviter.pending;
  }

  /** Another contact: a re-send is a new one. */
  reset(): void {
    this.inviter.reset();
  }

  /** The key and the envelope; `existing`: a saved contact is shown, `access` its access state. */
  renderButtons(existing: boolean, access: AccessStatus) {
    const saving = this.options.saving();
    return html`<div class="actions" part="actions" role="group" aria-label=${msg('Actions', { id: 'contact-dialog.actions' })}>
      <button
        type="button"
        class="icon-button key"
        aria-label=${msg('Accès', { id: 'contact-dialog.access' })}
        title=${existing
          ? msg('Accès', { id: 'contact-dialog.access' })
          : msg('Enregistrez le contact avant de lui donner un accès', { id: 'contact-dialog.access-save-first' })}
        ?disabled=${!existing || saving || this.sending}
        @click=${this.handleKey}
      >
        ${keyIcon}
      </button>
      <button
        type="button"
        class="icon-button envelope"
        aria-label=${msg('Envoyer les informations de connexion', { id: 'contact-dialog.send' })}
        title=${msg('Envoyer les informations de connexion', { id: 'contact-dialog.send' })}
        ?disabled=${!existing || saving || !INVITABLE.includes(access)}
        aria-disabled=${this.sending ? 'true' : 'false'}
        @click=${this.handleSend}
      >
        ${this.sending ? html`<span class="spinner" aria-hidden="true"></span>` : envelopeIcon}
      </button>
    </div>`;
  }

  /** The contact's access changed elsewhere: the nested `<grant-access-dialog>`, if open, reads it again. */
  accessChanged(contactId: string): void {
    if (this.grantReady) void this.host.renderRoot.querySelector<GrantAccessDialog>('grant-access-dialog')?.accessChanged(contactId);
  }

  /** The nested `<grant-access-dialog>`, once loaded. */
  renderGrantDialog() {
    const contact = this.options.contact();
    return contact && this.grantReady
      ? html`<grant-access-dialog
          exportparts=${GRANT_ACCESS_DIALOG_EXPORTPARTS}
          .clientId=${this.options.clientId()}
          .contactId=${contact.id}
          .contact=${contact}
          .backend=${this.options.backend()}
          @access-saved=${this.handleAccessEvent}
          @access-revoked=${this.handleAccessEvent}
          @invitation-sent=${this.handleAccessEvent}
        ></grant-access-dialog>`
      : nothing;
  }

  private readonly handleKey = async (): Promise<void> => {
    try {
      await loadGrantAccessDialog();
    } catch (e) {
      this.options.onProblem(`${msg("La fenêtre d'accès n'a pas pu s'ouvrir.", { id: 'contact-dialog.grant-failed' })} ${failureReason(e)}`);
      return;
    }
    this.grantReady = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    await this.host.renderRoot.querySelector<GrantAccessDialog>('grant-access-dialog')?.show();
  };

  private readonly handleSend = (): void => {
    // While it sends, the envelope stays focusable (aria-disabled, not disabled): focus never drops to <body>.
    const contact = this.options.contact();
    if (!contact || this.sending) return;
    this.options.onProblem(null);
    void this.inviter.run([this.options.clientId(), contact.id]);
  };

  private readonly handleAccessEvent = (e: AccessSavedEvent | AccessRevokedEvent | InvitationSentEvent): void => {
    this.options.onAccess(e.detail.access);
  };
}
