import { msg } from '@lit/localize';
import { html, type ReactiveController, type ReactiveElement } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ACCESS_STATUSES, type AccessStatus, type ContactSort } from '../api/types.js';
import { accessStatusLabel } from '../internal/messages.js';
import type { Filter } from './paged-list.js';

/** Pause in typing after which the filter is applied. */
const DEBOUNCE_MS = 250;

type SortField = 'name' | 'email' | 'accessStatus';

/**
 * What `<client-contacts>` shows of the client's contacts: the text filter
 * (applied after a pause in typing, or on Enter), the access-state filter and
 * the order (a sortable column header toggles between ascending and
 * descending). Renders those controls; `onApply` runs each time the query
 * changes.
 */
export class TableQuery implements ReactiveController {
  /** What is typed in the filter; applied to `q` after a pause. */
  private text = '';
  private q = '';
  private accessStatus: AccessStatus | '' = '';
  private sort: ContactSort = 'name';
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly onApply: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.debounce);
  }

  /** The query applied. */
  get value(): Filter {
    return { q: this.q, accessStatus: this.accessStatus, sort: this.sort };
  }

  /** Shows every contact again (in the same order), and puts the focus in the text filter. */
  clear(): void {
    this.text = '';
    this.accessStatus = '';
    this.apply();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>('#filter')?.focus());
  }

  /** The text filter and the access-state filter. */
  renderFilters() {
    return html`<div class="field filter">
        <label for="filter">${msg('Filtrer les contacts', { id: 'contacts.filter' })}</label>
        <input
          id="filter"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${msg('Nom ou adresse courriel', { id: 'contacts.filter-placeholder' })}
          .value=${this.text}
          @input=${this.handleInput}
          @keydown=${this.handleKeydown}
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
      </div>`;
  }

  /** A column header that sorts by `field` (`before`: what comes before its button, the name's "select all"). */
  renderSortHeader(field: SortField, label: string, before: unknown = '') {
    const dir = this.sort === field ? 'ascending' : this.sort === `-${field}` ? 'descending' : undefined;
    // Named by its label alone, not by the "select all" checkbox before it.
    return html`<div role="columnheader" class="th" part="columnheader" aria-sort=${ifDefined(dir)} aria-labelledby="col-${field}">
      ${before}<button type="button" class="sort" data-field=${field} @click=${this.handleSort}>
        <span class="sort-label" id="col-${field}">${label}</span>
        <span class="arrow" aria-hidden="true">${dir === 'descending' ? '▼' : dir ? '▲' : '↕'}</span>
      </button>
    </div>`;
  }

  private apply(): void {
    clearTimeout(this.debounce);
    this.q = this.text.trim();
    this.onApply();
    this.host.requestUpdate();
  }

  private readonly handleInput = (e: Event): void => {
    this.text = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.apply(), DEBOUNCE_MS);
    this.host.requestUpdate();
  };

  private readonly handleKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') this.apply();
  };

  private readonly handleStateChange = (e: Event): void => {
    this.accessStatus = (e.target as HTMLSelectElement).value as AccessStatus | '';
    this.apply();
  };

  private readonly handleSort = (e: Event): void => {
    const field = (e.currentTarget as HTMLElement).dataset['field'] as SortField;
    this.sort = this.sort === field ? `-${field}` : field;
    this.apply();
  };
}
