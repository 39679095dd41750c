import { msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import { isBackendError } from '../api/backend-error.js';
import type { Contact, ContactQuery } from '../api/types.js';
import { ContactCombobox } from '../internal/contact-combobox.js';
import { chevronLeftIcon, chevronRightIcon, searchIcon } from '../internal/icons.js';

/** Where the contact stands among the client's contacts (in the `query` order). */
export interface Place {
  /** 1-based. */
  position: number;
  total: number;
  prev: Contact | undefined;
  next: Contact | undefined;
}

export interface NeighboursOptions {
  backend: () => ContactsBackend;
  clientId: () => string;
  contactId: () => string | null;
  query: () => ContactQuery;
  open: () => boolean;
  /** A save is under way: no moving meanwhile. */
  busy: () => boolean;
  /** Resolves true when there are no unsaved edits, or the user agrees to lose them. */
  mayDiscard: (message: string) => Promise<boolean>;
  /** Shows `target` (the user agreed). */
  show: (target: Contact) => void;
  /** After a contact was picked in the search: the focus goes to the form. */
  focusForm: () => void;
}

/**
 * The "<" position ">" 🔍 of the contact dialog: the previous and next contacts
 * in the table's order and filter (the contract's `around`), asked again only
 * when the contact's place may have changed; the search to jump to another
 * contact of the client by name; and the move to another contact after asking
 * about unsaved edits.
 */
export class NeighboursController {
  /** Bumped when a change of the contact may move it in the order. */
  private moves = 0;

  private readonly task: Task;
  private readonly search: ContactCombobox;
  /** The search row is shown. */
  private searchOpen = false;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: NeighboursOptions,
  ) {
    const o = options;
    this.search = new ContactCombobox(host, {
      id: 'search-input',
      labelId: 'search-label',
      backend: o.backend,
      clientId: o.clientId,
      onSelect: (contact) => void this.handlePick(contact),
    });
    this.task = new Task(host, {
      // In parallel with the contact's load; again when the contact moved in the order.
      args: () => [o.backend(), o.clientId(), o.contactId(), o.query(), o.open(), this.moves] as const,
      task: async ([backend, clientId, id, query, open], { signal }): Promise<Place | null | typeof initialState> => {
        if (!open || !id) return initialState;
        try {
          const page = await backend.listContacts(
            clientId,
            { q: query.q, accessStatus: query.accessStatus, sort: query.sort, around: id, limit: 3 },
            { signal },
          );
          const i = page.items.findIndex((c) => c.id === id);
          if (i < 0) return null;
          return { position: page.offset + i + 1, total: page.total, prev: page.items[i - 1], next: page.items[i + 1] };
        } catch (e) {
          // Not in the filtered list (reached by the search): no position.
          if (isBackendError(e) && e.status === 404) return null;
          throw e;
        }
      },
    });
  }

  /** The contact changed (saved, or its access did): asks again only if what the order and filter read changed. */
  changed(before: Contact | null, after: Contact): void {
    const query = this.options.query();
    if (placeKey(before, query) === placeKey(after, query)) return;
    this.moves++;
    this.host.requestUpdate();
  }

  /** Moves to another contact of the client (asking first when there are unsaved edits). */
  async go(target: Contact): Promise<boolean> {
    if (this.options.busy()) return false;
    if (target.id === this.options.contactId()) return true;
    const ok = await this.options.mayDiscard(
      msg('Vous avez des modifications non enregistrées. Si vous passez à un autre contact, elles seront perdues.', {
        id: 'contact-dialog.discard-move',
      }),
    );
    if (ok) this.options.show(target);
    return ok;
  }

  /** Closes the search (another contact, or the dialog closed). */
  closeSearch(): void {
    this.searchOpen = false;
  }

  /** The search row, under the header, when open. */
  renderSearch() {
    return this.searchOpen
      ? html`<div id="search" class="search" part="search" @keydown=${this.handleSearchKeydown}>
          <label id="search-label" for="search-input">${msg('Rechercher un contact', { id: 'contact-dialog.search' })}</label>
          ${this.search.render({ placeholder: msg('Nom ou prénom', { id: 'contact-dialog.search-placeholder' }) })}
        </div>`
      : nothing;
  }

  /** The nav group: "<", the position, ">", and the search button. */
  render() {
    const n = this.task.status === TaskStatus.COMPLETE ? (this.task.value as Place | null | undefined) : undefined;
    const busy = this.options.busy();
    const prevOff = !n?.prev || busy;
    const nextOff = !n?.next || busy;
    return html`<div class="nav" part="nav" role="group" aria-label=${msg('Navigation', { id: 'contact-dialog.nav' })}>
      <button
        type="button"
        class="icon-button prev"
        aria-label=${msg('Contact précédent', { id: 'contact-dialog.prev' })}
        title=${msg('Contact précédent', { id: 'contact-dialog.prev' })}
        aria-disabled=${prevOff ? 'true' : 'false'}
        @click=${() => n?.prev && !prevOff && void this.go(n.prev)}
      >
        ${chevronLeftIcon}
      </button>
      <span class="position" part="position" aria-live="polite" aria-atomic="true">
        ${n
          ? html`<span aria-hidden="true">${n.position} / ${n.total}</span>
              <span class="visually-hidden"
                >${msg(str`Contact ${n.position} sur ${n.total}`, { id: 'contact-dialog.position' })}</span
              >`
          : nothing}
      </span>
      <button
        type="button"
        class="icon-button next"
        aria-label=${msg('Contact suivant', { id: 'contact-dialog.next' })}
        title=${msg('Contact suivant', { id: 'contact-dialog.next' })}
        aria-disabled=${nextOff ? 'true' : 'false'}
        @click=${() => n?.next && !nextOff && void this.go(n.next)}
      >
        ${chevronRightIcon}
      </button>
      <button
        type="button"
        class="icon-button search-toggle"
        aria-label=${msg('Rechercher un contact', { id: 'contact-dialog.search' })}
        title=${msg('Rechercher un contact', { id: 'contact-dialog.search' })}
        aria-expanded=${this.searchOpen ? 'true' : 'false'}
        aria-controls="search"
        @click=${this.handleSearchToggle}
      >
        ${searchIcon}
      </button>
    </div>`;
  }

  private readonly handleSearchToggle = async (): Promise<void> => {
    this.searchOpen = !this.searchOpen;
    this.host.requestUpdate();
    if (!this.searchOpen) return;
    this.search.value = null;
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLInputElement>('#search-input')?.focus();
  };

  private readonly handleSearchKeydown = (e: KeyboardEvent): void => {
    // Escape (when the list is closed) closes the search, not the dialog.
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation();
    this.searchOpen = false;
    this.host.requestUpdate();
    this.host.renderRoot.querySelector<HTMLElement>('.search-toggle')?.focus();
  };

  private async handlePick(contact: Contact): Promise<void> {
    if (!(await this.go(contact))) return;
    this.searchOpen = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.options.focusForm();
  }
}

/** What the contact's place in `query`'s order and filter reads of it. */
function placeKey(c: Contact | null, query: ContactQuery): string {
  if (!c) return '';
  const sort = (query.sort ?? 'name').replace(/^-/, '') as 'name' | 'email' | 'accessStatus';
  return JSON.stringify([c[sort], query.q ? [c.name, c.email] : null, query.accessStatus ? c.accessStatus : null]);
}
