import type { CallOptions, ContactsBackend, CreateOptions, LiveEvent, UpdateOptions, WatchOptions } from './backend.js';
import { BackendError } from './backend-error.js';
import { TokenKeeper, type GetToken } from './host-token.js';
import type {
  Access,
  AccessInput,
  AuditEvent,
  Choices,
  Client,
  Contact,
  ContactInput,
  ContactPage,
  ContactQuery,
  Problem,
} from './types.js';

/** The reference backend's base URL, used when nothing else is given. */
export const DEFAULT_ENDPOINT = '/api/v1';

export interface RestBackendOptions {
  /** Base URL of the API, e.g. `/api/v1` or `https://erp.example.com/api/v1`. */
  endpoint: string;
  /** The host's own `fetch` (for instance one that refreshes a session). */
  fetch?: typeof fetch;
  /** Extra headers on every call (a CSRF token...); a function is called per request. */
  headers?: HeadersInit | (() => HeadersInit);
  /** `same-origin` by default; `include` for a backend on another origin with cookies. */
  credentials?: RequestCredentials;
  /**
   * The host's token callback (a token its backend minted for the signed-in user): asked before the
   * first request, again shortly before the token expires and once more when a call gets a 401, before
   * the call is given up. Sent as `Authorization: Bearer <token>`.
   */
  getToken?: GetToken;
  /** Milliseconds before a call fails with a `timeout` BackendError, retries included; 15 s by default. */
  timeout?: number;
  /**
   * How many times a call that cannot apply twice (a read, or a call carrying an `Idempotency-Key`) is
   * sent again when the answer is 502, 503 or 504 (an instance restarting, the database away for a
   * moment), after the answer's `Retry-After` (1 s without one) and only while the timeout leaves time
   * for it; 2 by default, 0 for none.
   */
  retries?: number;
}

interface RequestSpec extends CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  idempotencyKey?: string | undefined;
  version?: number | undefined;
  /** Replaces the default ones (`Accept`...). */
  headers?: Record<string, string>;
}

/** A fresh idempotency key. Works on plain-http pages too, where `crypto.randomUUID` is missing. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `ContactsBackend` over the REST contract of `openapi.yaml`. */
export class RestBackend implements ContactsBackend {
  readonly endpoint: string;
  private readonly options: RestBackendOptions;
  private readonly tokens: TokenKeeper | null;

  constructor(options: RestBackendOptions | string) {
    this.options = typeof options === 'string' ? { endpoint: options } : options;
    this.endpoint = this.options.endpoint.replace(/\/+$/, '');
    this.tokens = this.options.getToken ? new TokenKeeper(this.options.getToken) : null;
  }

  getClient(clientId: string, options?: CallOptions): Promise<Client> {
    return this.request(`/clients/${enc(clientId)}`, options);
  }

