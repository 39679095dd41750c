import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import type { Access, AccessInput, AccessStatus, Choices, Contact } from '../api/types.js';
import { AccessRevokedEvent, AccessSavedEvent, InvitationSentEvent } from '../events/events.js';
import { choicesOf } from '../internal/backend-controller.js';
import { ContactCombobox, type PickedContact } from '../internal/contact-combobox.js';
import { discardQuestion, type ConfirmOptions } from '../internal/dialog.js';
import { DialogElement } from '../internal/dialog-element.js';
import { IdempotentSave } from '../internal/idempotent-save.js';
import { fieldIds, renderLegend } from '../internal/form.js';
import { choiceLabel } from '../internal/format.js';
import { failureReason } from '../internal/messages.js';
import { renderLoadError, renderLoading } from '../internal/states.js';
import { splitIpList } from '../internal/validators.js';
import { BulkForm } from './bulk-form.js';
import { accessForm, endInput, failureMessage, renderAccessFields, renderAccessState, renderFixed, renderPersonField, valuesOf } from './access-form.js';
import { styles } from './grant-access-dialog.styles.js';


interface Loaded {
  access: Access;
  choices: Choices;
  contact: PickedContact;
}

type SaveArgs = [ContactsBackend, string, string, AccessInput, number | undefined];
type RevokeArgs = [ContactsBackend, string, string, number | undefined];

/**
 * Grants a client's contact access to the customer portal, or edits or revokes
 * that access: user code, e-mail, allowed IP addresses, branch, the day it
 * ends ("Accès valide jusqu'au", optional). A new access
 * is saved and the invitation e-mail sent in one request. Given several
 * `contacts`, it grants them all at once: one line per person (her user code
 * and e-mail), the IP limit, branch and end date shared, every invitation sent with its
 * progress shown line by line.
 *
 * @summary The "Ajouter un utilisateur" dialog: a contact's portal access.
 *
 * @event {AccessSavedEvent} access-saved - The access was created or changed (`detail: {clientId, access, invitationSent, created}`); with `contacts`, one per person.
 * @event {InvitationSentEvent} invitation-sent - The invitation e-mail went with the save (`detail: {clientId, access}`).
 * @event {AccessRevokedEvent} access-revoked - The access was revoked (`detail: {clientId, access}`).
 * @event {RequestCloseEvent} request-close - The user asks to close (`detail.source`: `close-button`, `escape`, `backdrop`); cancelable.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart header - The title bar.
 * @csspart title - The title ("Ajouter un utilisateur", or the person's name once she has an access).
 * @csspart body - The scrolling content.
 * @csspart footer - The button bar.
 * @csspart access-state - The access state badge, invitation dates and end date (for a person without access yet, a line on what saving does).
 * @csspart field - Each field (label, control, hint, error).
 * @csspart combobox - The person picker; `popup` its list.
 * @csspart error - A field's error message.
 * @csspart banner - A failed load, save or revoke, with what to do.
 * @csspart legend - The legend of the marks.
 * @csspart help - A contextual help mark; `tooltip` its text.
 * @csspart status - The status bubble ("Enregistré avec succès").
 * @csspart confirm - The confirmation dialog (revoke, discard).
 * @csspart save-button - "Enregistrer et envoyer un courriel" or "Enregistrer".
 * @csspart close-button - "Fermer".
 * @csspart revoke-button - "Révoquer l'accès".
 * @csspart clear-end-button - "Retirer la date": takes the end date away (shown while there is one).
 * @csspart people - With `contacts`: the table of the people to invite.
 * @csspart person - With `contacts`: one person's line (name, user code, e-mail, where her invitation stands).
 *
 * @cssproperty [--cae-font-family=inherit] - Font of the dialog.
 * @cssproperty [--cae-color-text=currentColor] - Text color (by default the page's, inherited).
 * @cssproperty [--cae-color-muted=#52606d] - Labels, hints, dates.
 * @cssproperty [--cae-color-surface=#ffffff] - Dialog and control background.
 * @cssproperty [--cae-color-surface-alt=#f5f7fa] - Footer, fixed values, active option.
 * @cssproperty [--cae-color-border=#c3cad3] - Borders.
 * @cssproperty [--cae-color-accent=#0b5cad] - Primary button, "invited" badge.
 * @cssproperty [--cae-color-accent-contrast=#ffffff] - Text on the accent.
 * @cssproperty [--cae-color-danger=#b42318] - Errors, revoke button, "expired" and "revoked" badges.
 * @cssproperty [--cae-color-success=#146c2e] - "Active" badge.
 * @cssproperty [--cae-color-warning=#8a4b00] - "Invitation expirée" badge.
 * @cssproperty [--cae-radius=4px] - Corner radius.
 * @cssproperty [--cae-spacing=0.5rem] - Base spacing.
 * @cssproperty [--cae-focus-ring=2px solid #0b5cad] - Focus outline.
 * @cssproperty [--cae-control-height=2.25rem] - Height of inputs and buttons.
 * @cssproperty [--cae-dialog-width=44rem] - Width of the dialog.
 * @cssproperty [--cae-dialog-top=clamp(3.5rem, 9vh, 5rem)] - Space above the dialog (it hangs from there and grows downwards; the status bubble shows in it).
 * @cssproperty [--cae-backdrop=rgb(15 23 42 / 0.45)] - The backdrop behind the dialog.
 * @cssproperty [--cae-tooltip-background=#1f2933] - Help tooltip background.
 * @cssproperty [--cae-tooltip-color=#ffffff] - Help tooltip text.
 * @cssproperty [--cae-bubble-background=#1f2933] - Status bubble background.
 * @cssproperty [--cae-bubble-color=#ffffff] - Status bubble text.
 */
