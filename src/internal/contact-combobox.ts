import { msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { css, html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { ContactsBackend } from '../api/backend.js';
import type { Contact } from '../api/types.js';

/** The contact a combobox shows as chosen. */
export interface PickedContact {
  id: string;
  name: string;
}

export interface ContactComboboxOptions {
  /** The input's id: the caller's `<label for>` points at it; the listbox and options derive theirs from it. */
  id: string;
  /** The id of the caller's visible label (names the listbox too). */
  labelId: string;
  backend: () => ContactsBackend;
  clientId: () => string;
  /** The user picked a contact (by Enter or a click); never called when the caller sets `value`. */
  onSelect: (contact: Contact) => void;
  /** The pause after the last keystroke before searching, in ms (default 250). */
  delay?: number;
  /** How many contacts the popup lists (default 10). */
  limit?: number;
}

export interface ContactComboboxRenderOptions {
  required?: boolean;
  invalid?: boolean;
  /** Ids of the caller's error / hint / help elements. */
  describedBy?: string | undefined;
  disabled?: boolean;
  placeholder?: string;
  /** Focus the input when a surrounding dialog opens. */
  autofocus?: boolean;
}

/**
 * Picks a contact of a client by first or last name: the ARIA 1.2 combobox
 * pattern (an `<input role="combobox">` with a listbox popup, list
 * autocomplete, manual selection). Type-ahead searches the backend after a
 * pause (one request per pause, the previous one aborted); ArrowDown / ArrowUp
 * move the active option, Enter or a click picks it, Escape closes the list
 * (without letting the Escape close a surrounding dialog), Tab leaves. Leaving
 * puts the picked contact's name back in the input.
 *
 * A controller plus `render()`: the caller renders the label (same shadow root)
 * and adds `comboboxStyles` to its styles.
 */
export class ContactCombobox implements ReactiveController {
  /** What the input shows. */
  text = '';
  /** True while the popup is shown. */
  expanded = false;
  /** The index of the active option, or -1. */
  active = -1;
  private picked: PickedContact | null = null;
  /** True during the pause before a search. */
  private waiting = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly search: Task<[string], Contact[]>;
  /** The query of the last search started. */
  private ranFor: string | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: ContactComboboxOptions,
  ) {
    host.addController(this);
    this.search = new Task<[string], Contact[]>(host, {
      autoRun: false,
      task: async ([q], { signal }) => {
        try {
          const page = await options.backend().listContacts(
            options.clientId(),
            { q, limit: options.limit ?? 10 },
            { signal },
          );
          return page.items;
        } catch (e) {
          // An aborted search is no failure: a newer one replaces it.
          if (signal.aborted) return initialState;
          throw e;
        }
      },
    });
  }

  hostDisconnected(): void {
    this.cancel();
  }

  hostUpdated(): void {
    // The popup does not scroll (10 contacts at most) but the page or dialog around it may.
    if (this.active < 0) return;
    this.host.renderRoot.querySelector(`#${this.optionId(this.active)}`)?.scrollIntoView?.({ block: 'nearest' });
  }

  /** The contact shown as chosen. Setting it (host input) calls no callback. */
  get value(): PickedContact | null {
    return this.picked;
  }

  set value(contact: PickedContact | null) {
    this.picked = contact ? { id: contact.id, name: contact.name } : null;
    this.text = contact?.name ?? '';
    this.close();
  }

  /** The contacts the popup lists now. */
  get results(): Contact[] {
    return !this.waiting && this.search.status === TaskStatus.COMPLETE ? (this.search.value ?? []) : [];
  }

  private get searching(): boolean {
    return this.waiting || this.search.status === TaskStatus.PENDING;
  }

  private get listId(): string {
    return `${this.options.id}-listbox`;
  }

  private optionId(index: number): string {
    return `${this.options.id}-option-${index}`;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.waiting = false;
    this.search.abort();
  }

  private close(): void {
    this.cancel();
    this.expanded = false;
    this.active = -1;
    this.host.requestUpdate();
  }

  /** Searches now (no pause) and opens the list. */
  private searchNow(q: string): void {
    this.cancel();
    this.expanded = true;
    this.active = -1;
    this.run(q);
  }

  private run(q: string): void {
    this.ranFor = q;
    void this.search.run([q]);
  }

  private pick(contact: Contact): void {
    this.value = contact;
    this.options.onSelect(contact);
  }

  /** The popup's message: searching, failed, nothing found, or how many (the last one for screen readers only). */
  private message(): { text: string; visible: boolean } | null {
    if (!this.expanded) return null;
    if (this.searching) return { text: msg('Recherche…', { id: 'combobox.searching' }), visible: true };
    if (this.search.status === TaskStatus.ERROR) {
      return {
        text: msg('La recherche a échoué. Vérifiez la connexion et réessayez.', { id: 'combobox.failed' }),
        visible: true,
      };
    }
    if (this.search.status !== TaskStatus.COMPLETE) return null;
    const n = this.results.length;
    return n
      ? { text: msg(str`Contacts trouvés : ${n}`, { id: 'combobox.count' }), visible: false }
      : { text: msg('Aucun contact trouvé', { id: 'combobox.none' }), visible: true };
  }

  render(options: ContactComboboxRenderOptions = {}) {
    const results = this.results;
    const message = this.message();
    const popup = this.expanded && (results.length > 0 || message?.visible === true);
    return html`<div class="combobox" part="combobox">
      <input
        id=${this.options.id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-controls=${this.listId}
        aria-activedescendant=${ifDefined(this.active >= 0 ? this.optionId(this.active) : undefined)}
        aria-required=${options.required ? 'true' : 'false'}
        aria-invalid=${options.invalid ? 'true' : 'false'}
        aria-describedby=${ifDefined(options.describedBy)}
        placeholder=${ifDefined(options.placeholder)}
        ?disabled=${options.disabled}
        ?autofocus=${options.autofocus}
        .value=${live(this.text)}
        @input=${this.handleInput}
        @keydown=${this.handleKeydown}
        @blur=${this.handleBlur}
      />
      <div class="popup" part="popup" ?hidden=${!popup} @pointerdown=${keepFocus}>
        <ul role="listbox" id=${this.listId} aria-labelledby=${this.options.labelId} ?hidden=${!results.length}>
          ${results.map(
            (c, i) => html`<li
              role="option"
              id=${this.optionId(i)}
              class=${i === this.active ? 'active' : ''}
              aria-selected=${i === this.active ? 'true' : 'false'}
              @click=${() => this.pick(c)}
            >
              <span class="option-name">${c.name}</span>
              ${c.email ? html`<span class="option-email">${c.email}</span>` : nothing}
            </li>`,
          )}
        </ul>
        ${message?.visible ? html`<div class="popup-message" aria-hidden="true">${message.text}</div>` : nothing}
      </div>
      <div class="visually-hidden" role="status">${message?.text ?? ''}</div>
    </div>`;
  }

  private readonly handleInput = (e: Event): void => {
    this.text = (e.target as HTMLInputElement).value;
    this.cancel();
    const q = this.text.trim();
    if (!q) {
      this.close();
      return;
    }
    this.expanded = true;
    this.active = -1;
    this.waiting = true;
    this.timer = setTimeout(() => {
      this.waiting = false;
      this.run(q);
    }, this.options.delay ?? 250);
    this.host.requestUpdate();
  };

  private readonly handleKeydown = (e: KeyboardEvent): void => {
    const n = this.results.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const down = e.key === 'ArrowDown';
        if (!this.expanded || this.search.status === TaskStatus.ERROR) {
          const q = this.text.trim();
          if (this.search.status === TaskStatus.COMPLETE && this.ranFor === q && !this.waiting) {
            // The last search's results are still right: reopen them.
            this.expanded = true;
            this.active = e.altKey || !n ? -1 : down ? 0 : n - 1;
            this.host.requestUpdate();
          } else if (!this.searching) this.searchNow(q);
          return;
        }
        if (!n || e.altKey) return;
        this.active = down ? (this.active + 1) % n : this.active <= 0 ? n - 1 : this.active - 1;
        this.host.requestUpdate();
        return;
      }
      case 'Enter': {
        const contact = this.expanded ? this.results[this.active] : undefined;
        if (!contact) return;
        e.preventDefault();
        this.pick(contact);
        return;
      }
      case 'Escape':
        if (!this.expanded) return;
        // The list closes; the surrounding dialog stays open.
        e.preventDefault();
        e.stopPropagation();
        this.close();
        return;
      case 'Tab':
        if (this.expanded) this.close();
        return;
    }
  };

  private readonly handleBlur = (): void => {
    // Leaving without picking puts the chosen contact back.
    const text = this.picked?.name ?? this.text;
    if (text === this.text && !this.expanded && !this.waiting) return;
    this.text = text;
    this.close();
  };
}

