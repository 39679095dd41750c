import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveElement } from 'lit';
import type { Access, Contact } from '../api/types.js';
import { GRANT_ACCESS_DIALOG_EXPORTPARTS } from '../contact-dialog/contact-dialog.parts.js';
import type { GrantAccessDialog } from '../grant-access-dialog/grant-access-dialog.js';
import { groupDigits } from '../internal/format.js';
import { loadGrantAccessDialog } from '../internal/lazy.js';
import type { ContactList } from './paged-list.js';

/**
 * The most contacts selected at once: "select all" takes the first ones in the
 * table's order (filter and sort applied), and the bulk grant sends one
 * invitation to each of them.
 */
export const SELECT_MAX = 50;

export interface SelectionOptions {
  list: () => ContactList | undefined;
  /** The bulk grant dialog's attributes. */
  dialog: () => Pick<GrantAccessDialog, 'clientId' | 'backend'>;
  /** An access was saved in the bulk dialog. */
  onAccess: (access: Access) => void;
  /** "All" could not load the rows it selects (shown as a page that failed to load). */
  onError: (error: unknown) => void;
}

/**
 * The contacts ticked in `<client-contacts>`: a checkbox in each row's name
 * cell and one in the name's column header ("all", up to `SELECT_MAX`), kept
 * by id while rows scroll in and out of the DOM, cleared when the query
 * changes; and the "Donner l'accès aux contacts sélectionnés" button, which
 * opens `<grant-access-dialog>` (its lazy chunk) for all of them and clears
 * the selection once it closed after saving.
 */
export class Selection {
  /** The selected contacts, by id, in the order they were ticked. */
  readonly contacts = new Map<string, Contact>();
  /** "Select all" stopped at `SELECT_MAX` of this many. */
  private capped = 0;
  /** The contacts the bulk dialog was opened for (undefined until first opened). */
  private granting: Contact[] | undefined;
  private saved = false;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: SelectionOptions,
  ) {}

  clear(): void {
    this.contacts.clear();
    this.capped = 0;
    this.host.requestUpdate();
  }

  /** A contact's checkbox (in her row's name cell). */
  renderBox(c: Contact) {
    return html`<input type="checkbox" class="select" part="checkbox" aria-label=${msg(str`Sélectionner ${c.name}`, { id: 'contacts.select' })}
      .checked=${this.contacts.has(c.id)} .contact=${c} @change=${this.handleBox} />`;
  }

  /** The checkbox of the name's column header: all the rows of the query (up to `SELECT_MAX`); mixed when some are. */
  renderAll() {
    const n = this.contacts.size;
    return html`<input type="checkbox" class="select" part="checkbox" aria-label=${msg('Sélectionner tous les contacts', { id: 'contacts.select-all' })}
      .checked=${n > 0 && n >= this.wanted} .indeterminate=${n > 0 && n < this.wanted} ?disabled=${!this.wanted} @change=${this.handleAll} />`;
  }

  /** The bulk button and the cap's message, once something is selected; the bulk dialog once it was opened. */
  renderActions() {
    const n = this.contacts.size;
    return html`${n
      ? html`${this.capped
            ? html`<span class="capped">${msg(str`Les ${n} premiers contacts sont sélectionnés, sur ${groupDigits(this.capped)}. Filtrez la liste pour choisir les autres.`, { id: 'contacts.select-capped' })}</span>`
            : nothing}
          <button type="button" class="button primary bulk" part="bulk-button" @click=${this.handleGrant}>
            ${msg("Donner l'accès aux contacts sélectionnés", { id: 'contacts.grant-selected' })} (${n})
          </button>`
      : nothing}
    ${this.granting
      ? html`<grant-access-dialog exportparts=${GRANT_ACCESS_DIALOG_EXPORTPARTS} .contacts=${this.granting} .clientId=${this.options.dialog().clientId}
          .backend=${this.options.dialog().backend} @access-saved=${this.handleSaved}></grant-access-dialog>`
      : nothing}`;
  }

  /** How many "all" selects: the query's rows, up to `SELECT_MAX`. */
  private get wanted(): number {
    return Math.min(this.options.list()?.total ?? 0, SELECT_MAX);
  }

  private readonly handleBox = (e: Event): void => {
    const box = e.target as HTMLInputElement & { contact: Contact };
    if (box.checked) this.contacts.set(box.contact.id, box.contact);
    else this.contacts.delete(box.contact.id);
    this.capped = 0;
    this.host.requestUpdate();
  };

  private readonly handleAll = async (): Promise<void> => {
    const list = this.options.list();
    if (!list || this.contacts.size >= this.wanted) return this.clear();
    const wanted = this.wanted;
    let rows = Array.from({ length: wanted }, (_, i) => list.rows.get(i));
    // The first rows are usually loaded (a page is longer than the cap); if not, they are fetched.
    if (rows.some((c) => !c)) {
      try {
        rows = (await list.backend.listContacts(list.clientId, { ...list.query, offset: 0, limit: wanted })).items;
      } catch (e) {
        return this.options.onError(e);
      }
    }
    if (list !== this.options.list()) return;
    for (const c of rows) if (c) this.contacts.set(c.id, c);
    this.capped = list.total > wanted ? list.total : 0;
    this.host.requestUpdate();
  };

  private readonly handleSaved = (e: HTMLElementEventMap['access-saved']): void => {
    this.saved = true;
    this.options.onAccess(e.detail.access);
  };

  private readonly handleGrant = async (): Promise<void> => {
    await loadGrantAccessDialog();
    this.granting = [...this.contacts.values()];
    this.saved = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.host.renderRoot.querySelector('grant-access-dialog');
    if (!dialog) return;
    await dialog.show();
    const observer = new MutationObserver(() => {
      if (dialog.open) return;
      observer.disconnect();
      this.handleClosed();
    });
    observer.observe(dialog, { attributes: true, attributeFilter: ['open'] });
  };

  /** The bulk dialog closed: after a save the selection is done with; the focus goes to the "all" checkbox (the button is gone). */
  private handleClosed(): void {
    if (!this.saved) return;
    this.clear();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('[role="columnheader"] .select')?.focus());
  }
}
