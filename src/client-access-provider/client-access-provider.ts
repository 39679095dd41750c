import { provide } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContactsBackend } from '../api/backend.js';
import { RestBackend } from '../api/rest-backend.js';
import { clientAccessContext, type ClientAccessConfig } from '../context.js';
import { requestLocale } from '../internal/locale.js';

/**
 * Configures every client access element inside it: one backend, one locale.
 *
 * @summary Wraps a page (or part of one) so the elements inside share a backend.
 *
 * @slot - The page content, with the elements.
 */
@customElement('client-access-provider')
export class ClientAccessProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the REST API, e.g. `/api/v1`. Ignored when `backend` is set. */
  @property() endpoint = '/api/v1';

  /** `fr-CA` (default) or `en`; when unset, the page's `<html lang>` decides. */
  @property() locale: string | null = null;

  /** A whole backend object, for a host whose API differs from the contract's URLs. */
  @property({ attribute: false }) backend: ContactsBackend | null = null;

  /** The host's own `fetch` for the REST backend (session refresh, logging...). */
  @property({ attribute: false }) fetch: typeof fetch | null = null;

  /** Extra headers on every REST call (a CSRF token...); a function is called per request. */
  @property({ attribute: false }) headers: HeadersInit | (() => HeadersInit) | null = null;

  /** `same-origin` by default; `include` for a backend on another origin with cookies. */
  @property() credentials: RequestCredentials = 'same-origin';

  @provide({ context: clientAccessContext })
  @state()
  protected config: ClientAccessConfig | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) requestLocale(this.locale);
    const backend =
      this.backend ??
      new RestBackend({
        endpoint: this.endpoint,
        credentials: this.credentials,
        ...(this.fetch ? { fetch: this.fetch } : {}),
        ...(this.headers ? { headers: this.headers } : {}),
      });
    this.config = { backend, locale: this.locale };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'client-access-provider': ClientAccessProvider;
  }
}
