import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContactsBackend } from '../api/backend.js';
import type { Access, Choice } from '../api/types.js';
import { BackendController, choicesOf } from '../internal/backend-controller.js';
import { accessStatusLabel, failureReason } from '../internal/messages.js';
import { choiceLabel, groupDigits } from '../internal/format.js';
import { afterNextPaint } from '../internal/lazy.js';
import { PageLocaleController } from '../internal/locale.js';
import { baseStyles, fieldStyles } from '../internal/styles.js';
import { styles } from './client-contacts.styles.js';
import { TableQuery } from './query.js';
import { PAGE, PagedList, type ContactList } from './paged-list.js';
import { NestedDialog } from './nested-dialog.js';
import { RowsController, focusRow } from './rows.js';
import type { Selection } from './selection.js';

/** The place of a checkbox until `selection.ts` came. */
const noBox = html`<span class="select"></span>`;

/**
 * The "+" (the table's only icon, drawn like `internal/icons.ts`' ones): here, so that
 * the first load of a page does not carry the dialogs' icons.
 */
const plusIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 5v14M5 12h14"/></svg>`;

/**
 * The contacts of one client: a filterable, sortable table that stays fast
 * with thousands of contacts (rows are virtualized and fetched page by page
 * as the user scrolls), with the "+" button and each contact's name opening
 * `<contact-dialog>`. Saved and deleted contacts and access changes show at once.
 *
 * @summary The "Contacts associés à ce client" table of a client page.
 *
 * @event {ContactOpenEvent} contact-open - Before a contact (or a new one, `contactId: null`) opens in the dialog; `preventDefault()` to show it your own way. Detail `{clientId, contactId}`.
 * @event {ContactSavedEvent} contact-saved - Bubbles out of the nested `<contact-dialog>`: a contact was created or updated. Detail `{contact, created}`.
 * @event {ContactDeletedEvent} contact-deleted - Bubbles out of the nested `<contact-dialog>`: a contact was deleted (her row is gone). Detail `{clientId, contactId}`.
 * @event {AccessSavedEvent} access-saved - Bubbles out of the nested dialogs: an access was granted or changed. Detail `{clientId, access, invitationSent, created}`.
 * @event {InvitationSentEvent} invitation-sent - Bubbles out of the nested dialogs: the invitation e-mail was sent. Detail `{clientId, access}`.
 * @event {AccessRevokedEvent} access-revoked - Bubbles out of the nested dialogs: an access was revoked. Detail `{clientId, access}`.
 * @event {RequestCloseEvent} request-close - Bubbles out of the nested dialogs before one closes (cancelable). Detail `{source}`.
 *
 * @csspart base - The whole section.
 * @csspart header - The heading and its hint.
 * @csspart heading - The heading.
 * @csspart toolbar - The filters, the count and the "+" button.
 * @csspart add-button - The "+" button ("Ajouter un contact").
 * @csspart table - The table (the box that scrolls).
 * @csspart header-row - The row of column headers.
 * @csspart columnheader - A column header.
 * @csspart row - A contact's row (also a placeholder row while its page loads).
 * @csspart cell - A cell of a contact's row.
 * @csspart name-button - The contact's name, which opens it.
 * @csspart checkbox - A contact's "Sélectionner …" checkbox (before her name), and "Sélectionner tous les contacts" in the name's header.
 * @csspart bulk-button - "Donner l'accès aux contacts sélectionnés (n)", shown while contacts are selected: opens `<grant-access-dialog>` for all of them.
 * @csspart status-badge - The access state of a contact (text in a badge).
 * @csspart loading - The message shown while the first page loads.
 * @csspart empty - The message when the client has no contact, or none matches the filter.
 * @csspart error - The message when loading failed, with its retry button.
 * @csspart contact-dialog - The nested `<contact-dialog>`'s parts are exported with its tag as prefix: its `dialog` part
 *   as `contact-dialog`, every other part `x` as `contact-dialog-x` (`contact-dialog-header`, `-title`, `-nav`, `-position`,
 *   `-search`, `-combobox`, `-popup`, `-body`, `-banner`, `-field`, `-error`, `-help`, `-tooltip`, `-legend`, `-access`,
 *   `-history`, `-footer`, `-actions`, `-status`, `-confirm`, `-delete-button`, `-save-button`, `-close-button`).
 * @csspart grant-access-dialog - The `<grant-access-dialog>` opened from the contact dialog, same scheme:
 *   `grant-access-dialog` (its `dialog`), `grant-access-dialog-header`, `-title`, `-body`, `-footer`, `-access-state`,
 *   `-field`, `-combobox`, `-popup`, `-error`, `-banner`, `-legend`, `-help`, `-tooltip`, `-status`, `-confirm`,
 *   `-save-button`, `-close-button`, `-revoke-button`; with several contacts (the bulk button), `-people`, `-person`.
 *
 * @cssproperty [--cae-table-max-height=28rem] - Height past which the table scrolls.
 * @cssproperty [--cae-table-min-height=12rem] - Space reserved for the table in every state (loading, empty, loaded).
 * @cssproperty [--cae-table-columns=minmax(10rem, 1.2fr) minmax(8.25rem, 1fr) …] - The nine column widths (`grid-template-columns`).
 * @cssproperty [--cae-table-min-width=77.75rem] - Width under which the table scrolls sideways; keep it the sum of the columns' minimums.
 * @cssproperty [--cae-row-height=2.75rem] - Height of every row.
 * @cssproperty [--cae-color-warning=#8a4b00] - The "Invitation expirée" badge.
 * @cssproperty [--cae-font-family=inherit] - Font.
 * @cssproperty [--cae-color-text=currentColor] - Text color (by default the page's, inherited).
 * @cssproperty [--cae-color-muted=#52606d] - Secondary text, column headers, "Aucun accès".
 * @cssproperty [--cae-color-surface=#ffffff] - Background of the table.
 * @cssproperty [--cae-color-surface-alt=#f5f7fa] - Background of the header row.
 * @cssproperty [--cae-color-border=#c3cad3] - Borders.
 * @cssproperty [--cae-color-accent=#0b5cad] - Names, "+", "Invitation envoyée".
 * @cssproperty [--cae-color-accent-contrast=#ffffff] - Icon on the "+" button.
 * @cssproperty [--cae-color-danger=#b42318] - Errors, "Révoqué".
 * @cssproperty [--cae-color-success=#146c2e] - "Actif", a contact just added.
 * @cssproperty [--cae-radius=4px] - Corner radius.
 * @cssproperty [--cae-spacing=0.5rem] - Base spacing.
 * @cssproperty [--cae-focus-ring=2px solid #0b5cad] - Focus outline.
 * @cssproperty [--cae-control-height=2.25rem] - Height of the filters and buttons.
 */
