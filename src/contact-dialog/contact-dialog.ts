import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { isBackendError } from '../api/backend-error.js';
import type { Access, AccessStatus, AuditEvent, Choices, Contact, ContactInput, ContactQuery } from '../api/types.js';
import {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactSavedEvent,
  InvitationSentEvent,
} from '../events/events.js';
import { choicesOf } from '../internal/backend-controller.js';
import { ContactCombobox } from '../internal/contact-combobox.js';
import { discardQuestion } from '../internal/dialog.js';
import { DialogElement } from '../internal/dialog-element.js';
import { IdempotentSave } from '../internal/idempotent-save.js';
import {
  FormController,
  describedBy,
  fieldIds,
  renderError,
  renderLabel,
  renderLegend,
  renderTextField,
  rulesOf,
  type FieldOptions,
} from '../internal/form.js';
import { envelopeIcon, keyIcon, searchIcon } from '../internal/icons.js';
import { choiceLabel, formatDateTime } from '../internal/format.js';
import { accessStatusLabel } from '../internal/messages.js';
import { CONTACT_FIELDS } from '../internal/field-rules.js';
import type { GrantAccessDialog } from '../grant-access-dialog/grant-access-dialog.js';
import { loadGrantAccessDialog, whenIdle } from '../internal/lazy.js';
import { GRANT_ACCESS_DIALOG_EXPORTPARTS } from './contact-dialog.parts.js';
import { styles } from './contact-dialog.styles.js';
import { NeighboursController } from './neighbours.js';

