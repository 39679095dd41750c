import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import { newIdempotencyKey } from '../api/rest-backend.js';
import type { Access, Choices, Contact } from '../api/types.js';
import { choicesOf } from '../internal/backend-controller.js';
import { ACCESS_FIELDS } from '../internal/field-rules.js';
import { FormController, fieldErrorMessage } from '../internal/form.js';
import { accessStatusLabel, failureReason } from '../internal/messages.js';
import { checkField, checkIpList, splitIpList } from '../internal/validators.js';
import { type LimitField, accessErrorMessage, checkEndDay, endInput, failureMessage, renderLimitFields } from './access-form.js';

/** Requests under way at once: 20 invitations go out three by three (each save sends its e-mail before it answers). */
export const CONCURRENCY = 3;

type LineField = 'userCode' | 'email';
type LineState = 'loading' | 'ready' | 'has-access' | 'waiting' | 'sending' | 'sent' | 'failed';

/** One person of the bulk grant. */
interface Line {
  contact: Contact;
  state: LineState;
  /** Her access as loaded (a proposal when `status` is `none`); null until loaded, or to load again (a stale one). */
  access: Access | null;
  userCode: string;
  email: string;
  /** Why she was not invited; on a field when it is that field's fault. */
  error: { field?: LineField; message: string } | null;
  /** The Idempotency-Key of her save, kept across retries: the server never saves (nor sends) twice. */
  readonly key: string;
  /** Her invitation was saved but waits in the server's outbox. */
  pending?: boolean;
}

export interface BulkFormOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  /** A person's access was saved (and her invitation sent, unless it waits in the outbox). */
  onSaved: (access: Access, created: boolean) => void;
}

/**
 * The bulk mode of `<grant-access-dialog>`: one line per person (her proposed
 * user code and e-mail, editable), the IP limit, branch and end date shared by all. One
 * save creates every access and sends every invitation: one `PUT .../access`
 * per person, `CONCURRENCY` at a time, each line showing where it stands
 * (waiting, sending, sent, failed and why). A line that fails stops nobody;
 * saving again retries the failed lines only, each with its own key. People
 * who already have an access are shown and left alone.
 */