// customElement last (outermost): elements already in the page upgrade when it defines
// the tag, and must be created with @localized()'s controller already in place.
@customElement('client-contacts')
@localized()
export class ClientContacts extends LitElement {
  static override styles = [baseStyles, fieldStyles, styles];

  private readonly backendCtl = new BackendController(this);
  private readonly query = new TableQuery(this, () => {
    this.announcement = '';
    this.highlightId = null;
    this.selection?.clear();
  });

  private readonly list = new PagedList(this, {
    backend: () => this.backendCtl.backend,
    clientId: () => this.clientId,
    filter: () => this.query.value,
    onLoaded: (list) => this.handleLoaded(list),
  });
  private readonly load = this.list.task;

  private readonly rows = new RowsController(this, this.list);
  private readonly patchAccess = (access: Access) => this.list.patch(access.contactId, (c) => ({ ...c, accessStatus: access.status }));
  /** The checkboxes and the bulk grant: a chunk of their own, loaded at once (`selection.ts`). */
  private selection: Selection | undefined;
  private readonly dialog = new NestedDialog(this, {
    clientId: () => this.clientId,
    backend: () => this.backendCtl.backend,
    query: () => this.list.value?.query ?? { sort: this.query.value.sort },
    onSaved: (contact, created) => (created ? this.list.reload(contact) : this.list.patch(contact.id, () => contact)),
    onAccess: this.patchAccess,
    onDeleted: (contactId) => void this.handleDeleted(contactId),
  });

  private readonly choices = new Task(this, {
    task: ([backend]) => choicesOf(backend),
    args: () => [this.backendCtl.backend] as const,
  });

  /** The client whose contacts are shown (its code, e.g. `8005551`). */
  @property({ attribute: 'client-id' }) clientId = '';

