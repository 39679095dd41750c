import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import {
  ACCESS_STATUSES,
  type AccessStatus,
  type Choice,
  type Contact,
  type ContactQuery,
  type ContactSort,
} from '../api/types.js';
import type { ContactDialog } from '../contact-dialog/contact-dialog.js';
import {
  ContactOpenEvent,
  type AccessDetail,
  type AccessRevokedEvent,
  type AccessSavedEvent,
  type ContactSavedEvent,
  type InvitationSentEvent,
} from '../events/events.js';
import { BackendController, choicesOf } from '../internal/backend-controller.js';
import { plusIcon } from '../internal/icons.js';
import { loadContactDialog, whenIdle } from '../internal/lazy.js';
import { accessStatusLabel, backendErrorMessage } from '../internal/messages.js';
import { choiceLabel, groupDigits } from '../internal/format.js';
import { PageLocaleController } from '../internal/locale.js';
import { baseStyles, fieldStyles } from '../internal/styles.js';
import { CONTACT_DIALOG_EXPORTPARTS } from './client-contacts.parts.js';
import { styles } from './client-contacts.styles.js';

/** Contacts per request. */
const PAGE = 100;
/** Pages kept in memory; the farthest from the visible rows are dropped first. */
const MAX_PAGES = 40;
/**
 * Lists up to this long are drawn whole (under 1,000 DOM nodes) until a
 * longer one comes: `@lit-labs/virtualizer` is loaded then, and virtualizes
 * every list from there on. Most clients have a few contacts: their pages
 * never download it. A long list shows its first rows (a screenful) drawn
 * the same way at once, and the virtualizer takes them over when it came.
 */
const PLAIN_MAX = 15;
/** The virtualizer's items before the first load (one array: a new one means "items changed"). */
const NO_ITEMS: number[] = [];
type VirtualizerModule = typeof import('./virtualizer.js');
let virtualizerModule: Promise<VirtualizerModule> | undefined;
/** Imports the virtualizer once; a failed import is tried again at the next call. */
function loadVirtualizer(): Promise<VirtualizerModule> {
  return (virtualizerModule ??= import('./virtualizer.js').catch((e: unknown) => {
    virtualizerModule = undefined;
    throw e;
  }));
}
/** Pause in typing after which the filter is applied. */
const DEBOUNCE_MS = 250;

type SortField = 'name' | 'email' | 'accessStatus';



/** The results of one query: how many match, and the rows loaded so far (by index). */
interface ContactList {
  backend: ContactsBackend;
  clientId: string;
  /** `q`, `accessStatus` and `sort`: what the dialog's "<" / ">" follow too. */
  query: ContactQuery;
  total: number;
  /** `0 … total - 1`: the virtualizer's items, made when it first needs them (`itemsOf`). */
  items?: number[];
  rows: Map<number, Contact>;
  /** Pages fully loaded. */
  pages: Set<number>;
  /** Pages being loaded, to abort those no longer needed. */
  loading: Map<number, AbortController>;
  /** A contact just created: where it landed (-1 when the filter hides it). */
  created?: { contact: Contact; index: number };
}

/** What went wrong with a load: a missing client is said as such, the rest as any backend failure. */
function loadErrorMessage(error: unknown): string {
  return isBackendError(error) && error.status === 404
    ? msg('Ce client est introuvable.', { id: 'contacts.error.not-found' })
    : backendErrorMessage(error);
}

