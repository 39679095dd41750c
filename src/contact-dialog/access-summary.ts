import { localized, msg, str } from '@lit/localize';
import { Task, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContactsBackend } from '../api/backend.js';
import type { Access, AuditEvent, Choices, Contact } from '../api/types.js';
import { formatDateTime } from '../internal/dates.js';
import { choiceLabel } from '../internal/format.js';
import { accessStatusLabel, failureReason } from '../internal/messages.js';
import { renderLoadError, renderLoading } from '../internal/states.js';

/**
 * The portal access of the contact shown in `<contact-dialog>` (internal, not
 * API): role, user code, e-mail, IP limit, branch, state and dates (the
 * access's end: "Accès valide jusqu'au", "Accès terminé le"), or "no
 * access"; its history ("Historique") on demand. Loads the access unless the
 * dialog hands a newer one in (`access`: after a save, a re-send, a revoke),
 * and the history each time it is shown or the access changed.
 *
 * Rendered in the dialog's shadow root (no shadow root of its own): the
 * dialog's styles, parts (`access`, `history`) and ids apply as before.
 *
 * Not API: left out of the custom elements manifest (its config excludes this file).
 */
@customElement('contact-access-summary')
@localized()
export class ContactAccessSummary extends LitElement {
  private readonly loader = new Task(this, {
    args: () => [this.backend, this.clientId, this.contact?.id, this.access === undefined, this.readAgain] as const,
    task: async ([backend, clientId, id, wanted], { signal }) => {
      if (!backend || !id || !wanted) return initialState;
      if (this.contact?.accessStatus === 'none') return null;
      const access = await backend.getAccess(clientId, id, { signal });
      return access.status === 'none' ? null : access;
    },
  });

  /** The access's trail, loaded only once the user asks for it ("Afficher l'historique"). */
  private readonly historyLoader = new Task(this, {
    args: () => [this.backend, this.clientId, this.shown?.contactId, this.historyOpen, this.revision, this.readAgain] as const,
    task: async ([backend, clientId, id, open], { signal }): Promise<AuditEvent[] | typeof initialState> => {
      if (!backend || !open || !id) return initialState;
      return backend.getAccessHistory(clientId, id, { signal });
    },
  });

  @property({ attribute: false }) backend: ContactsBackend | null = null;
  @property({ attribute: false }) clientId = '';
  /** The contact whose access this is. */
  @property({ attribute: false }) contact: Contact | null = null;
  @property({ attribute: false }) choices: Choices | null = null;
  /** The access as the dialog last saw it change (null: none); undefined: load it. */
  @property({ attribute: false }) access: Access | null | undefined = undefined;
  /** Bumped by the dialog when the access changed elsewhere (a live event): the access and the open history are read again. */
  @property({ attribute: false }) readAgain = 0;