  /** Base URL of the REST API; when unset, the provider's backend (or `/api/v1`). */
  @property() endpoint: string | null = null;

  /** A backend object; wins over `endpoint` and the provider. */
  @property({ attribute: false }) backend: ContactsBackend | null = null;

  /**
   * `off`: the table and its dialog do not follow the changes made elsewhere. Otherwise (with a backend
   * that has `watchClient`) they show them within moments, without a reload.
   */
  @property() live: 'on' | 'off' = 'on';

  /** The level of the section's heading (1 to 6), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** "Contact ajouté : …" (or supprimé), in a polite live region. */
  @state() private announcement = '';
  /** The row to flash, just added. */
  @state() private highlightId: string | null = null;
  private liveStarted = false;

  constructor() {
    super();
    new PageLocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Asked for once the first frame is painted (even the request costs it a few ms); until it comes, an empty
    // box holds the checkbox's place (no shift); if it cannot load, the table works without.
    void afterNextPaint().then(() => import('./selection.js')).then(({ Selection }) => {
      this.selection ??= new Selection(this, {
        list: () => this.list.value,
        dialog: () => ({ clientId: this.clientId, backend: this.backendCtl.backend }),
        onAccess: this.patchAccess,
        onError: (e) => this.list.fail(e),
      });
      this.requestUpdate();
    }, () => undefined);
  }