function keepFocus(e: Event): void {
  // A click in the popup must not take the focus from the input.
  e.preventDefault();
}

/** The combobox's styles; add them to the caller's `static styles`. */
export const comboboxStyles = css`
  .combobox {
    position: relative;
  }
  .popup {
    position: absolute;
    top: calc(100% + var(--_space-3xs));
    left: 0;
    right: 0;
    z-index: 15;
    padding: var(--_space-2xs) 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow-sm);
  }
  .popup[hidden],
  .popup [hidden] {
    display: none;
  }
  [role='listbox'] {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [role='option'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 var(--_space-md);
    padding: var(--_space-xs) var(--_space-md);
    cursor: pointer;
  }
  [role='option']:hover {
    background: var(--_color-surface-alt);
  }
  [role='option'].active {
    background: var(--_color-surface-alt);
    box-shadow: inset 3px 0 0 var(--_color-accent);
  }
  /* Forced colours drop the background and the bar: the active option takes the system's highlight. */
  @media (forced-colors: active) {
    [role='option'].active {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    [role='option'].active .option-email {
      color: HighlightText;
    }
  }
  .option-email {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_color-muted);
    font-size: var(--_font-size-sm);
  }
  .popup-message {
    padding: var(--_space-xs) var(--_space-md);
    color: var(--_color-muted);
    font-style: italic;
  }
`;