/** Resolves after the next frame is painted (the first task after it). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * The contacts of one client: a filterable, sortable table that stays fast
 * with thousands of contacts (rows are virtualized and fetched page by page
 * as the user scrolls), with the "+" button and each contact's name opening
 * `<contact-dialog>`. Saved contacts and access changes show at once.
 *
 * @summary The "Contacts associés à ce client" table of a client page.
 *
 * @event {ContactOpenEvent} contact-open - Before a contact (or a new one, `contactId: null`) opens in the dialog; `preventDefault()` to show it your own way. Detail `{clientId, contactId}`.
 * @event {ContactSavedEvent} contact-saved - Bubbles out of the nested `<contact-dialog>`: a contact was created or updated. Detail `{contact, created}`.
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
 * @csspart status-badge - The access state of a contact (text in a badge).
 * @csspart loading - The message shown while the first page loads.
 * @csspart empty - The message when the client has no contact, or none matches the filter.
 * @csspart error - The message when loading failed, with its retry button.
 * @csspart contact-dialog - The nested `<contact-dialog>`'s parts are exported with its tag as prefix: its `dialog` part
 *   as `contact-dialog`, every other part `x` as `contact-dialog-x` (`contact-dialog-header`, `-title`, `-nav`, `-position`,
 *   `-search`, `-combobox`, `-popup`, `-body`, `-banner`, `-field`, `-error`, `-help`, `-tooltip`, `-legend`, `-access`,
 *   `-history`, `-footer`, `-actions`, `-status`, `-confirm`, `-save-button`, `-close-button`).
 * @csspart grant-access-dialog - The `<grant-access-dialog>` opened from the contact dialog, same scheme:
 *   `grant-access-dialog` (its `dialog`), `grant-access-dialog-header`, `-title`, `-body`, `-footer`, `-access-state`,
 *   `-field`, `-combobox`, `-popup`, `-error`, `-banner`, `-legend`, `-help`, `-tooltip`, `-status`, `-confirm`,
 *   `-save-button`, `-close-button`, `-revoke-button`.
 *
 * @cssproperty [--cae-table-max-height=28rem] - Height past which the table scrolls.
 * @cssproperty [--cae-table-min-height=12rem] - Space reserved for the table in every state (loading, empty, loaded).
 * @cssproperty [--cae-table-columns=minmax(9rem, 1.4fr) minmax(6.5rem, 1fr) …] - The nine column widths (`grid-template-columns`).
 * @cssproperty [--cae-table-min-width=75rem] - Width under which the table scrolls sideways; keep it the sum of the columns' minimums.
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

  private readonly load = new Task(this, {
    task: ([backend, clientId, q, accessStatus, sort], { signal }) =>
      clientId ? this.fetchList(backend, clientId, { q, accessStatus, sort }, signal) : initialState,
    args: () =>
      [this.backendCtl.backend, this.clientId, this.q, this.accessStatus, this.sort, this.reloads] as const,
    onComplete: (list) => this.handleLoaded(list),
  });

  private readonly choices = new Task(this, {
    task: ([backend]) => choicesOf(backend),
    args: () => [this.backendCtl.backend] as const,
  });

  @query('.table') private table?: HTMLElement;
  @query('.tbody') private tbody?: HTMLElement;
  @query('contact-dialog') private dialog?: ContactDialog;

  /** The client whose contacts are shown (its code, e.g. `8005551`). */
  @property({ attribute: 'client-id' }) clientId = '';

  /** Base URL of the REST API; when unset, the provider's backend (or `/api/v1`). */
  @property() endpoint: string | null = null;

  /** A backend object; wins over `endpoint` and the provider. */
  @property({ attribute: false }) backend: ContactsBackend | null = null;

  /** The level of the section's heading (1 to 6), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** What is typed in the filter; applied to `q` after a pause. */
  @state() private filterText = '';
  @state() private q = '';
  @state() private accessStatus: AccessStatus | '' = '';
  @state() private sort: ContactSort = 'name';
  /** Bumped to load again with the same query. */
  @state() private reloads = 0;
  /** A later page failed to load. */
  @state() private pageError: unknown = null;
  /** The contact dialog's code could not be loaded. */
  @state() private dialogError: unknown = null;
  /** "Contact ajouté : …", in a polite live region. */
  @state() private announcement = '';
  /** The contact the dialog shows (null: a new one); undefined until the dialog is first opened. */
  @state() private dialogContactId: string | null | undefined = undefined;
  /** The client of the dialog's contact: the host's `clientId` when it opened (a client change closes it first). */
  @state() private dialogClientId = '';
  /** The row to flash, just added. */
  @state() private highlightId: string | null = null;

  /** A contact just created, to find in the next load. */
  private created: Contact | null = null;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private range = { first: 0, last: -1 };
  private shownList: ContactList | undefined;
  private scrollTarget = -1;
  private settleFrame = 0;
  /** The virtualizer's directive, once a long list needed it (then for every list). */
  private virtualize: VirtualizerModule['virtualize'] | undefined;
  /** Its layout (one object for the element's life: another one would make a new virtualizer). */
  private layout: ReturnType<VirtualizerModule['rowLayout']> | undefined;
  /** The virtualizer is being loaded. */
  private virtualizing = false;

  constructor() {
    super();
    new PageLocaleController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
    this.abortPages(this.load.value);
  }

  protected override firstUpdated(): void {
    whenIdle(loadContactDialog);
  }

  /** Loads the contacts again from the backend; resolves once the first page is shown (or failed). */
  async refresh(): Promise<void> {
    this.reloads++;
    await this.updateComplete;
    await this.load.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another client: the open dialog asks about unsaved edits, then closes (its contact stays the old client's).
    if (changed.has('clientId') && this.dialog?.open) void this.dialog.requestHide();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.load.value;
    if (list && list !== this.shownList) {
      const before = this.shownList;
      this.shownList = list;
      // Another query starts at the top (setting scrollTop forces a layout: not on the first one).
      // A new contact is scrolled to once the virtualizer took the new items (handleRange).
      if (before && this.scrollTarget < 0 && queryKey(before) !== queryKey(list) && this.table) {
        this.table.scrollTop = 0;
      }
      if (!this.virtualize) {
        // Drawn whole: those rows are wanted (a page "around" a new contact may not start at 0).
        this.range = { first: 0, last: Math.min(list.total, PLAIN_MAX) - 1 };
        this.fetchPages();
        if (this.scrollTarget >= 0 && list.total <= PLAIN_MAX) {
          this.scrollToRow(this.scrollTarget);
          this.scrollTarget = -1;
        }
        // A long one: its first rows are on screen, the virtualizer comes for the rest.
        if (list.total > PLAIN_MAX) void this.startVirtualizer();
      }
    }
  }

  /**
   * Centres a row in the table and brings the table into view. Rows have one
   * fixed height, so the position is computed (the virtualizer's own
   * `element(i).scrollIntoView()` pins its layout, which loses the range
   * here); the virtualizer sizes its box for new items within a few frames,
   * after the `rangeChanged` that follows them.
   */
  private scrollToRow(index: number, frames = 10): void {
    const table = this.table;
    const head = table?.querySelector<HTMLElement>('.thead');
    const row = this.tbody?.querySelector<HTMLElement>('[role="row"]');
    if (!table || !head || !row) return;
    const h = row.offsetHeight;
    const top = Math.max(0, index * h + h / 2 + (head.offsetHeight - table.clientHeight) / 2);
    if (top > table.scrollHeight - table.clientHeight && frames > 0) {
      requestAnimationFrame(() => this.scrollToRow(index, frames - 1));
      return;
    }
    table.scrollTop = top;
    table.scrollIntoView({ block: 'nearest' });
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
      ${this.pageError
        ? html`<div class="banner" part="error" role="alert">
            <p>${msg('Certains contacts ne se sont pas chargés.', { id: 'contacts.page-error' })}
              ${loadErrorMessage(this.pageError)}</p>
            <button type="button" class="button" @click=${this.handleRetryPages}>
              ${msg('Réessayer', { id: 'contacts.retry' })}
            </button>
          </div>`
        : nothing}
      ${this.dialogError
        ? html`<div class="banner" part="error" role="alert">
            <p>${msg("La fiche du contact n'a pas pu s'ouvrir. Vérifiez votre connexion, puis réessayez.", {
              id: 'contacts.dialog-error',
            })}</p>
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
          <div role="rowgroup" class="tbody" @rangeChanged=${this.handleRange}>
            ${this.virtualize
              ? this.virtualize({ items: list ? itemsOf(list) : NO_ITEMS, renderItem: this.renderRow, layout: this.layout })
              : Array.from({ length: Math.min(list?.total ?? 0, PLAIN_MAX) }, (_, i) => this.renderRow(i))}
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
      ${this.dialogContactId === undefined
        ? nothing
        : html`<contact-dialog
            exportparts=${CONTACT_DIALOG_EXPORTPARTS}
            .clientId=${this.dialogClientId}
            .contactId=${this.dialogContactId}
            .query=${list?.query ?? { sort: this.sort }}
            .backend=${this.backendCtl.backend}
            @contact-saved=${this.handleContactSaved}
            @access-saved=${this.handleAccessChanged}
            @access-revoked=${this.handleAccessChanged}
            @invitation-sent=${this.handleAccessChanged}
          ></contact-dialog>`}
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
      <div class="field filter">
        <label for="filter">${msg('Filtrer les contacts', { id: 'contacts.filter' })}</label>
        <input
          id="filter"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${msg('Nom ou adresse courriel', { id: 'contacts.filter-placeholder' })}
          .value=${this.filterText}
          @input=${this.handleFilterInput}
          @keydown=${this.handleFilterKeydown}
        />
      </div>
      <div class="field access-filter">
        <label for="state">${msg("État de l'accès", { id: 'contacts.state-filter' })}</label>
        <select id="state" @change=${this.handleStateChange}>
          <option value="" ?selected=${!this.accessStatus}>${msg('Tous les états', { id: 'contacts.all-states' })}</option>
          ${ACCESS_STATUSES.map(
            (s) => html`<option value=${s} ?selected=${this.accessStatus === s}>${accessStatusLabel(s)}</option>`,
          )}
        </select>
      </div>
      <div class="end">
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
      ${this.renderSortHeader('name', msg('Nom', { id: 'contacts.col.name' }))}
      ${plain(msg('Titre', { id: 'contacts.col.title' }))} ${plain(msg('Département', { id: 'contacts.col.department' }))}
      ${plain(msg('Type', { id: 'contacts.col.type' }))}
      ${this.renderSortHeader('email', msg('Adresse courriel', { id: 'contacts.col.email' }))}
      ${plain(msg('Téléphone', { id: 'contacts.col.phone' }))} ${plain(msg('Cellulaire', { id: 'contacts.col.mobile' }))}
      ${plain(msg('Télécopieur', { id: 'contacts.col.fax' }))}
      ${this.renderSortHeader('accessStatus', msg('Accès', { id: 'contacts.col.access' }))}
    </div>`;
  }

  private renderSortHeader(field: SortField, label: string) {
    const dir = this.sort === field ? 'ascending' : this.sort === `-${field}` ? 'descending' : undefined;
    return html`<div role="columnheader" class="th" part="columnheader" aria-sort=${ifDefined(dir)}>
      <button type="button" class="sort" data-field=${field} @click=${this.handleSort}>
        <span class="sort-label">${label}</span>
        <span class="arrow" aria-hidden="true">${dir === 'descending' ? '▼' : dir ? '▲' : '↕'}</span>
      </button>
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
      <div role="cell" class="cell" part="cell">
        <button type="button" class="name-button" part="name-button" title=${c.name} data-id=${c.id} @click=${this.handleNameClick}>
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

  private renderLoading() {
    return html`<div class="state" part="loading">
      <span class="spinner" aria-hidden="true"></span>
      <p>${msg('Chargement des contacts…', { id: 'contacts.loading' })}</p>
    </div>`;
  }

  private renderState(list: ContactList) {
    if (list.total > 0) return nothing;
    if (list.query.q || list.query.accessStatus) {
      return html`<div class="state" part="empty">
        <p><strong>${msg('Aucun contact ne correspond au filtre.', { id: 'contacts.no-match' })}</strong></p>
        <button type="button" class="button" @click=${this.handleClearFilter}>
          ${msg('Effacer le filtre', { id: 'contacts.clear-filter' })}
        </button>
      </div>`;
    }
    return html`<div class="state" part="empty">
      <p><strong>${msg("Aucun contact n'est encore associé à ce client.", { id: 'contacts.empty' })}</strong></p>
      <p>${msg('Pour en ajouter un, utilisez le bouton « + » (Ajouter un contact).', { id: 'contacts.empty-how' })}</p>
    </div>`;
  }

  private renderError(error: unknown) {
    return html`<div class="state failed" part="error" role="alert">
      <span class="state-icon" aria-hidden="true">⚠</span>
      <p><strong>${msg('Impossible de charger les contacts.', { id: 'contacts.error' })}</strong></p>
      <p>${loadErrorMessage(error)}</p>
      <button type="button" class="button" @click=${this.handleRetry}>${msg('Réessayer', { id: 'contacts.retry' })}</button>
    </div>`;
  }

  private typeLabel(type: string | null): string {
    if (!type) return '';
    const choice: Choice | undefined = this.choices.value?.contactTypes.find((c) => c.id === type);
    return choice ? choiceLabel(choice) : '';
  }

  // -- loading ------------------------------------------------------------------

  /** The first page of a query (or, after a creation, the page around the new contact). */
  private async fetchList(
    backend: ContactsBackend,
    clientId: string,
    filter: { q: string; accessStatus: AccessStatus | ''; sort: ContactSort },
    signal: AbortSignal,
  ): Promise<ContactList> {
    this.abortPages(this.load.value);
    const query: ContactQuery = { sort: filter.sort };
    if (filter.q) query.q = filter.q;
    if (filter.accessStatus) query.accessStatus = filter.accessStatus;
    const created = this.created;
    this.created = null;
    let page;
    try {
      page = await backend.listContacts(
        clientId,
        { ...query, ...(created ? { around: created.id } : { offset: 0 }), limit: PAGE },
        { signal },
      );
    } catch (e) {
      // 404: the new contact does not match the filter; show the list anyway.
      if (!created || !isBackendError(e) || e.status !== 404) throw e;
      page = await backend.listContacts(clientId, { ...query, offset: 0, limit: PAGE }, { signal });
    }
    const list: ContactList = {
      backend,
      clientId,
      query,
      total: page.total,
      rows: new Map(page.items.map((c, i) => [page.offset + i, c])),
      // A page "around" a new contact starts anywhere: its rows show, its pages load as usual.
      pages: new Set(page.offset === 0 ? [0] : []),
      loading: new Map(),
    };
    if (created) {
      const at = page.items.findIndex((c) => c.id === created.id);
      list.created = { contact: created, index: at < 0 ? -1 : page.offset + at };
    }
    return list;
  }

  /**
   * Hands a long list over to the virtualizer once its first rows, drawn
   * plainly, were painted: the virtualizer's first layout takes longer than
   * they do, and even the request for its chunk costs a frame a few ms. Those
   * rows give it their height, and keep the table's height until it sized the
   * table itself: the scroll position and the rows on screen do not move. If
   * it cannot load, the table says so as for a page of contacts, and
   * "Réessayer" tries again.
   */
  private async startVirtualizer(): Promise<void> {
    if (this.virtualize || this.virtualizing) return;
    this.virtualizing = true;
    let module: VirtualizerModule;
    try {
      await afterNextPaint();
      module = await loadVirtualizer();
    } catch (e) {
      this.pageError = e;
      return;
    } finally {
      this.virtualizing = false;
    }
    const tbody = this.tbody;
    const row = tbody?.querySelector('[role="row"]');
    if (tbody && row) tbody.style.minHeight = `${tbody.offsetHeight}px`;
    this.layout = module.rowLayout(row?.getBoundingClientRect().height ?? 0);
    this.virtualize = module.virtualize;
    this.requestUpdate();
  }

  private handleLoaded(list: ContactList): void {
    this.pageError = null;
    if (!list.created) return;
    const { contact, index } = list.created;
    this.highlightId = contact.id;
    this.scrollTarget = index;
    this.announce(
      index >= 0
        ? msg(str`Contact ajouté : ${contact.name}`, { id: 'contacts.added' })
        : msg(str`Contact ajouté : ${contact.name}. Il ne correspond pas au filtre actuel.`, { id: 'contacts.added-hidden' }),
    );
  }

  /** Loads the pages around the rows in the DOM, aborts those far away, forgets the farthest. */
  private fetchPages(): void {
    const list = this.load.value;
    const { first, last } = this.range;
    if (!list || this.load.status === TaskStatus.ERROR || last < first || list.total === 0) return;
    const from = Math.floor(Math.max(0, first) / PAGE);
    const to = Math.floor(Math.min(list.total - 1, last) / PAGE);
    for (const [p, controller] of list.loading) {
      if (p < from - 1 || p > to + 1) {
        controller.abort();
        list.loading.delete(p);
      }
    }
    for (let p = from; p <= to; p++) {
      if (!list.pages.has(p) && !list.loading.has(p)) void this.fetchPage(list, p);
    }
    if (list.pages.size > MAX_PAGES) {
      const centre = (from + to) / 2;
      const far = [...list.pages].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const p of far.slice(0, list.pages.size - MAX_PAGES)) {
        list.pages.delete(p);
        for (let i = p * PAGE; i < (p + 1) * PAGE; i++) list.rows.delete(i);
      }
    }
  }

  private async fetchPage(list: ContactList, p: number): Promise<void> {
    const controller = new AbortController();
    list.loading.set(p, controller);
    try {
      const page = await list.backend.listContacts(
        list.clientId,
        { ...list.query, offset: p * PAGE, limit: PAGE },
        { signal: controller.signal },
      );
      page.items.forEach((c, i) => list.rows.set(page.offset + i, c));
      list.pages.add(p);
      if (list === this.load.value) this.requestUpdate();
    } catch (e) {
      if (!controller.signal.aborted && !isAbort(e) && list === this.load.value) this.pageError = e;
    } finally {
      if (list.loading.get(p) === controller) list.loading.delete(p);
    }
  }

  private abortPages(list: ContactList | undefined): void {
    if (!list) return;
    for (const controller of list.loading.values()) controller.abort();
    list.loading.clear();
  }

  /** Says something politely; waits for the dialog to close (a modal dialog silences the page). */
  private announce(text: string): void {
    const dialog = this.dialog;
    if (!dialog?.open) {
      this.announcement = text;
      return;
    }
    const observer = new MutationObserver(() => {
      if (dialog.open) return;
      observer.disconnect();
      this.announcement = text;
    });
    observer.observe(dialog, { attributes: true, attributeFilter: ['open'] });
  }

  /** Puts a changed contact (or access state) in its row, wherever it is loaded. */
  private patch(contactId: string, change: (c: Contact) => Contact): void {
    const list = this.load.value;
    if (!list) return;
    for (const [i, c] of list.rows) {
      if (c.id === contactId) {
        list.rows.set(i, change(c));
        this.requestUpdate();
        return;
      }
    }
  }

  private applyQuery(): void {
    clearTimeout(this.debounce);
    this.q = this.filterText.trim();
    this.announcement = '';
    this.highlightId = null;
  }

  // -- handlers -------------------------------------------------------------------

  private readonly handleRange = (e: RangeChangedEvent) => {
    this.range = { first: e.first, last: e.last };
    this.fetchPages();
    if (this.scrollTarget >= 0 && this.shownList === this.load.value) {
      // Scroll once the virtualizer has settled on the new items (two frames without a range change).
      cancelAnimationFrame(this.settleFrame);
      this.settleFrame = requestAnimationFrame(() => {
        this.settleFrame = requestAnimationFrame(() => {
          this.scrollToRow(this.scrollTarget);
          this.scrollTarget = -1;
        });
      });
    }
  };

  private handleFilterInput(e: Event): void {
    this.filterText = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.applyQuery(), DEBOUNCE_MS);
  }

  private handleFilterKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') this.applyQuery();
  }

  private handleStateChange(e: Event): void {
    this.accessStatus = (e.target as HTMLSelectElement).value as AccessStatus | '';
    this.applyQuery();
  }

  private handleSort(e: Event): void {
    const field = (e.currentTarget as HTMLElement).dataset['field'] as SortField;
    this.sort = this.sort === field ? `-${field}` : field;
    this.applyQuery();
  }

  private handleClearFilter(): void {
    this.filterText = '';
    this.accessStatus = '';
    this.applyQuery();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#filter')?.focus());
  }

  private handleRetry(): void {
    void this.load.run();
  }

  private handleRetryPages(): void {
    this.pageError = null;
    this.fetchPages();
    if ((this.load.value?.total ?? 0) > PLAIN_MAX) void this.startVirtualizer();
  }

  private handleAdd(): void {
    void this.openContact(null);
  }

  private handleNameClick(e: Event): void {
    void this.openContact((e.currentTarget as HTMLElement).dataset['id'] ?? null);
  }

  private async openContact(contactId: string | null): Promise<void> {
    if (!this.dispatchEvent(new ContactOpenEvent({ clientId: this.clientId, contactId }))) return;
    try {
      await loadContactDialog();
      this.dialogError = null;
    } catch (e) {
      this.dialogError = e;
      return;
    }
    this.dialogContactId = contactId;
    this.dialogClientId = this.clientId;
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog) return;
    // The dialog moves on by itself (a created contact, "<" / ">"), so its
    // contact is set on each opening, not by the template: a re-render of the
    // table (after a save) must not pull it back to an older one.
    dialog.contactId = contactId;
    await dialog.show();
  }

  private readonly handleContactSaved = (e: ContactSavedEvent) => {
    const { contact, created } = e.detail;
    if (contact.clientId !== this.clientId) return;
    if (created) {
      this.created = contact;
      this.reloads++;
    } else {
      this.patch(contact.id, () => contact);
    }
  };

  private readonly handleAccessChanged = (e: AccessSavedEvent | AccessRevokedEvent | InvitationSentEvent) => {
    const { clientId, access } = e.detail as AccessDetail;
    if (clientId !== this.clientId) return;
    this.patch(access.contactId, (c) => ({ ...c, accessStatus: access.status }));
  };
}

/** The virtualizer's items of a list (100,000 numbers take a few ms: not before the first rows are drawn). */
function itemsOf(list: ContactList): number[] {
  return (list.items ??= Array.from({ length: list.total }, (_, i) => i));
}

function queryKey(list: ContactList): string {
  return `${list.clientId}|${list.query.q ?? ''}|${list.query.accessStatus ?? ''}|${list.query.sort}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'client-contacts': ClientContacts;
  }
}