// customElement last (outermost): elements already in the page upgrade when it defines
// the tag, and must be created with @localized()'s controller already in place.
@customElement('grant-access-dialog')
@localized()
export class GrantAccessDialog extends DialogElement {
  static override styles = [...DialogElement.styles, styles];

  private readonly form = accessForm(this, () => this.serverIpIndex);
  private readonly combobox = new ContactCombobox(this, {
    id: fieldIds('contact').control,
    labelId: `${fieldIds('contact').control}-label`,
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    onSelect: (c) => void this.handlePick(c),
  });

  private readonly load = new Task(this, {
    args: () => [this.backends.backend, this.clientId, this.contactIdShown, this.open] as const,
    task: async ([backend, clientId, contactId, open], { signal }): Promise<Loaded | typeof initialState> => {
      if (!open || !clientId || !contactId) return initialState;
      const known = this.knownContact(contactId);
      const [access, choices, contact] = await Promise.all([
        backend.getAccess(clientId, contactId, { signal }),
        choicesOf(backend),
        known ?? backend.getContact(clientId, contactId, { signal }),
      ]);
      return { access, choices, contact: { id: contact.id, name: contact.name } };
    },
    onComplete: (loaded) => this.handleLoaded(loaded),
  });

  /** A retry of the same body reuses the key: the server then cannot save twice. */
  private readonly saver = new IdempotentSave(this, {
    body: ([, clientId, contactId, input]: SaveArgs) => [clientId, contactId, input],
    call: ([backend, clientId, contactId, input, version]: SaveArgs, idempotencyKey, signal) =>
      backend.saveAccess(clientId, contactId, input, { version, idempotencyKey, signal }),
  });
  private readonly save = this.saver.task;

  private readonly bulk = new BulkForm(this, {
    backend: () => this.backends.backend,
    clientId: () => this.clientId,
    onSaved: (access, created) => {
      const { clientId } = this;
      const invitationSent = !access.invitationPending;
      this.dispatchEvent(new AccessSavedEvent({ clientId, access, invitationSent, created }));
      if (invitationSent) this.dispatchEvent(new InvitationSentEvent({ clientId, access }));
    },
  });