export class BulkForm {
  lines: Line[] = [];
  choices: Choices | null = null;
  readonly shared: FormController<LimitField>;
  /** A load or a send is under way. */
  loading = false;
  sending = false;
  /** Stops what runs when the dialog closes (or opens on other people). */
  private abort = new AbortController();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: BulkFormOptions,
  ) {
    this.shared = new FormController<LimitField>(
      host,
      ['allowedIps', 'branchId', 'accessExpiresAt'],
      { allowedIps: checkIpList, accessExpiresAt: (day) => checkEndDay(day) },
      (field, code, value) => accessErrorMessage(field, code, value, -1),
    );
  }

  /** Shows these people and loads their accesses (proposals) and the branches. */
  async open(contacts: readonly Contact[]): Promise<void> {
    this.stop();
    const { signal } = this.abort;
    this.shared.reset();
    this.lines = contacts.map((contact) => ({
      contact,
      state: 'loading',
      access: null,
      userCode: '',
      email: contact.email,
      error: null,
      key: newIdempotencyKey(),
    }));
    this.loading = true;
    this.host.requestUpdate();
    const backend = this.options.backend();
    const choices = choicesOf(backend).then((c) => (this.choices = c), () => null);
    await pool(this.lines, CONCURRENCY, (line) => this.loadLine(line, signal));
    await choices;
    if (signal.aborted) return;
    this.loading = false;
    this.host.requestUpdate();
  }

  /** The dialog closed: what was not sent yet is not sent; the lines are forgotten. */
  stop(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.lines = [];
    this.loading = this.sending = false;
  }

  /** True when closing would lose something: invitations going out, or lines still to send. */
  get dirty(): boolean {
    return this.sending || (this.count('sent') > 0 && this.toSend.length > 0);
  }

  /** The lines a save sends: ready, or failed. */
  get toSend(): Line[] {
    return this.lines.filter((l) => l.state === 'ready' || l.state === 'failed');
  }

  /** The field to focus: the first line's user code once loaded. */
  get firstField(): string | undefined {
    const i = this.lines.findIndex((l) => l.state === 'ready');
    return i >= 0 && !this.loading ? `line-${i}-userCode` : undefined;
  }

  /** The label of the save button: send, or (only failed lines left) retry them. */
  get saveLabel(): string {
    const n = this.toSend.length;
    return this.count('failed') === n && n > 0
      ? msg(str`Réessayer les envois échoués (${n})`, { id: 'bulk.retry' })
      : msg(str`Enregistrer et envoyer les courriels (${n})`, { id: 'bulk.save' });
  }

  /**
   * Saves every line to send (the ready and the failed ones): checks them
   * first (a line that cannot go is marked, the others go), then sends,
   * `CONCURRENCY` at a time. Resolves once every line is sent or failed.
   */
  async save(): Promise<void> {
    if (this.sending || this.loading) return;
    if (!this.shared.validate()) return;
    const { signal } = this.abort;
    const input = {
      allowedIps: splitIpList(this.shared.values.allowedIps),
      branchId: this.shared.values.branchId || null,
      accessExpiresAt: endInput(this.shared.values.accessExpiresAt, null),
      sendInvitation: true as const,
    };
    const go: Line[] = [];
    for (const line of this.toSend) {
      line.error = this.checkLine(line);
      line.state = line.error ? 'failed' : 'waiting';
      if (!line.error) go.push(line);
    }
    this.sending = go.length > 0;
    this.host.requestUpdate();
    await pool(go, CONCURRENCY, async (line) => {
      if (signal.aborted) return;
      line.state = 'sending';
      this.host.requestUpdate();
      await this.sendLine(line, input, signal);
      this.host.requestUpdate();
    });
    if (signal.aborted) return;
    this.sending = false;
    this.host.requestUpdate();
  }

  private count(state: LineState): number {
    return this.lines.filter((l) => l.state === state).length;
  }

  private async loadLine(line: Line, signal: AbortSignal): Promise<void> {
    try {
      const access = await this.options.backend().getAccess(this.options.clientId(), line.contact.id, { signal });
      if (signal.aborted) return;
      this.loaded(line, access);
    } catch (e) {
      if (signal.aborted) return;
      line.state = 'failed';
      line.error = { message: `${msg("L'accès n'a pas pu être chargé.", { id: 'grant.load-failed' })} ${failureReason(e)}` };
    }
    this.host.requestUpdate();
  }

  private loaded(line: Line, access: Access): void {
    line.access = access;
    if (access.status === 'invited' || access.status === 'active') {
      line.state = 'has-access';
      return;
    }
    line.state = 'ready';
    line.userCode = access.userCode;
    line.email = access.email || line.contact.email;
  }

  /** What keeps a line from going (checked here as the server would), or null. */
  private checkLine(line: Line): Line['error'] {
    const code = checkField(ACCESS_FIELDS.userCode, line.userCode);
    if (code) return { field: 'userCode', message: accessErrorMessage('userCode', code, line.userCode, -1) };
    if (!line.email.trim())
      return { field: 'email', message: msg("Aucune adresse courriel : entrez celle de cette personne pour l'inviter.", { id: 'bulk.no-email' }) };
    const email = checkField(ACCESS_FIELDS.email, line.email);
    return email ? { field: 'email', message: fieldErrorMessage(email) } : null;
  }

  private async sendLine(
    line: Line,
    shared: { allowedIps: string[]; branchId: string | null; accessExpiresAt: string | null; sendInvitation: true },
    signal: AbortSignal,
  ): Promise<void> {
    const backend = this.options.backend();
    const clientId = this.options.clientId();
    try {
      if (!line.access) {
        const access = await backend.getAccess(clientId, line.contact.id, { signal });
        const typed = { userCode: line.userCode, email: line.email };
        this.loaded(line, access);
        if (line.state === 'has-access') return;
        if (typed.userCode) Object.assign(line, typed);
      }
      const previous = line.access!;
      const access = await backend.saveAccess(
        clientId,
        line.contact.id,
        { ...shared, userCode: line.userCode.trim(), email: line.email.trim() },
        { version: previous.version, idempotencyKey: line.key, signal },
      );
      if (signal.aborted) return;
      line.access = access;
      line.state = 'sent';
      line.error = null;
      line.pending = !!access.invitationPending;
      this.options.onSaved(access, previous.status === 'none');
    } catch (e) {
      if (signal.aborted) return;
      line.state = 'failed';
      const field = isBackendError(e) ? e.fieldErrors.find((f) => f.field === 'userCode' || f.field === 'email') : undefined;
      if (field) {
        const f = field.field as LineField;
        line.error = { field: f, message: accessErrorMessage(f, field.code, line[f], -1) };
      } else {
        // A stale access is loaded again before the next try.
        if (isBackendError(e) && e.status === 412) line.access = null;
        line.error = { message: failureMessage(e, 'save') };
      }
    }
  }

  /** The shared fields, the summary and the lines. */
  render() {
    const total = this.lines.filter((l) => l.state !== 'has-access').length;
    const sent = this.count('sent');
    const failed = this.count('failed');
    return html`<p class="state" part="access-state">
        ${msg("Chaque personne reçoit son accès et son invitation par courriel. Les limites ci-dessous s'appliquent à toutes.", { id: 'bulk.intro' })}
      </p>
      <div class="fields">${renderLimitFields(this.shared, this.choices)}</div>
      <p class="summary" role="status">
        ${sent || failed || this.sending
          ? html`${msg(str`${sent} sur ${total} envoyées`, { id: 'bulk.summary' })}${failed
              ? html`, ${msg(str`${failed} en échec`, { id: 'bulk.summary-failed' })}`
              : nothing}`
          : nothing}
      </p>
      <div class="people" role="table" aria-label=${msg('Personnes invitées', { id: 'bulk.people' })} part="people">
        <div role="row" class="person head">
          <span role="columnheader">${msg('Nom', { id: 'bulk.col.name' })}</span>
          <span role="columnheader" id="col-userCode">${msg("Code d'utilisateur", { id: 'grant.user-code' })}</span>
          <span role="columnheader" id="col-email">${msg('Adresse courriel', { id: 'grant.email' })}</span>
          <span role="columnheader" class="state-head">${msg('État', { id: 'bulk.col.state' })}</span>
        </div>
        ${this.lines.map((line, i) => this.renderLine(line, i))}
      </div>`;
  }

  private renderLine(line: Line, i: number) {
    const editable = line.state === 'ready' || line.state === 'failed';
    const input = (field: LineField) => {
      const error = line.error?.field === field;
      return html`<span role="cell">
        ${line.state === 'has-access' || line.state === 'loading'
          ? nothing
          : html`<input
              id=${`field-line-${i}-${field}`}
              type=${field === 'email' ? 'email' : 'text'}
              autocomplete="off"
              maxlength=${ACCESS_FIELDS[field].max}
              aria-labelledby=${`col-${field} line-${i}-name`}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${`line-${i}-state`}
              ?readonly=${!editable}
              .value=${live(line[field])}
              @input=${(e: Event) => this.edit(line, field, (e.target as HTMLInputElement).value)}
            />`}
      </span>`;
    };
    return html`<div role="row" class="person ${line.state}" part="person">
      <span role="rowheader" id=${`line-${i}-name`} class="name">${line.contact.name}</span>
      ${input('userCode')}${input('email')}
      <span role="cell" id=${`line-${i}-state`} class="line-state">
        <span class="badge ${line.state === 'has-access' ? line.access!.status : badgeOf(line.state)}">${stateLabel(line)}</span>
        ${line.state === 'has-access'
          ? html`<span>${msg('A déjà un accès : rien à faire', { id: 'bulk.state.has-access' })}</span>`
          : nothing}
        ${line.error ? html`<span class="error" part="error">${line.error.message}</span>` : nothing}
      </span>
    </div>`;
  }

  private edit(line: Line, field: LineField, value: string): void {
    line[field] = value;
    if (line.error?.field === field) line.error = null;
    this.host.requestUpdate();
  }
}

/** The badge's look of a line's state (the access badges' colours). */
function badgeOf(state: LineState): string {
  return state === 'sent' ? 'active' : state === 'failed' ? 'revoked' : state === 'sending' ? 'invited' : 'none';
}

function stateLabel(line: Line): string {
  switch (line.state) {
    case 'loading':
      return msg('Chargement…', { id: 'grant.loading' });
    case 'ready':
      return msg('Prête', { id: 'bulk.state.ready' });
    case 'has-access':
      return accessStatusLabel(line.access!.status);
    case 'waiting':
      return msg('En attente', { id: 'bulk.state.waiting' });
    case 'sending':
      return msg('Envoi…', { id: 'bulk.state.sending' });
    case 'sent':
      return line.pending
        ? msg('Enregistrée; le courriel partira automatiquement', { id: 'bulk.state.pending' })
        : msg('Envoyée', { id: 'bulk.state.sent' });
    case 'failed':
      return msg('Échec', { id: 'bulk.state.failed' });
  }
}

/** Runs `work` on every item, at most `n` at a time, in order. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
