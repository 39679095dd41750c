import { provide } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContactsBackend } from '../api/backend.js';
import type { GetToken } from '../api/host-token.js';
import { DEFAULT_ENDPOINT, type RestBackendOptions } from '../api/rest-backend.js';
import { clientAccessContext, type ClientAccessConfig } from '../context.js';
import { restBackend } from '../internal/backend-controller.js';
import { requestLocale } from '../internal/locale.js';

/**
 * Configures every client access element inside it: one backend, one locale.
 * `fetch`, `headers` and `getToken` are read at each request: giving a new
 * function (a framework's re-render) makes no request; a new `endpoint`,
 * `credentials` or `backend` gives the elements a new backend.
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
  @property() endpoint = DEFAULT_ENDPOINT;

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

  /**
   * The host's token callback (async): a token its backend minted for the signed-in user
   * (`{token, expiresAt}` or a string), sent as `Authorization: Bearer`. Called before the first
   * request, again shortly before the token expires, and once more on a 401 before a call is given up.
   */
  @property({ attribute: false }) getToken: GetToken | null = null;

  @provide({ context: clientAccessContext })
  @state()
  protected config: ClientAccessConfig | undefined;

  private rest: Omit<RestBackendOptions, 'endpoint'> | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) requestLocale(this.locale);
    // A token callback given or taken away changes how calls are made; a new one does not.
    const tokenToggled = changed.has('getToken') && !changed.get('getToken') !== !this.getToken;
    if (changed.has('credentials') || tokenToggled || !this.rest) {
      // Read at each request, so that a new function for `fetch`, `headers` or `getToken` changes nothing else.
      this.rest = {
        credentials: this.credentials,
        fetch: (input, init) => (this.fetch ?? globalThis.fetch)(input, init),
        headers: () => (typeof this.headers === 'function' ? this.headers() : this.headers ?? {}),
        ...(this.getToken ? { getToken: () => this.getToken?.() ?? '' } : {}),
      };
    }
    const backend = this.backend ?? restBackend(this.endpoint, this.rest);
    if (backend !== this.config?.backend || this.rest !== this.config.rest) this.config = { backend, rest: this.rest };
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