  listContacts(clientId: string, query: ContactQuery = {}, options?: CallOptions): Promise<ContactPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return this.request(`/clients/${enc(clientId)}/contacts${qs ? `?${qs}` : ''}`, options);
  }

  getContact(clientId: string, contactId: string, options?: CallOptions): Promise<Contact> {
    return this.request(contactPath(clientId, contactId), options);
  }

  createContact(clientId: string, input: ContactInput, options?: CreateOptions): Promise<Contact> {
    return this.request(`/clients/${enc(clientId)}/contacts`, {
      ...options,
      method: 'POST',
      body: input,
      idempotencyKey: options?.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  updateContact(clientId: string, contactId: string, input: ContactInput, options?: UpdateOptions): Promise<Contact> {
    return this.request(contactPath(clientId, contactId), { ...options, method: 'PUT', body: input });
  }

  async deleteContact(clientId: string, contactId: string, options?: UpdateOptions): Promise<void> {
    await this.request(contactPath(clientId, contactId), { ...options, method: 'DELETE' });
  }

  getChoices(options?: CallOptions): Promise<Choices> {
    return this.request('/choices', options);
  }

  getAccess(clientId: string, contactId: string, options?: CallOptions): Promise<Access> {
    return this.request(`${contactPath(clientId, contactId)}/access`, options);
  }

  saveAccess(
    clientId: string,
    contactId: string,
    input: AccessInput,
    options?: UpdateOptions & CreateOptions,
  ): Promise<Access> {
    return this.request(`${contactPath(clientId, contactId)}/access`, {
      ...options,
      method: 'PUT',
      body: input,
      idempotencyKey: options?.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  sendInvitation(clientId: string, contactId: string, options?: CreateOptions): Promise<Access> {
    return this.request(`${contactPath(clientId, contactId)}/access/invitation`, {
      ...options,
      method: 'POST',
      idempotencyKey: options?.idempotencyKey ?? newIdempotencyKey(),
    });
  }

  revokeAccess(clientId: string, contactId: string, options?: UpdateOptions): Promise<Access> {
    return this.request(`${contactPath(clientId, contactId)}/access`, { ...options, method: 'DELETE' });
  }

  async getAccessHistory(clientId: string, contactId: string, options?: CallOptions): Promise<AuditEvent[]> {
    const page = await this.request<{ items: AuditEvent[] }>(
      `${contactPath(clientId, contactId)}/access/history`,
      options,
    );
    return page.items;
  }

  /** `GET .../events` read with `fetch` (so a host token goes in the header, never in the URL); the reader is a lazy chunk. */
  async watchClient(clientId: string, onEvent: (event: LiveEvent) => void, options: WatchOptions = {}): Promise<void> {
    const { watch } = await import('./event-stream.js');
    return watch((headers, signal) => this.send(`/clients/${enc(clientId)}/events`, { headers }, signal, true), onEvent, options);
  }

  private async request<T>(path: string, spec: RequestSpec = {}): Promise<T> {
    const { timeout = 15000, retries = 2 } = this.options;
    const deadline = Date.now() + timeout;
    const timer = AbortSignal.timeout(timeout);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timer]) : timer;
    const mayRepeat = (spec.method ?? 'GET') === 'GET' || spec.idempotencyKey !== undefined;
    let response: Response;
    let text: string;
    try {
      for (let attempt = 0; ; attempt++) {
        response = await this.send(path, spec, signal, true);
        text = await response.text();
        if (!mayRepeat || attempt >= retries || ![502, 503, 504].includes(response.status)) break;
        // The waiting is a lazy chunk: most pages never need it.
        const { waitToRetry } = await import('./retry.js');
        if (!(await waitToRetry(response, deadline, signal))) break;
      }
    } catch (e) {
      throw this.failure(e, spec.signal, timer, timeout);
    }
    if (!response.ok) throw new BackendError('http', response.status, parseProblem(text, response));
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BackendError('http', response.status, null, 'The server answered something that is not JSON.');
    }
  }

  /** One HTTP exchange; with a host token, a 401 asks for a new token and tries once more. */
  private async send(path: string, spec: RequestSpec, signal: AbortSignal, mayRenew: boolean): Promise<Response> {
    const { fetch: fetchFn = globalThis.fetch.bind(globalThis), credentials = 'same-origin' } = this.options;
    const extra = typeof this.options.headers === 'function' ? this.options.headers() : this.options.headers;
    const headers = new Headers(extra);
    headers.set('Accept', 'application/json, application/problem+json');
    // A header that a cross-site HTML form cannot send (the reference backend's CSRF check).
    if (!headers.has('X-Requested-With')) headers.set('X-Requested-With', 'client-access-elements');
    if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
    if (spec.idempotencyKey) headers.set('Idempotency-Key', spec.idempotencyKey);
    if (spec.version !== undefined) headers.set('If-Match', `"${spec.version}"`);
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name, value);
    const token = this.tokens ? await this.tokens.token() : null;
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);

    const response = await fetchFn(`${this.endpoint}${path}`, {
      method: spec.method ?? 'GET',
      headers,
      credentials,
      signal,
      ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
    });
    if (response.status !== 401 || token === null || !mayRenew) return response;
    this.tokens!.refused(token);
    return this.send(path, spec, signal, false);
  }

  private failure(e: unknown, caller: AbortSignal | undefined, timer: AbortSignal, timeout: number): unknown {
    if (caller?.aborted) return caller.reason;
    if (timer.aborted) return new BackendError('timeout', 0, null, `No answer within ${timeout} ms.`);
    return new BackendError('network', 0, null, e instanceof Error ? e.message : String(e));
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function contactPath(clientId: string, contactId: string): string {
  return `/clients/${enc(clientId)}/contacts/${enc(contactId)}`;
}

export function parseProblem(text: string, response: Response): Problem {
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && typeof body.title === 'string') {
      return { type: body.type ?? 'about:blank', status: body.status ?? response.status, ...body } as Problem;
    }
  } catch {
    // Not JSON: a proxy's HTML page, for instance. Fall through.
  }
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
}