  private readonly revoke = new Task(this, {
    autoRun: false,
    task: ([backend, clientId, contactId, version]: RevokeArgs, { signal }) =>
      backend.revokeAccess(clientId, contactId, { version, signal }),
  });

  /** The contact the dialog opens for (the user may switch to another contact of the client). */
  @property({ attribute: 'contact-id' }) contactId = '';

  /** The contact, when the opener has it (saves a request for its name). */
  @property({ attribute: false }) contact: Contact | null = null;

  /** Several contacts to give access to at once (the table's selection); when set, `contactId` is not used. */
  @property({ attribute: false }) contacts: readonly Contact[] = [];

  /** The contact shown: `contactId`, or the one the user switched to. */
  @state() private contactIdShown = '';
  /** The contact the user switched to, when it is not `contact`. */
  @state() private picked: PickedContact | null = null;
  /** The access as last loaded or saved (a proposal when `status` is `none`). */
  @state() private access: Access | null = null;
  @state() private choices: Choices | null = null;
  /** The entry of `allowedIps` the server refused (its `index`). */
  private serverIpIndex = -1;
  private lastAction: 'save' | 'revoke' = 'save';

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed.has('open') || changed.has('contacts')) && this.open && this.contacts.length) void this.bulk.open(this.contacts);
    if (changed.has('contactId') && this.contactIdShown !== this.contactId) this.resetFor(this.contactId);
    if (changed.has('contactId') || changed.has('contact')) {
      const known = this.knownContact(this.contactIdShown);
      if (known && !this.combobox.value) this.combobox.value = known;
    }
  }

  protected override render() {
    if (this.contacts.length) return this.renderBulk();
    const saving = this.busy;
    const status = this.accessStatus;
    const sendMode = status === 'none' || status === 'revoked' || status === 'expired';
    const canRevoke = this.access !== null && (status === 'invited' || status === 'active' || status === 'expired' || status === 'ended');
    return this.renderDialog({
      body: html`${renderAccessState(this.access)}
        <div class="fields">
          ${renderFixed('userType', msg("À quel type d'utilisateur souhaitez-vous donner un accès?", { id: 'grant.user-type' }), this.choiceLabel('userTypes', this.access?.userType ?? 'client-contact'))}
          ${renderPersonField(this.combobox)}
          ${renderFixed(
            'role',
            msg('Choisir le rôle que souhaitez donner à cette personne', { id: 'grant.role' }),
            this.choiceLabel('roles', this.access?.role ?? 'client'),
            msg('Aucun autre choix : le contact reste toujours un client.', { id: 'grant.role-hint' }),
          )}
          ${this.load.render({
            initial: () => html`<p class="hint">${msg("Choisissez d'abord la personne.", { id: 'grant.pick-first' })}</p>`,
            pending: () => renderLoading(msg('Chargement…', { id: 'grant.loading' })),
            complete: () => renderAccessFields(this.form, this.choices),
            error: (e) =>
              renderLoadError({
                what: msg("L'accès n'a pas pu être chargé.", { id: 'grant.load-failed' }),
                why: failureReason(e),
                retry: this.handleReload,
                cls: 'banner',
                part: 'banner',
              }),
          })}
        </div>
        ${renderLegend()}`,
      footer: html`${canRevoke
          ? html`<button type="button" class="button danger" part="revoke-button" aria-disabled=${saving ? 'true' : nothing} @click=${this.handleRevoke}>
              ${msg("Révoquer l'accès", { id: 'grant.revoke' })}
            </button>`
          : nothing}
        <span class="spacer"></span>
        ${this.renderCloseButton()}
        ${this.renderSaveButton(
          sendMode ? msg('Enregistrer et envoyer un courriel', { id: 'grant.save-send' }) : msg('Enregistrer', { id: 'grant.save' }),
          this.save.status === TaskStatus.PENDING,
          saving,
          { disabled: this.load.status !== TaskStatus.COMPLETE, onClick: this.handleSave },
        )}`,
    });
  }

  private renderBulk() {
    const { bulk } = this;
    return this.renderDialog({
      body: bulk.render(),
      footer: html`<span class="spacer"></span>
        ${this.renderCloseButton()}
        ${this.renderSaveButton(bulk.saveLabel, bulk.sending, bulk.sending || bulk.loading || !bulk.toSend.length, {
          onClick: this.handleBulkSave,
        })}`,
    });
  }

  protected override get heading(): string {
    const n = this.contacts.length;
    if (n) return n === 1 ? msg("Donner l'accès à 1 personne", { id: 'bulk.title-one' }) : msg(str`Donner l'accès à ${n} personnes`, { id: 'bulk.title' });
    const name = this.knownContact(this.contactIdShown)?.name;
    // Not the bare name: the contact dialog under it already says it.
    return this.accessStatus === 'none' || !name
      ? msg('Ajouter un utilisateur', { id: 'grant.title' })
      : msg(str`Accès au portail — ${name}`, { id: 'grant.title-access' });
  }

  protected override get dirty(): boolean {
    return this.contacts.length ? this.bulk.dirty || this.bulk.shared.dirty : this.form.dirty;
  }

  protected override get loading(): boolean {
    return this.busy || this.load.status === TaskStatus.PENDING || (this.contacts.length > 0 && (this.bulk.loading || this.bulk.sending));
  }

  protected override get firstField(): string | undefined {
    return this.contacts.length ? this.bulk.firstField : undefined;
  }

  /** Closing while invitations go out says what happens to them. */
  protected override discardQuestion(): ConfirmOptions {
    if (!this.bulk.sending) return super.discardQuestion();
    return {
      title: msg("Arrêter l'envoi des invitations?", { id: 'bulk.stop-title' }),
      message: msg("Les invitations déjà envoyées restent envoyées; les autres ne partiront pas.", { id: 'bulk.stop-message' }),
      confirmLabel: msg("Arrêter l'envoi", { id: 'bulk.stop' }),
      cancelLabel: msg("Continuer l'envoi", { id: 'bulk.continue' }),
      danger: true,
    };
  }

  /** Closed, it forgets what was shown: reopened, it loads afresh for `contactId` (or `contacts`). */
  protected override handleClosed(): void {
    this.bulk.stop();
    this.resetFor(this.contactId);
  }

  /**
   * The access of `contactId` changed elsewhere (its contact dialog hears it live): read it again. What
   * it shows (its state, its dates) follows; so does the form, unless it holds unsaved edits: then
   * nothing is overwritten, and a banner says so and offers to reload (a save would be refused).
   */
  async accessChanged(contactId: string): Promise<void> {
    const before = this.access;
    if (!this.open || this.contacts.length || !before || this.contactIdShown !== contactId || this.busy) return;
    let fresh: Access;
    try {
      fresh = await this.backends.backend.getAccess(this.clientId, contactId);
    } catch {
      return; // a save will tell
    }
    if (this.access !== before || this.busy) return; // it moved on meanwhile
    if (fresh.version !== before.version && this.form.dirty) {
      this.banner = {
        message: msg("Cet accès a été modifié par quelqu'un d'autre. Rechargez-le pour voir ses nouvelles valeurs (vos modifications seront perdues).", {
          id: 'grant.changed-elsewhere',
        }),
        action: 'reload',
      };
      return;
    }
    this.access = fresh;
    if (fresh.version !== before.version) {
      this.saver.reset();
      this.form.reset(valuesOf(fresh));
    }
  }

  protected override handleBannerAction(action: 'retry' | 'reload'): void {
    if (action === 'reload') this.handleReload();
    else void this.handleRetry();
  }

  /** A save or a revoke is under way: the buttons do nothing meanwhile (but keep the focus). */
  protected override get busy(): boolean {
    return this.save.status === TaskStatus.PENDING || this.revoke.status === TaskStatus.PENDING;
  }

  private get accessStatus(): AccessStatus {
    return this.access?.status ?? this.knownContact(this.contactIdShown)?.accessStatus ?? 'none';
  }

  /** The contact with this id that the dialog already knows (no request needed). */
  private knownContact(id: string): (PickedContact & { accessStatus?: AccessStatus }) | null {
    if (!id) return null;
    if (this.contact?.id === id) return this.contact;
    return this.picked?.id === id ? this.picked : null;
  }

  private choiceLabel(list: 'userTypes' | 'roles', id: string): string {
    const choice = this.choices?.[list].find((c) => c.id === id);
    return choice ? choiceLabel(choice) : '…';
  }

  /** Shows another contact: its access is loaded anew, nothing typed is kept. */
  private resetFor(contactId: string): void {
    this.contactIdShown = contactId;
    this.access = null;
    this.banner = null;
    this.saver.reset();
    this.form.reset();
    const known = this.knownContact(contactId);
    this.combobox.value = known;
  }

  private handleLoaded(loaded: Loaded | typeof initialState): void {
    if (loaded === initialState) return;
    const { access, choices, contact } = loaded;
    this.access = access;
    this.choices = choices;
    if (!this.knownContact(contact.id)) this.picked = contact;
    this.combobox.value = contact;
    this.banner = null;
    this.saver.reset();
    this.form.reset(valuesOf(access));
  }

  private async handlePick(contact: Contact): Promise<void> {
    if (contact.id === this.contactIdShown) return;
    if (
      this.form.dirty &&
      !(await this.confirm.ask({
        ...discardQuestion(),
        message: msg(
          'Vous avez des modifications non enregistrées. Si vous passez à une autre personne, elles seront perdues.',
          { id: 'grant.switch-message' },
        ),
      }))
    ) {
      this.combobox.value = this.knownContact(this.contactIdShown);
      return;
    }
    this.picked = contact;
    this.resetFor(contact.id);
  }

  private readonly handleSave = async (): Promise<void> => {
    if (this.busy) return;
    this.banner = null;
    if (!this.form.validate()) {
      await this.updateComplete;
      this.focusField(this.form.firstInvalid());
      return;
    }
    const previous = this.access;
    const sendInvitation = !previous || ['none', 'revoked', 'expired'].includes(previous.status);
    const v = this.form.values;
    const input: AccessInput = {
      userCode: v.userCode.trim(),
      email: v.email.trim(),
      allowedIps: splitIpList(v.allowedIps),
      branchId: v.branchId || null,
      accessExpiresAt: endInput(v.accessExpiresAt, previous?.accessExpiresAt),
      sendInvitation,
    };
    this.lastAction = 'save';
    const { clientId } = this;
    await this.saver.run([this.backends.backend, clientId, this.contactIdShown, input, previous?.version]);
    if (this.save.status !== TaskStatus.COMPLETE) {
      this.handleFailure(this.save.error, 'save');
      return;
    }
    const access = this.save.value!;
    this.access = access;
    this.form.reset(valuesOf(access));
    // A mail that could not leave yet waits in the backend's outbox and is retried (202).
    const invitationSent = sendInvitation && !access.invitationPending;
    this.status.show(
      invitationSent
        ? msg(str`Enregistré avec succès. Un courriel d'invitation a été envoyé à ${access.email}.`, { id: 'grant.saved-sent' })
        : sendInvitation
          ? msg(str`Enregistré avec succès. Le courriel d'invitation à ${access.email} n'a pas encore pu partir : il sera renvoyé automatiquement.`, { id: 'grant.saved-pending' })
          : msg('Enregistré avec succès', { id: 'grant.saved' }),
    );
    const created = !previous || previous.status === 'none';
    this.dispatchEvent(new AccessSavedEvent({ clientId, access, invitationSent, created }));
    if (invitationSent) this.dispatchEvent(new InvitationSentEvent({ clientId, access }));
  };

  /** Sends the lines to send; then the focus goes to what comes next: a line to fix, "Réessayer", or "Fermer" when all went. */
  private readonly handleBulkSave = async (): Promise<void> => {
    await this.bulk.save();
    await this.updateComplete;
    const shared = this.bulk.shared.firstInvalid();
    if (shared) return this.focusField(shared);
    const fix = this.bulk.lines.findIndex((l) => l.state === 'failed' && l.error?.field);
    const line = fix >= 0 ? this.bulk.lines[fix]! : undefined;
    if (line) this.focusField(`line-${fix}-${line.error!.field}`);
    else if (!this.bulk.toSend.length) this.renderRoot.querySelector<HTMLElement>('[part~="close-button"]')?.focus();
  };

  private readonly handleRevoke = async (): Promise<void> => {
    if (this.busy) return;
    const name = this.knownContact(this.contactIdShown)?.name ?? '';
    const ok = await this.confirm.ask({
      title: msg("Révoquer l'accès?", { id: 'grant.revoke-title' }),
      message: msg(
        str`${name} ne pourra plus se connecter au portail. Le lien d'invitation en attente cessera de fonctionner. Vous pourrez lui redonner un accès plus tard.`,
        { id: 'grant.revoke-message' },
      ),
      confirmLabel: msg("Révoquer l'accès", { id: 'grant.revoke' }),
      cancelLabel: msg('Annuler', { id: 'grant.cancel' }),
      danger: true,
    });
    if (ok) await this.revokeNow();
  };

  private async revokeNow(): Promise<void> {
    this.banner = null;
    this.lastAction = 'revoke';
    const { clientId } = this;
    await this.revoke.run([this.backends.backend, clientId, this.contactIdShown, this.access?.version]);
    if (this.revoke.status !== TaskStatus.COMPLETE) {
      this.handleFailure(this.revoke.error, 'revoke');
      return;
    }
    const access = this.revoke.value!;
    this.access = access;
    this.status.show(msg('Accès révoqué', { id: 'grant.revoked' }));
    this.dispatchEvent(new AccessRevokedEvent({ clientId, access }));
    await this.updateComplete;
    // The revoke button is gone: the focus goes to what comes next, granting again (never to <body>).
    this.renderRoot.querySelector<HTMLElement>('[part~="save-button"]')?.focus();
  }

  private handleFailure(error: unknown, action: 'save' | 'revoke'): void {
    const fieldErrors = isBackendError(error) ? error.fieldErrors : [];
    if (fieldErrors.length) {
      this.serverIpIndex = fieldErrors.find((e) => e.field === 'allowedIps')?.index ?? -1;
      const rest = this.form.setServerErrors(fieldErrors);
      if (rest.length < fieldErrors.length) {
        void this.updateComplete.then(() => this.focusField(this.form.firstInvalid()));
        if (!rest.length) return;
      }
    }
    const stale = isBackendError(error) && error.status === 412;
    this.banner = { message: failureMessage(error, action), action: stale ? 'reload' : 'retry' };
  }

  // The banner's button goes with the banner (and the load error's with it): the focus moves first, to
  // the button of what is tried again, or to the person field above what loads again, never to <body>.
  private readonly handleRetry = (): Promise<void> => {
    this.renderRoot.querySelector<HTMLElement>(`[part~="${this.lastAction}-button"]`)?.focus();
    return this.lastAction === 'save' ? this.handleSave() : this.revokeNow();
  };

  private readonly handleReload = (): void => {
    this.focusField('contact');
    this.banner = null;
    void this.load.run();
  };

}

declare global {
  interface HTMLElementTagNameMap {
    'grant-access-dialog': GrantAccessDialog;
  }
}
