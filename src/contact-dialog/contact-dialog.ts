import { localized, msg } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isBackendError } from '../api/backend-error.js';
import type { Access, Choices, Contact, ContactQuery } from '../api/types.js';
import { ContactDeletedEvent, ContactSavedEvent } from '../events/events.js';
import { choicesOf } from '../internal/backend-controller.js';
import { discardQuestion } from '../internal/dialog.js';
import { DialogElement } from '../internal/dialog-element.js';
import { IdempotentSave } from '../internal/idempotent-save.js';
import { renderLegend } from '../internal/form.js';
import { failureReason } from '../internal/messages.js';
import { renderLoadError } from '../internal/states.js';
import { AccessActions } from './access-actions.js';
import { ContactDeletion } from './contact-deletion.js';
import './access-summary.js';
import { FIELDS, contactForm, inputOf, renderContactFields, renderSkeleton, valuesOf, type Values } from './contact-form.js';
import { styles } from './contact-dialog.styles.js';
import { NeighboursController } from './neighbours.js';

type SaveArgs = [clientId: string, contactId: string | null, sent: Values, version: number | undefined];

interface Saved {
  contact: Contact;
  created: boolean;
  /** The form's values as sent. */
  sent: Values;
}

/**
 * Creates or edits one contact of a client, as in the ERP's contact window:
 * the contact's fields, "<" / ">" to the previous / next contact, a search to
 * jump to another one, and the action buttons (key: portal access; envelope:
 * re-send the invitation), and "Supprimer le contact" (after a question; her
 * portal access ends with her). Shows the contact's portal access when it has one.
 *
 * `contactId` follows the user: saving a new contact sets it to the new id, and
 * "<", ">" and the search change it to the contact shown. Unsaved edits are
 * asked about before they are lost (closing, moving to another contact,
 * reloading).
 *
 * @summary Create / edit one contact; previous / next; key and envelope buttons.
 *
 * @event {ContactSavedEvent} contact-saved - A contact was created or updated (`detail: {contact, created}`).
 * @event {ContactDeletedEvent} contact-deleted - The contact was deleted ("Supprimer le contact", confirmed), with its portal access; the dialog has closed (`detail: {clientId, contactId}`).
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
 * @csspart confirm - The question before unsaved edits are discarded, or before the contact is deleted.
 * @csspart delete-button - "Supprimer le contact" (a saved contact only).
 * @csspart save-button - "Enregistrer".
 * @csspart close-button - "Fermer" (the footer's button).
 * @csspart grant-access-dialog - The nested `<grant-access-dialog>`'s parts are exported with its tag as prefix: its
 *   `dialog` part as `grant-access-dialog`, every other part `x` as `grant-access-dialog-x` (`grant-access-dialog-header`,
 *   `-title`, `-body`, `-footer`, `-access-state`, `-field`, `-combobox`, `-popup`, `-error`, `-banner`, `-legend`, `-help`,
 *   `-tooltip`, `-status`, `-confirm`, `-save-button`, `-close-button`, `-revoke-button`, `-people`, `-person`).
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

  private readonly form = contactForm(this);
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
    busy: () => this.working,
    mayDiscard: (message) => this.mayDiscard(message),
    show: (target) => {
      this.showContact(target);
      this.contactId = target.id;
    },
    focusForm: () => this.focusField('name'),
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

  private readonly actions = new AccessActions(this, {
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    contact: () => this.contact,
    open: () => this.open,
    saving: () => this.working,
    status: this.status,
    onAccess: (access) => this.applyAccess(access),
    onProblem: (message) => (this.banner = message === null ? null : { message }),
  });

  private readonly deletion = new ContactDeletion(this, {
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    contact: () => (this.showing ? this.contact : null),
    accessStatus: () => this.accessStatus,
    blocked: () => this.saving || this.actions.sending,
    ask: (question) => this.confirm.ask(question),
    onProblem: (banner) => (this.banner = banner),
    onDeleted: (clientId, contact) => void this.handleDeleted(clientId, contact),
  });

  /** The contact shown; null (no attribute) for a new one. Follows the user's navigation and the creation of a new contact. */
  @property({ attribute: 'contact-id' }) contactId: string | null = null;

  /** The order and filter of "<" / ">" (the table's): `q`, `accessStatus`, `sort`. */
  @property({ attribute: false }) query: ContactQuery = { sort: 'name' };

  /** The contact as last loaded or saved (null: new or not loaded). */
  @state() private contact: Contact | null = null;
  /** The contact id the form shows (null: a new one; undefined: nothing yet). */
  @state() private shownId: string | null | undefined = undefined;
  /** The access as it last changed here (a save in the grant dialog, a re-send, a revoke); undefined: the summary loads it. */
  @state() private access: Access | null | undefined = undefined;
  /** Counts the changes of the access heard from elsewhere (`contactChanged`): the summary reads it again at each. */
  @state() private accessChanges = 0;
  @state() private choices: Choices | null = null;
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

  protected override render() {
    const existing = this.showing && this.contact !== null;
    const busy = this.working || this.actions.sending;
    return html`${this.renderDialog({
        header: existing ? this.neighbours.render() : nothing,
        top: existing ? this.neighbours.renderSearch() : nothing,
        body: this.showing ? this.renderForm() : this.renderLoad(),
        footer: html`${this.actions.renderButtons(existing, this.accessStatus)} ${this.deletion.renderButton(existing)}
          <span class="spacer"></span>
          ${this.renderCloseButton(this.working)}
          ${this.renderSaveButton(msg('Enregistrer', { id: 'contact-dialog.save' }), this.saving, busy || !this.showing)}`,
      })}
      ${this.actions.renderGrantDialog()}`;
  }

  private renderLoad() {
    return this.loader.render({
      initial: () => renderSkeleton(),
      pending: () => renderSkeleton(),
      complete: () => renderSkeleton(),
      error: (e) =>
        isBackendError(e) && e.status === 404
          ? html`<div class="state gone">
              <p>${msg("Ce contact n'existe plus : quelqu'un l'a peut-être supprimé. Fermez cette fenêtre pour revenir à la liste.", { id: 'contact-dialog.gone' })}</p>
            </div>`
          : renderLoadError({
              what: msg('Impossible de charger ce contact.', { id: 'contact-dialog.load-failed' }),
              why: failureReason(e),
              retry: () => this.retryLoad(() => this.loader.run()),
              cls: 'state',
            }),
    });
  }

  private renderForm() {
    return html`<form id="form" novalidate @submit=${this.handleSubmit}>${renderContactFields(this.form, this.choices)}
      </form>
      ${renderLegend()}
      ${this.contact
        ? html`<contact-access-summary
            .backend=${this.backends.backend}
            .clientId=${this.clientId}
            .contact=${this.contact}
            .choices=${this.choices}
            .access=${this.access}
            .readAgain=${this.accessChanges}
          ></contact-access-summary>`
        : nothing}`;
  }

  /**
   * The contact changed elsewhere (`<client-contacts>` hears it live): read it again. Without unsaved
   * edits the form shows the new values; with some, nothing is overwritten: a banner says so and offers
   * to reload. A change of its access only refreshes the access section, and the access dialog
   * opened on top, if any.
   */
  async contactChanged(contactId: string): Promise<void> {
    this.actions.accessChanged(contactId);
    const before = this.contact;
    if (!this.open || !before || before.id !== contactId || this.working) return;
    let fresh: Contact;
    try {
      fresh = await this.backends.backend.getContact(this.clientId, contactId);
    } catch (e) {
      if (this.contact === before && isBackendError(e) && e.status === 404) {
        this.banner = { message: msg("Ce contact vient d'être supprimé par quelqu'un d'autre.", { id: 'contact-dialog.deleted-elsewhere' }) };
      }
      return;
    }
    if (this.contact !== before || this.working) return; // it moved on meanwhile
    if (fresh.version === before.version) {
      // The summary reads the access again (not the one handed in after a save here, nor the one it loaded).
      this.access = undefined;
      this.accessChanges++;
      this.contact = { ...before, accessStatus: fresh.accessStatus };
      this.neighbours.changed(before, this.contact);
    } else if (this.form.dirty) {
      this.banner = {
        message: msg("Ce contact a été modifié par quelqu'un d'autre. Rechargez-le pour voir ses nouvelles valeurs (vos modifications seront perdues).", {
          id: 'contact-dialog.changed-elsewhere',
        }),
        action: 'reload',
      };
    } else {
      this.showContact(fresh);
      this.neighbours.changed(before, fresh);
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

  /** A save or a deletion is under way: nothing else starts meanwhile, and the dialog stays open. */
  private get working(): boolean {
    return this.saving || this.deletion.pending;
  }

  /** The access state shown (as it last changed here, else the contact's). */
  private get accessStatus() {
    return this.access?.status ?? this.contact?.accessStatus ?? 'none';
  }

  protected override get busy(): boolean {
    return this.working;
  }

  protected override get loading(): boolean {
    return this.working || this.actions.sending || this.loader.status === TaskStatus.PENDING;
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

  /** Puts a contact in the form (from a load, the navigation, or a reload). */
  private showContact(contact: Contact | null): void {
    const id = contact?.id ?? null;
    if (this.shownId === id && this.contact === contact) return;
    this.contact = contact;
    this.shownId = id;
    this.form.reset(contact ? valuesOf(contact) : {});
    this.banner = null;
    this.actions.reset();
    if (this.access?.contactId !== id) this.access = undefined;
  }

  /** Drops what is shown (closed, or the host asked for another contact). */
  private forget(): void {
    this.contact = null;
    this.shownId = undefined;
    this.access = undefined;
    this.banner = null;
    this.neighbours.closeSearch();
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
  }

  // -- handlers -----------------------------------------------------------------

  private readonly handleSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.working || this.actions.sending || !this.showing) return;
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
    // A conflict the server explains (409): its words.
    const why = isBackendError(e) && e.status === 409 && e.problem?.detail ? e.problem.detail : failureReason(e);
    this.banner = { message: `${msg("L'enregistrement a échoué; vos saisies sont conservées.", { id: 'contact-dialog.save-failed' })} ${why}` };
  }

  /** Deleted: the dialog closes (its edits go with the contact), then tells the host. */
  private async handleDeleted(clientId: string, contact: Contact): Promise<void> {
    await this.hide();
    this.dispatchEvent(new ContactDeletedEvent({ clientId, contactId: contact.id }));
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
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-dialog': ContactDialog;
  }
}