  /** The history is shown. */
  @state() private historyOpen = false;
  /** Bumped by every change of the access (its history grew). */
  @state() private revision = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('contact') && changed.get('contact')?.id !== this.contact?.id) this.historyOpen = false;
    if (changed.has('access') && this.access !== undefined) this.revision++;
  }

  /** The access shown: the one handed in, else the one loaded. */
  private get shown(): Access | null | undefined {
    if (this.access !== undefined) return this.access;
    const loaded = this.loader.value;
    // While another contact's access loads, the last one is still the task's value.
    return loaded && loaded.contactId !== this.contact?.id ? undefined : loaded;
  }

  protected override render() {
    const access = this.shown;
    if (!access) {
      return this.loader.render({
        pending: () => renderLoading(msg("Chargement de l'accès au portail…", { id: 'contact-dialog.access-loading' }), 'no-access', 'access'),
        error: (e) =>
          renderLoadError({
            what: msg("Impossible de charger l'accès au portail.", { id: 'contact-dialog.access-failed' }),
            why: failureReason(e),
            retry: () => this.retryAccess(),
            cls: 'no-access access-error',
            buttonCls: 'retry-access',
            part: 'access',
          }),
        complete: () => html`<p class="no-access" part="access">${msg('Aucun accès au portail', { id: 'contact-dialog.no-access' })}</p>`,
      });
    }
    const choices = this.choices;
    const role = choices?.roles.find((c) => c.id === access.role);
    const branch = access.branchId ? choices?.branches.find((c) => c.id === access.branchId) : undefined;
    const row = (term: string, value: unknown) => html`<dt>${term}</dt><dd>${value}</dd>`;
    const expires =
      (access.status === 'invited' || access.status === 'expired') && access.invitationExpiresAt
        ? row(msg("Expiration de l'invitation", { id: 'contact-dialog.access-expires' }), date(access.invitationExpiresAt))
        : nothing;
    const end = access.accessExpiresAt;
    const ends =
      end && access.status === 'ended'
        ? row(msg('Accès terminé le', { id: 'contact-dialog.access-ended-at' }), date(end))
        : end && access.status !== 'revoked'
          ? row(msg("Accès valide jusqu'au", { id: 'contact-dialog.access-valid-until' }), date(end))
          : nothing;
    return html`<section class="access" part="access" aria-labelledby="access-title">
      <h3 id="access-title">${msg('Accès au portail', { id: 'contact-dialog.access-title' })}</h3>
      <dl>
        ${row(msg('Rôle', { id: 'contact-dialog.access-role' }), role ? choiceLabel(role) : msg('Client (rôle du système)', { id: 'contact-dialog.access-role-client' }))}
        ${row(msg("Code d'utilisateur", { id: 'contact-dialog.access-user-code' }), access.userCode)}
        ${row(msg('Adresse courriel', { id: 'contact-dialog.email' }), access.email)}
        ${row(
          msg('Adresses IP permises', { id: 'contact-dialog.access-ips' }),
          access.allowedIps.length ? access.allowedIps.join(', ') : msg('Aucune restriction', { id: 'contact-dialog.access-any-ip' }),
        )}
        ${row(
          msg('Succursale', { id: 'contact-dialog.access-branch' }),
          branch ? choiceLabel(branch) : access.branchId ?? msg('Toutes les succursales', { id: 'contact-dialog.access-any-branch' }),
        )}
        ${row(msg('État', { id: 'contact-dialog.access-state' }), html`<span class="badge ${access.status}">${accessStatusLabel(access.status)}</span>`)}
        ${access.lastInvitationSentAt
          ? row(msg('Dernière invitation envoyée', { id: 'contact-dialog.access-last-sent' }), date(access.lastInvitationSentAt))
          : nothing}
        ${expires}
        ${ends}
      </dl>
      ${this.renderHistory()}
    </section>`;
  }

  /**
   * "Réessayer" after the access failed to load: the button goes with the
   * error, and nothing focusable stays while the access loads again, so the
   * focus waits on the section itself (not on `<body>`).
   */
  private retryAccess() {
    this.tabIndex = -1;
    this.focus();
    void this.loader.run();
  }

  /** "Afficher l'historique": the access's trail, loaded on demand (not at every opening of the dialog). */
  private renderHistory() {
    const open = this.historyOpen;
    return html`<div class="history-block">
      <button
        type="button"
        class="button history-toggle"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="history"
        @click=${() => (this.historyOpen = !open)}
      >
        ${open ? msg("Masquer l'historique", { id: 'contact.history.hide' }) : msg("Afficher l'historique", { id: 'contact.history.show' })}
      </button>
      ${open
        ? html`<section id="history" class="history" part="history" aria-labelledby="history-title">
            <h4 id="history-title">${msg('Historique', { id: 'contact.history.title' })}</h4>
            ${this.historyLoader.render({
              pending: () =>
                renderLoading(msg("Chargement de l'historique…", { id: 'contact.history.loading' }), 'history-state history-loading'),
              error: (e) =>
                renderLoadError({
                  what: msg("Impossible de charger l'historique.", { id: 'contact.history.failed' }),
                  why: failureReason(e),
                  // The button goes with the error: the focus moves to the toggle above it first.
                  retry: () => {
                    this.renderRoot.querySelector<HTMLElement>('.history-toggle')?.focus();
                    void this.historyLoader.run();
                  },
                  cls: 'history-state history-error',
                  buttonCls: 'retry-history',
                }),
              complete: (events) =>
                Array.isArray(events) && events.length > 0
                  ? html`<ol class="events">
                      ${events.map(
                        (e) => html`<li class="event">
                          <span class="event-when">${date(e.at)}</span>
                          <span class="event-what">${actionLabel(e.action)}</span>
                          <span class="event-who">${msg(str`par ${e.actor}`, { id: 'contact.history.by' })}</span>
                          <span class="event-where">${msg(str`depuis ${e.address}`, { id: 'contact.history.from' })}</span>
                        </li>`,
                      )}
                    </ol>`
                  : html`<p class="history-state history-empty">${msg('Aucun événement enregistré.', { id: 'contact.history.empty' })}</p>`,
            })}
          </section>`
        : nothing}
    </div>`;
  }
}

function date(iso: string) {
  return html`<time datetime=${iso}>${formatDateTime(iso)}</time>`;
}

/** An event of the trail, in words. */
function actionLabel(action: AuditEvent['action']): string {
  switch (action) {
    case 'access-created':
      return msg('Accès créé', { id: 'contact.history.access-created' });
    case 'access-updated':
      return msg('Accès modifié', { id: 'contact.history.access-updated' });
    case 'access-revoked':
      return msg('Accès révoqué', { id: 'contact.history.access-revoked' });
    case 'invitation-sent':
      return msg('Invitation envoyée', { id: 'contact.history.invitation-sent' });
    case 'invitation-failed':
      return msg("Échec de l'envoi de l'invitation", { id: 'contact.history.invitation-failed' });
    case 'invitation-accepted':
      return msg('Invitation acceptée', { id: 'contact.history.invitation-accepted' });
    case 'login-refused':
      return msg('Connexion refusée', { id: 'contact.history.login-refused' });
    case 'login':
      return msg('Connexion', { id: 'contact.history.login' });
    default:
      return action;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-access-summary': ContactAccessSummary;
  }
}