  /** Loads the contacts again from the backend; resolves once the first page is shown (or failed). */
  async refresh(): Promise<void> {
    this.list.reload();
    await this.updateComplete;
    await this.load.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  protected override render() {
    const list = this.load.value;
    const title = msg('Contacts associés à ce client', { id: 'contacts.title' });
    return html`<section class="base" part="base" aria-labelledby="heading">
      <div class="header" part="header">
        ${this.renderHeading(title)}
        <p class="hint">${msg('Ajoutez ou administrez ici les contacts associés à ce client', { id: 'contacts.hint' })}</p>
        <p class="announcement" role="status">${this.announcement}</p>
      </div>
      ${this.renderToolbar(list)}
      ${this.list.pageError
        ? html`<div class="banner" part="error" role="alert">
            <p>${msg('Certains contacts ne se sont pas chargés.', { id: 'contacts.page-error' })}
              ${failureReason(this.list.pageError, 'client')}</p>
            <button type="button" class="button retry" @click=${this.handleRetryPages}>
              ${msg('Réessayer', { id: 'contacts.retry' })}
            </button>
          </div>`
        : nothing}
      ${this.dialog.error
        ? html`<div class="banner" part="error" role="alert">
            <p>${msg("La fiche du contact n'a pas pu s'ouvrir.", { id: 'contacts.dialog-failed' })} ${failureReason(this.dialog.error)}</p>
          </div>`
        : nothing}
      <div class="frame">
        <div
          class="table"
          part="table"
          role="table"
          aria-labelledby="heading"
          aria-rowcount=${list ? list.total + 1 : -1}
          aria-busy=${this.load.status === TaskStatus.PENDING ? 'true' : 'false'}
        >
          <div role="rowgroup" class="thead">${this.renderHeaderRow()}</div>
          <div role="rowgroup" class="tbody" @rangeChanged=${this.rows.handleRange}>
            ${this.rows.render(this.renderRow)}
            <div virtualizer-sizer aria-hidden="true"></div>
          </div>
        </div>
        ${this.load.render({
          initial: () => this.renderLoading(),
          pending: () => (list ? this.renderState(list) : this.renderLoading()),
          complete: (l) => this.renderState(l),
          error: (e) => this.renderError(e),
        })}
      </div>
      ${this.dialog.render()}
    </section>`;
  }

  private renderHeading(text: string) {
    switch (Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2))) {
      case 1:
        return html`<h1 id="heading" class="title" part="heading">${text}</h1>`;
      case 3:
        return html`<h3 id="heading" class="title" part="heading">${text}</h3>`;
      case 4:
        return html`<h4 id="heading" class="title" part="heading">${text}</h4>`;
      case 5:
        return html`<h5 id="heading" class="title" part="heading">${text}</h5>`;
      case 6:
        return html`<h6 id="heading" class="title" part="heading">${text}</h6>`;
      default:
        return html`<h2 id="heading" class="title" part="heading">${text}</h2>`;
    }
  }

  private renderToolbar(list: ContactList | undefined) {
    const add = msg('Ajouter un contact', { id: 'contacts.add' });
    const total = list?.total;
    return html`<div class="toolbar" part="toolbar">
      ${this.query.renderFilters()}
      <div class="end">
        ${this.selection?.renderActions()}
        <span class="count" role="status">
          ${total === undefined
            ? ''
            : total === 1
              ? msg('1 contact', { id: 'contacts.count-one' })
              : msg(str`${groupDigits(total)} contacts`, { id: 'contacts.count' })}
        </span>
        <button type="button" class="icon-button add" part="add-button" aria-label=${add} title=${add} @click=${this.handleAdd}>
          ${plusIcon}
        </button>
      </div>
    </div>`;
  }

  private renderHeaderRow() {
    const plain = (label: string) => html`<div role="columnheader" class="th" part="columnheader">${label}</div>`;
    return html`<div role="row" class="row header-row" part="header-row" aria-rowindex="1">
      ${this.query.renderSortHeader('name', msg('Nom', { id: 'contacts.col.name' }), this.selection?.renderAll() ?? noBox)}
      ${plain(msg('Titre', { id: 'contacts.col.title' }))} ${plain(msg('Département', { id: 'contacts.col.department' }))}
      ${plain(msg('Type', { id: 'contacts.col.type' }))}
      ${this.query.renderSortHeader('email', msg('Adresse courriel', { id: 'contacts.col.email' }))}
      ${plain(msg('Téléphone', { id: 'contacts.col.phone' }))} ${plain(msg('Cellulaire', { id: 'contacts.col.mobile' }))}
      ${plain(msg('Télécopieur', { id: 'contacts.col.fax' }))}
      ${this.query.renderSortHeader('accessStatus', msg('Accès', { id: 'contacts.col.access' }))}
    </div>`;
  }

  /** One row; kept cheap: no controller, one listener (the name button). */
  private readonly renderRow = (index: number) => {
    const c = this.load.value?.rows.get(index);
    if (!c) {
      return html`<div role="row" class="row placeholder" part="row" aria-rowindex=${index + 2}>
        <div role="cell" class="cell" part="cell">…</div>
      </div>`;
    }
    const cell = (text: string) => html`<div role="cell" class="cell" part="cell" title=${ifDefined(text || undefined)}>${text}</div>`;
    return html`<div role="row" class="row ${c.id === this.highlightId ? 'added' : ''}" part="row" aria-rowindex=${index + 2}>
      <div role="rowheader" class="cell" part="cell">
        ${this.selection?.renderBox(c) ?? noBox}<button type="button" class="name-button" part="name-button" title=${c.name} data-id=${c.id} @click=${this.handleNameClick}>
          ${c.name}
        </button>
      </div>
      ${cell(c.title)}${cell(c.department)}${cell(this.typeLabel(c.type))}${cell(c.email)}${cell(c.phone)}${cell(
        c.mobile,
      )}${cell(c.fax)}
      <div role="cell" class="cell" part="cell">
        <span class="badge ${c.accessStatus}" part="status-badge">${accessStatusLabel(c.accessStatus)}</span>
      </div>
    </div>`;
  };

  /** `internal/states.ts`' loading indicator, written out: the table's first load does not carry that module. */
  private renderLoading() {
    return html`<p class="loading state" part="loading" role="status">
      <span class="spinner" aria-hidden="true"></span> ${msg('Chargement des contacts…', { id: 'contacts.loading' })}
    </p>`;
  }

  private renderState(list: ContactList) {
    if (list.total > 0) return nothing;
    if (list.query.q || list.query.accessStatus) {
      return html`<div class="state" part="empty">
        <p><strong>${msg('Aucun contact ne correspond au filtre.', { id: 'contacts.no-match' })}</strong></p>
        <button type="button" class="button" @click=${() => this.query.clear()}>
          ${msg('Effacer le filtre', { id: 'contacts.clear-filter' })}
        </button>
      </div>`;
    }
    return html`<div class="state" part="empty">
      <p><strong>${msg("Aucun contact n'est encore associé à ce client.", { id: 'contacts.empty' })}</strong></p>
      <p>${msg('Pour en ajouter un, utilisez le bouton « + » (Ajouter un contact).', { id: 'contacts.empty-how' })}</p>
    </div>`;
  }

  /** `internal/states.ts`' load-error block, written out (see `renderLoading`). */
  private renderError(error: unknown) {
    return html`<div class="load-error state failed" part="error" role="alert">
      <p><strong>${msg('Impossible de charger les contacts.', { id: 'contacts.error' })}</strong> ${failureReason(error, 'client')}</p>
      <button type="button" class="button retry" @click=${() => void this.load.run().then(() => this.refocus(0))}>${msg('Réessayer', { id: 'state.retry' })}</button>
    </div>`;
  }

  private typeLabel(type: string | null): string {
    if (!type) return '';
    const choice: Choice | undefined = this.choices.value?.contactTypes.find((c) => c.id === type);
    return choice ? choiceLabel(choice) : '';
  }

  // -- loading ------------------------------------------------------------------

  private handleLoaded(list: ContactList): void {
    if (!list.created) return;
    const { contact, index } = list.created;
    this.highlightId = contact.id;
    this.rows.scrollTo(index);
    const text =
      index >= 0
        ? msg(str`Contact ajouté : ${contact.name}`, { id: 'contacts.added' })
        : msg(str`Contact ajouté : ${contact.name}. Il ne correspond pas au filtre actuel.`, { id: 'contacts.added-hidden' });
    // Said politely once the dialog closed (a modal dialog silences the page).
    this.dialog.whenClosed(() => (this.announcement = text));
  }

  /**
   * A contact deleted in the dialog: her row goes at once (and from the selection); then `deletion.ts` (a lazy
   * chunk, loaded as the dialog opens) says it and moves the focus once the dialog has closed.
   */
  private async handleDeleted(contactId: string): Promise<void> {
    const { removeRow, afterDeletion } = await import('./deletion.js');
    const removed = removeRow(this.list.value, contactId, PAGE);
    if (removed.index >= 0) void this.list.fetch(this.rows.range);
    this.selection?.contacts.delete(contactId);
    this.requestUpdate();
    const total = () => this.list.value?.total ?? 0;
    this.dialog.whenClosed(() => void afterDeletion(this, removed, total, (text) => (this.announcement = text), (i) => focusRow(this.renderRoot, i)));
  }

  protected override updated(): void {
    if (this.load.value) this.startLive();
  }

  /** The live updates (`live.ts`, a lazy chunk), once the first page is painted and unless `live="off"`. */
  private startLive(): void {
    if (this.liveStarted || this.live === 'off') return;
    this.liveStarted = true;
    void afterNextPaint()
      .then(() => import('./live.js'))
      .then(
        ({ LiveUpdates }) =>
          new LiveUpdates(this, {
            backend: () => this.backendCtl.backend,
            clientId: () => this.clientId,
            enabled: () => this.live !== 'off',
            since: () => {
              const list = this.list.task.value;
              return list?.clientId === this.clientId && list.backend === this.backendCtl.backend ? list : null;
            },
            refresh: () => void this.list.refresh(),
            dialog: () => this.dialog.element,
          }),
        () => (this.liveStarted = false), // (the chunk did not load: tried again at the next update)
      );
  }

  // -- handlers -------------------------------------------------------------------

  private handleRetryPages(): void {
    const range = this.rows.range;
    this.list.fail(null);
    const settled = this.list.fetch(range);
    this.rows.retry();
    void settled.then(() => this.refocus(range.first));
  }

  /**
   * A "Réessayer" goes with what failed: unless the user has moved on, the focus goes to the next
   * "Réessayer" if it failed again, else to the row `index` once drawn ("+" when there is none).
   */
  private async refocus(index: number): Promise<void> {
    await this.updateComplete;
    if (document.activeElement !== document.body) return;
    const again = this.renderRoot.querySelector<HTMLElement>('.retry');
    if (again) again.focus();
    else focusRow(this.renderRoot, index);
  }

  private handleAdd(): void {
    void this.dialog.open(null);
  }

  private handleNameClick(e: Event): void {
    void this.dialog.open((e.currentTarget as HTMLElement).dataset['id'] ?? null);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'client-contacts': ClientContacts;
  }
}