const FIELDS = ['name', 'title', 'department', 'type', 'email', 'phone', 'mobile', 'fax', 'location'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

type SaveArgs = [clientId: string, contactId: string | null, sent: Values, version: number | undefined];

interface Saved {
  contact: Contact;
  created: boolean;
  /** The form's values as sent. */
  sent: Values;
}

/** Access states that can receive the invitation e-mail again. */
const INVITABLE: readonly AccessStatus[] = ['invited', 'expired', 'active'];

function valuesOf(c: Contact): Values {
  return {
    name: c.name,
    title: c.title,
    department: c.department,
    type: c.type ?? '',
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    fax: c.fax,
    location: c.location,
  };
}

function inputOf(v: Values): ContactInput {
  const t = (f: Field) => v[f].trim();
  return {
    name: t('name'),
    title: t('title'),
    department: t('department'),
    type: v.type || null,
    email: t('email'),
    phone: t('phone'),
    mobile: t('mobile'),
    fax: t('fax'),
    location: t('location'),
  };
}

/**
 * Creates or edits one contact of a client, as in the ERP's contact window:
 * the contact's fields, "<" / ">" to the previous / next contact, a search to
 * jump to another one, and the action buttons (key: portal access; envelope:
 * re-send the invitation). Shows the contact's portal access when it has one.
 *
 * `contactId` follows the user: saving a new contact sets it to the new id, and
 * "<", ">" and the search change it to the contact shown. Unsaved edits are
 * asked about before they are lost (closing, moving to another contact,
 * reloading).
 *
 * @summary Create / edit one contact; previous / next; key and envelope buttons.
 *
 * @event {ContactSavedEvent} contact-saved - A contact was created or updated (`detail: {contact, created}`).
 * @event {RequestCloseEvent} request-close - Cancelable, before the dialog closes (`detail: {source}`: `close-button`, `escape`, `backdrop`). Also bubbles from the nested `<grant-access-dialog>`: `event.composedPath()[0]` tells which dialog asks.
 * @event {InvitationSentEvent} invitation-sent - The invitation e-mail was sent (envelope, or from the access dialog) (`detail: {clientId, access}`).
 * @event {AccessSavedEvent} access-saved - From the nested `<grant-access-dialog>`: the access was saved (`detail: {clientId, access, invitationSent, created}`).
 * @event {AccessRevokedEvent} access-revoked - From the nested `<grant-access-dialog>`: the access was revoked (`detail: {clientId, access}`).
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart header - The title bar: title, navigation, close button.
 * @csspart title - The title (the contact's name, or "Nouveau contact").
 * @csspart nav - The "<" position ">" 🔍 group.
 * @csspart position - The "3 / 57" text.
 * @csspart search - The row with the contact search (when shown).
 * @csspart combobox - The search combobox.
 * @csspart popup - The search's list of contacts.
 * @csspart body - The scrolling middle: banner, fields, access.
 * @csspart banner - The error banner (`role="alert"`).
 * @csspart field - Each field (label, control, error).
 * @csspart error - A field's error message.
 * @csspart help - A field's help mark (🔗).
 * @csspart tooltip - A field's contextual help.
 * @csspart legend - The legend of the marks.
 * @csspart access - The portal access section (or the "no access" line).
 * @csspart history - The access's history ("Historique"), once shown: a list, newest first.
 * @csspart footer - The bottom bar.
 * @csspart actions - The group of action buttons (key, envelope).
 * @csspart status - The status bubble ("Enregistré avec succès").
 * @csspart confirm - The question before unsaved edits are discarded.
 * @csspart save-button - "Enregistrer".
 * @csspart close-button - "Fermer" (the footer's button).
 * @csspart grant-access-dialog - The nested `<grant-access-dialog>`'s parts are exported with its tag as prefix: its
 *   `dialog` part as `grant-access-dialog`, every other part `x` as `grant-access-dialog-x` (`grant-access-dialog-header`,
 *   `-title`, `-body`, `-footer`, `-access-state`, `-field`, `-combobox`, `-popup`, `-error`, `-banner`, `-legend`, `-help`,
 *   `-tooltip`, `-status`, `-confirm`, `-save-button`, `-close-button`, `-revoke-button`).
 *
 * @cssproperty [--cae-font-family=inherit] - Font of the dialog.
 * @cssproperty [--cae-color-text=currentColor] - Text color (by default the page's, inherited).
 * @cssproperty [--cae-color-muted=#52606d] - Labels and secondary text.
 * @cssproperty [--cae-color-surface=#ffffff] - Dialog and control background.
 * @cssproperty [--cae-color-surface-alt=#f5f7fa] - Footer, hover and skeleton background.
 * @cssproperty [--cae-color-border=#c3cad3] - Borders.
 * @cssproperty [--cae-color-accent=#0b5cad] - Primary button, marks, "invited" badge.
 * @cssproperty [--cae-color-accent-contrast=#ffffff] - Text on the accent color.
 * @cssproperty [--cae-color-danger=#b42318] - Errors, "expired" / "revoked" badges.
 * @cssproperty [--cae-color-success=#146c2e] - "Active" badge.
 * @cssproperty [--cae-color-warning=#8a4b00] - "Invitation expirée" badge.
 * @cssproperty [--cae-radius=4px] - Corner radius.
 * @cssproperty [--cae-spacing=0.5rem] - Base spacing unit.
 * @cssproperty [--cae-focus-ring=2px solid #0b5cad] - Focus outline.
 * @cssproperty [--cae-control-height=2.25rem] - Height of inputs and buttons.
 * @cssproperty [--cae-dialog-width=44rem] - Width of the dialog.
 * @cssproperty [--cae-dialog-top=clamp(3.5rem, 9vh, 5rem)] - Space above the dialog (it hangs from there and grows downwards as its access section loads; the status bubble shows in it).
 * @cssproperty [--cae-backdrop=rgb(15 23 42 / 0.45)] - Backdrop behind the dialog.
 * @cssproperty [--cae-tooltip-background=#1f2933] - Help tooltip background.
 * @cssproperty [--cae-tooltip-color=#ffffff] - Help tooltip text.
 * @cssproperty [--cae-bubble-background=#1f2933] - Status bubble background.
 * @cssproperty [--cae-bubble-color=#ffffff] - Status bubble text.
 */
// customElement last (outermost): elements already in the page upgrade when it defines
// the tag, and must be created with @localized()'s controller already in place.
@customElement('contact-dialog')
@localized()
export class ContactDialog extends DialogElement {
  static override styles = [...DialogElement.styles, styles];

  private readonly form = new FormController<Field>(this, FIELDS, rulesOf(CONTACT_FIELDS));
  private readonly search = new ContactCombobox(this, {
    id: 'search-input',
    labelId: 'search-label',
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    onSelect: (contact) => void this.handleSearchPick(contact),
  });

  /** Loads the contact (none for a new one) and the choice lists. */
  private readonly loader = new Task(this, {
    args: () => [this.backends.backend, this.clientId, this.contactId, this.open] as const,
    task: async ([backend, clientId, contactId, open], { signal }) => {
      if (!open || !clientId) return initialState;
      const [contact, choices] = await Promise.all([
        contactId === null
          ? null
          : this.contact?.id === contactId
            ? this.contact
            : backend.getContact(clientId, contactId, { signal }),
        choicesOf(backend),
      ]);
      this.choices = choices;
      return contact;
    },
    onComplete: (contact) => this.showContact(contact),
  });

  private readonly neighbours = new NeighboursController(this, {
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    contactId: () => this.contactId,
    query: () => this.query,
    open: () => this.open,
    busy: () => this.saving,
    mayDiscard: (message) => this.mayDiscard(message),
    show: (target) => {
      this.showContact(target);
      this.contactId = target.id;
    },
  });

  /** The contact's portal access (null: none). */
  private readonly accessLoader = new Task(this, {
    args: () => [this.backends.backend, this.clientId, this.contact?.id, this.open] as const,
    task: async ([backend, clientId, id, open], { signal }) => {
      if (!open || !id) return initialState;
      if (this.contact?.accessStatus === 'none') return null;
      const access = await backend.getAccess(clientId, id, { signal });
      return access.status === 'none' ? null : access;
    },
    onComplete: (access) => {
      this.access = access;
    },
  });

  /** The access's trail, loaded only once the user asks for it ("Afficher l'historique"). */
  private readonly historyLoader = new Task(this, {
    args: () => [this.backends.backend, this.clientId, this.access?.contactId, this.historyOpen, this.revision] as const,
    task: async ([backend, clientId, id, open], { signal }): Promise<AuditEvent[] | typeof initialState> => {
      if (!open || !id) return initialState;
      return backend.getAccessHistory(clientId, id, { signal });
    },
  });

  private readonly saver = new IdempotentSave(this, {
    // A retry of the same creation reuses the first try's key: never a duplicate.
    body: ([clientId, contactId, sent]: SaveArgs) => [clientId, contactId, inputOf(sent)],
    call: async ([clientId, contactId, sent, version]: SaveArgs, key, signal) => {
      const backend = this.backends.backend;
      const input = inputOf(sent);
      const contact =
        contactId === null
          ? await backend.createContact(clientId, input, { idempotencyKey: key, signal })
          : await backend.updateContact(clientId, contactId, input, { version, signal });
      return { contact, created: contactId === null, sent } satisfies Saved;
    },
    onComplete: (saved) => this.handleSaved(saved),
    onError: (e) => this.handleSaveError(e),
  });

  private readonly inviter = new IdempotentSave(this, {
    call: ([clientId, contactId]: [string, string], key, signal) =>
      this.backends.backend.sendInvitation(clientId, contactId, { idempotencyKey: key, signal }),
    onComplete: (access) => {
      this.applyAccess(access);
      if (access.invitationPending) {
        // The backend keeps the mail in its outbox and retries it (202): not sent yet.
        this.status.show(
          msg("Le courriel n'a pas encore pu partir : il sera renvoyé automatiquement", { id: 'contact-dialog.invitation-pending' }),
        );
        return;
      }
      this.status.show(
        msg('Un courriel a été envoyé avec les informations de connexion', { id: 'contact-dialog.invitation-sent' }),
      );
      this.dispatchEvent(new InvitationSentEvent({ clientId: this.clientId, access }));
    },
    onError: (e) => {
      this.banner = {
        message: `${msg("L'envoi du courriel a échoué.", { id: 'contact-dialog.invite-failed' })} ${this.reason(e)}`,
      };
    },
  });

  @query('grant-access-dialog') private grantDialog?: GrantAccessDialog;
  @query('.search-toggle') private searchToggle?: HTMLButtonElement;

  /** The contact shown; null (no attribute) for a new one. Follows the user's navigation and the creation of a new contact. */
  @property({ attribute: 'contact-id' }) contactId: string | null = null;

  /** The order and filter of "<" / ">" (the table's): `q`, `accessStatus`, `sort`. */
  @property({ attribute: false }) query: ContactQuery = { sort: 'name' };

  /** The contact as last loaded or saved (null: new or not loaded). */
  @state() private contact: Contact | null = null;
  /** The contact id the form shows (null: a new one; undefined: nothing yet). */
  @state() private shownId: string | null | undefined = undefined;
  @state() private access: Access | null = null;
  /** The access's history is shown. */
  @state() private historyOpen = false;
  /** `<grant-access-dialog>` is defined (it loads on first use). */
  @state() private grantReady = false;
  private grantRequested = false;
  @state() private choices: Choices | null = null;
  @state() private searchOpen = false;
  /** Bumped by every change of the contact's access (its history grew). */
  @state() private revision = 0;
  /** It was opened without a contact: it closes back to a blank form. */
  private openedBlank = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Opened for a new contact, it opens blank again (not on the contact it created).
    if (changed.has('open') && !this.open && this.openedBlank) this.contactId = null;
    if ((changed.has('contactId') || changed.has('clientId')) && this.contact) {
      if (this.contact.id !== this.contactId || this.contact.clientId !== this.clientId) this.forget();
    }
    if (changed.has('contactId') && this.contactId === null && this.shownId) this.forget();
    if (changed.has('open') && this.open) this.openedBlank = this.contactId === null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.open && !this.grantRequested) {
      this.grantRequested = true;
      whenIdle(() => loadGrantAccessDialog().then(() => (this.grantReady = true)));
    }
  }

  protected override render() {
    const existing = this.showing && this.contact !== null;
    const busy = this.saving || this.inviter.pending;
    return html`${this.renderDialog({
        header: existing ? this.renderNav() : nothing,
        top: existing && this.searchOpen ? this.renderSearch() : nothing,
        body: this.showing ? this.renderForm() : this.renderLoad(),
        footer: html`<div class="actions" part="actions" role="group" aria-label=${msg('Actions', { id: 'contact-dialog.actions' })}>
            <button
              type="button"
              class="icon-button key"
              aria-label=${msg('Accès', { id: 'contact-dialog.access' })}
              title=${existing
                ? msg('Accès', { id: 'contact-dialog.access' })
                : msg('Enregistrez le contact avant de lui donner un accès', { id: 'contact-dialog.access-save-first' })}
              ?disabled=${!existing || busy}
              @click=${this.handleKey}
            >
              ${keyIcon}
            </button>
            <button
              type="button"
              class="icon-button envelope"
              aria-label=${msg('Envoyer les informations de connexion', { id: 'contact-dialog.send' })}
              title=${msg('Envoyer les informations de connexion', { id: 'contact-dialog.send' })}
              ?disabled=${!existing || this.saving || !INVITABLE.includes(this.access?.status ?? this.contact?.accessStatus ?? 'none')}
              aria-disabled=${this.inviter.pending ? 'true' : 'false'}
              @click=${this.handleSend}
            >
              ${this.inviter.pending ? html`<span class="spinner" aria-hidden="true"></span>` : envelopeIcon}
            </button>
          </div>
          <span class="spacer"></span>
          ${this.renderCloseButton(this.saving)}
          <button
            type="submit"
            form="form"
            class="button primary save"
            part="save-button"
            aria-disabled=${busy || !this.showing ? 'true' : 'false'}
          >
            ${this.saving ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
            ${msg('Enregistrer', { id: 'contact-dialog.save' })}
          </button>`,
      })}
      ${this.contact && this.grantReady
        ? html`<grant-access-dialog
            exportparts=${GRANT_ACCESS_DIALOG_EXPORTPARTS}
            .clientId=${this.clientId}
            .contactId=${this.contact.id}
            .contact=${this.contact}
            .backend=${this.backends.backend}
            @access-saved=${this.handleAccessEvent}
            @access-revoked=${this.handleAccessEvent}
            @invitation-sent=${this.handleAccessEvent}
          ></grant-access-dialog>`
        : nothing}`;
  }

  private renderNav() {
    return this.neighbours.render(html`<button
      type="button"
      class="icon-button search-toggle"
      aria-label=${msg('Rechercher un contact', { id: 'contact-dialog.search' })}
      title=${msg('Rechercher un contact', { id: 'contact-dialog.search' })}
      aria-expanded=${this.searchOpen ? 'true' : 'false'}
      aria-controls="search"
      @click=${this.handleSearchToggle}
    >
      ${searchIcon}
    </button>`);
  }

  private renderSearch() {
    return html`<div id="search" class="search" part="search" @keydown=${this.handleSearchKeydown}>
      <label id="search-label" for="search-input">${msg('Rechercher un contact', { id: 'contact-dialog.search' })}</label>
      ${this.search.render({ placeholder: msg('Nom ou prénom', { id: 'contact-dialog.search-placeholder' }) })}
    </div>`;
  }

  private renderLoad() {
    return this.loader.render({
      initial: () => this.renderSkeleton(),
      pending: () => this.renderSkeleton(),
      complete: () => this.renderSkeleton(),
      error: (e) =>
        isBackendError(e) && e.status === 404
          ? html`<div class="state gone">
              <p>
                ${msg("Ce contact n'existe plus : quelqu'un l'a peut-être supprimé. Fermez cette fenêtre pour revenir à la liste.", {
                  id: 'contact-dialog.gone',
                })}
              </p>
            </div>`
          : html`<div class="state load-error">
              <p>${msg('Impossible de charger ce contact.', { id: 'contact-dialog.load-failed' })} ${this.reason(e)}</p>
              <button type="button" class="button retry" @click=${() => void this.loader.run()}>
                ${msg('Réessayer', { id: 'contact-dialog.retry' })}
              </button>
            </div>`,
    });
  }

  private renderSkeleton() {
    const bone = html`<div class="field"><span class="bone"></span><span class="bone control"></span></div>`;
    return html`<div class="skeleton">
      <p class="loading" role="status">
        <span class="spinner" aria-hidden="true"></span> ${msg('Chargement du contact…', { id: 'contact-dialog.loading' })}
      </p>
      <div class="fields" aria-hidden="true">${FIELDS.map(() => bone)}</div>
    </div>`;
  }

  private renderForm() {
    const f = this.form;
    const text = (field: Field, options: FieldOptions) =>
      renderTextField(f, field, { autocomplete: 'off', ...options });
    return html`<form id="form" novalidate @submit=${this.handleSubmit}>
        <div class="fields">
          ${text('name', {
            label: msg('Nom', { id: 'contact-dialog.name' }),
            required: true,
            maxlength: CONTACT_FIELDS.name.max,
            help: msg('Le nom complet du contact (prénom et nom), tel qu’il paraît dans la liste des contacts du client.', {
              id: 'contact-dialog.name-help',
            }),
          })}
          ${text('title', { label: msg('Titre', { id: 'contact-dialog.title' }), maxlength: CONTACT_FIELDS.title.max })}
          ${text('department', { label: msg('Département', { id: 'contact-dialog.department' }), maxlength: CONTACT_FIELDS.department.max })}
          ${this.renderType()}
          ${text('email', {
            label: msg('Adresse courriel', { id: 'contact-dialog.email' }),
            type: 'email',
            maxlength: CONTACT_FIELDS.email.max,
            help: msg("L'invitation au portail est envoyée à cette adresse si vous donnez un accès au contact.", {
              id: 'contact-dialog.email-help',
            }),
          })}
          ${text('phone', { label: msg('Téléphone', { id: 'contact-dialog.phone' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
          ${text('mobile', { label: msg('Cellulaire', { id: 'contact-dialog.mobile' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
          ${text('fax', { label: msg('Télécopieur', { id: 'contact-dialog.fax' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
          ${text('location', {
            label: msg('Lieu', { id: 'contact-dialog.location' }),
            maxlength: CONTACT_FIELDS.location.max,
            help: msg("L'endroit où travaille le contact : une ville, un établissement ou un bureau du client.", {
              id: 'contact-dialog.location-help',
            }),
          })}
        </div>
      </form>
      ${renderLegend()} ${this.contact ? this.renderAccess() : nothing}`;
  }

  private renderType() {
    const value = this.form.values.type;
    const error = this.form.error('type');
    const types = this.choices?.contactTypes ?? [];
    const options = {
      label: msg('Type', { id: 'contact-dialog.type' }),
      help: msg('Le rôle du contact chez le client (opérations, facturation, ventes…). Sert à trier et à filtrer les contacts.', {
        id: 'contact-dialog.type-help',
      }),
    };
    return html`<div class="field" part="field">
      ${renderLabel('type', options)}
      <select
        id=${fieldIds('type').control}
        name="type"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy('type', error, options) ?? nothing}
        @change=${(e: Event) => this.form.set('type', (e.target as HTMLSelectElement).value)}
        @blur=${() => this.form.leave('type')}
      >
        <option value="" .selected=${value === ''}>—</option>
        ${types.map((c) => html`<option value=${c.id} .selected=${c.id === value}>${choiceLabel(c)}</option>`)}
        ${value && !types.some((c) => c.id === value) ? html`<option value=${value} .selected=${true}>${value}</option>` : nothing}
      </select>
      ${renderError('type', error)}
    </div>`;
  }

  private renderAccess() {
    const access = this.access;
    const title = msg('Accès au portail', { id: 'contact-dialog.access-title' });
    if (!access) {
      return this.accessLoader.render({
        pending: () => html`<p class="no-access loading" part="access">
          <span class="spinner" aria-hidden="true"></span> ${msg("Chargement de l'accès au portail…", {
            id: 'contact-dialog.access-loading',
          })}
        </p>`,
        error: (e) => html`<div class="no-access access-error" part="access">
          ${msg("Impossible de charger l'accès au portail.", { id: 'contact-dialog.access-failed' })} ${this.reason(e)}
          <button type="button" class="button retry-access" @click=${() => void this.accessLoader.run()}>
            ${msg('Réessayer', { id: 'contact-dialog.retry' })}
          </button>
        </div>`,
        complete: () => html`<p class="no-access" part="access">${msg('Aucun accès au portail', { id: 'contact-dialog.no-access' })}</p>`,
      });
    }
    const choices = this.choices;
    const role = choices?.roles.find((c) => c.id === access.role);
    const branch = access.branchId ? choices?.branches.find((c) => c.id === access.branchId) : undefined;
    const row = (term: string, value: unknown) => html`<dt>${term}</dt><dd>${value}</dd>`;
    const expires =
      (access.status === 'invited' || access.status === 'expired') && access.invitationExpiresAt
        ? row(msg("Expiration de l'invitation", { id: 'contact-dialog.access-expires' }), this.date(access.invitationExpiresAt))
        : nothing;
    return html`<section class="access" part="access" aria-labelledby="access-title">
      <h3 id="access-title">${title}</h3>
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
          ? row(msg('Dernière invitation envoyée', { id: 'contact-dialog.access-last-sent' }), this.date(access.lastInvitationSentAt))
          : nothing}
        ${expires}
      </dl>
      ${this.renderHistory()}
    </section>`;
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
        @click=${this.handleHistoryToggle}
      >
        ${open
          ? msg("Masquer l'historique", { id: 'contact.history.hide' })
          : msg("Afficher l'historique", { id: 'contact.history.show' })}
      </button>
      ${open
        ? html`<section id="history" class="history" part="history" aria-labelledby="history-title">
            <h4 id="history-title">${msg('Historique', { id: 'contact.history.title' })}</h4>
            ${this.historyLoader.render({
              pending: () => html`<p class="history-state history-loading" role="status">
                <span class="spinner" aria-hidden="true"></span> ${msg("Chargement de l'historique…", {
                  id: 'contact.history.loading',
                })}
              </p>`,
              error: (e) => html`<div class="history-state history-error">
                ${msg("Impossible de charger l'historique.", { id: 'contact.history.failed' })} ${this.reason(e)}
                <button type="button" class="button retry-history" @click=${() => void this.historyLoader.run()}>
                  ${msg('Réessayer', { id: 'contact-dialog.retry' })}
                </button>
              </div>`,
              complete: (events) =>
                Array.isArray(events) && events.length > 0
                  ? html`<ol class="events">
                      ${events.map(
                        (e) => html`<li class="event">
                          <span class="event-when">${this.date(e.at)}</span>
                          <span class="event-what">${this.actionLabel(e.action)}</span>
                          <span class="event-who">${msg(str`par ${e.actor}`, { id: 'contact.history.by' })}</span>
                          <span class="event-where">${msg(str`depuis ${e.address}`, { id: 'contact.history.from' })}</span>
                        </li>`,
                      )}
                    </ol>`
                  : html`<p class="history-state history-empty">
                      ${msg('Aucun événement enregistré.', { id: 'contact.history.empty' })}
                    </p>`,
            })}
          </section>`
        : nothing}
    </div>`;
  }

  /** An event of the trail, in words. */
  private actionLabel(action: AuditEvent['action']): string {
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

  // -- helpers ------------------------------------------------------------------

  /** True when the form shows the contact (or the new contact) asked for. */
  private get showing(): boolean {
    return this.shownId !== undefined && this.shownId === this.contactId;
  }

  private get saving(): boolean {
    return this.saver.pending;
  }

  protected override get busy(): boolean {
    return this.saving;
  }

  protected override get loading(): boolean {
    return this.saving || this.loader.status === TaskStatus.PENDING;
  }

  protected override get dirty(): boolean {
    return this.form.dirty;
  }

  /** Nom, once the form shows. */
  protected override get firstField(): string | undefined {
    return this.showing ? 'name' : undefined;
  }

  protected override get heading(): string {
    if (this.contactId === null) return msg('Nouveau contact', { id: 'contact-dialog.new' });
    return this.contact?.name ?? msg('Contact', { id: 'contact-dialog.contact' });
  }

  private date(iso: string) {
    return html`<time datetime=${iso}>${formatDateTime(iso)}</time>`;
  }

  /** Why a call failed and what to do, in a sentence. */
  private reason(e: unknown): string {
    if (isBackendError(e)) {
      if (e.kind === 'network') {
        return msg('Le serveur est injoignable : vérifiez votre connexion, puis réessayez.', { id: 'contact-dialog.why-network' });
      }
      if (e.kind === 'timeout') {
        return msg("Le serveur n'a pas répondu à temps : réessayez dans un moment.", { id: 'contact-dialog.why-timeout' });
      }
      if (e.status === 401 || e.status === 403) {
        return msg("Vous n'avez pas l'autorisation de faire cela : reconnectez-vous ou adressez-vous à un administrateur.", {
          id: 'contact-dialog.why-forbidden',
        });
      }
      if (e.status === 404) {
        return msg("Ce contact n'existe plus : quelqu'un l'a peut-être supprimé.", { id: 'contact-dialog.why-gone' });
      }
      if (e.status === 409 && e.problem?.detail) return e.problem.detail;
    }
    return msg("Le serveur a rencontré une erreur : réessayez dans un moment. Si l'erreur persiste, prévenez le soutien technique.", {
      id: 'contact-dialog.why-server',
    });
  }

  /** Puts a contact in the form (from a load, the navigation, or a reload). */
  private showContact(contact: Contact | null): void {
    const id = contact?.id ?? null;
    if (this.shownId === id && this.contact === contact) return;
    this.contact = contact;
    this.shownId = id;
    this.form.reset(contact ? valuesOf(contact) : {});
    this.banner = null;
    this.inviter.reset();
    if (this.access?.contactId !== id) {
      this.access = null;
      this.historyOpen = false;
    }
  }

  /** Drops what is shown (closed, or the host asked for another contact). */
  private forget(): void {
    this.contact = null;
    this.shownId = undefined;
    this.access = null;
    this.banner = null;
    this.searchOpen = false;
    this.historyOpen = false;
  }

  /** Asks before unsaved edits are lost; resolves true to go on. */
  private async mayDiscard(message: string): Promise<boolean> {
    return !this.form.dirty || this.confirm.ask({ ...discardQuestion(), message });
  }

  private applyAccess(access: Access): void {
    if (!this.contact || access.contactId !== this.contact.id) return;
    const before = this.contact;
    this.access = access.status === 'none' ? null : access;
    this.contact = { ...before, accessStatus: access.status };
    this.neighbours.changed(before, this.contact);
    this.revision++;
  }

  // -- handlers -----------------------------------------------------------------

  private readonly handleSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.saving || this.inviter.pending || !this.showing) return;
    this.banner = null;
    if (!this.form.validate()) {
      await this.updateComplete;
      this.focusField(this.form.firstInvalid());
      return;
    }
    await this.saver.run([this.clientId, this.contactId, { ...this.form.values }, this.contact?.version]);
  };

  private handleSaved({ contact, created, sent }: Saved): void {
    const typed = this.form.values;
    const before = this.contact;
    this.contact = contact;
    this.shownId = contact.id;
    this.form.reset(valuesOf(contact));
    // What was typed while the save was on its way stays, unsaved.
    for (const f of FIELDS) if (typed[f] !== sent[f]) this.form.set(f, typed[f]);
    if (created) this.contactId = contact.id;
    else this.neighbours.changed(before, contact);
    this.status.show(msg('Enregistré avec succès', { id: 'contact-dialog.saved' }));
    this.dispatchEvent(new ContactSavedEvent({ contact, created }));
  }

  private async handleSaveError(e: unknown): Promise<void> {
    if (isBackendError(e) && e.status === 412) {
      this.banner = {
        message: `${msg("Ce contact a été modifié par quelqu'un d'autre depuis son ouverture.", {
          id: 'contact-dialog.stale',
        })} ${msg('Rechargez-le pour voir ses nouvelles valeurs, puis refaites vos modifications.', {
          id: 'contact-dialog.stale-what',
        })}`,
        action: 'reload',
      };
      return;
    }
    if (isBackendError(e) && e.fieldErrors.length) {
      const rest = this.form.setServerErrors(e.fieldErrors);
      this.banner = {
        message: [
          msg('Le serveur a refusé certaines valeurs : corrigez les champs signalés, puis enregistrez de nouveau.', {
            id: 'contact-dialog.refused',
          }),
          ...rest.map((r) => r.message),
        ].join(' '),
      };
      await this.updateComplete;
      this.focusField(this.form.firstInvalid());
      return;
    }
    this.banner = {
      message: `${msg("L'enregistrement a échoué; vos saisies sont conservées.", { id: 'contact-dialog.save-failed' })} ${this.reason(e)}`,
    };
  }

  protected override handleBannerAction(): void {
    void this.handleReload();
  }

  private readonly handleReload = async (): Promise<void> => {
    const ok = await this.mayDiscard(
      msg('Vous avez des modifications non enregistrées. Si vous rechargez le contact, elles seront perdues.', {
        id: 'contact-dialog.discard-reload',
      }),
    );
    if (!ok) return;
    this.forget();
    this.focusFirstField();
    void this.loader.run();
  };

  protected override handleClosed(): void {
    this.forget();
    this.form.reset();
  }

  private readonly handleKey = async (): Promise<void> => {
    try {
      await loadGrantAccessDialog();
    } catch {
      this.banner = {
        message: msg("La fenêtre d'accès n'a pas pu s'ouvrir. Vérifiez votre connexion, puis réessayez.", {
          id: 'contact-dialog.grant-load-error',
        }),
      };
      return;
    }
    this.grantReady = true;
    await this.updateComplete;
    await this.grantDialog?.show();
  };

  private readonly handleSend = (): void => {
    // While it sends, the envelope stays focusable (aria-disabled, not disabled): focus never drops to <body>.
    if (!this.contact || this.inviter.pending) return;
    this.banner = null;
    void this.inviter.run([this.clientId, this.contact.id]);
  };

  private readonly handleAccessEvent = (e: AccessSavedEvent | AccessRevokedEvent | InvitationSentEvent): void => {
    this.applyAccess(e.detail.access);
  };

  private readonly handleHistoryToggle = (): void => {
    this.historyOpen = !this.historyOpen;
  };

  private readonly handleSearchToggle = async (): Promise<void> => {
    this.searchOpen = !this.searchOpen;
    if (!this.searchOpen) return;
    this.search.value = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#search-input')?.focus();
  };

  private readonly handleSearchKeydown = (e: KeyboardEvent): void => {
    // Escape (when the list is closed) closes the search, not the dialog.
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation();
    this.searchOpen = false;
    this.searchToggle?.focus();
  };

  private async handleSearchPick(contact: Contact): Promise<void> {
    if (!(await this.neighbours.go(contact))) return;
    this.searchOpen = false;
    await this.updateComplete;
    this.focusField('name');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-dialog': ContactDialog;
  }
}
