/**
 * The kit's HTTP client: one request, its answer parsed, over the host's own
 * authentication (a bearer token and/or headers such as a session cookie).
 * State-changing calls send `X-Requested-With` as the elements do, unless a
 * check asks for a bare request (the cross-site checks).
 */
import type { Answer } from './contract.js';

export interface Credentials {
  /** `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers on every authenticated call (`Cookie`, a host's own auth header...). */
  headers: Record<string, string>;
}

export interface RequestOptions {
  json?: unknown;
  /** A raw body, sent as is (with its own Content-Type in `headers`). */
  body?: string;
  headers?: Record<string, string>;
  /** Send no credentials at all. */
  anonymous?: boolean;
  /** Send the headers' credentials (a cookie) but not the bearer token. */
  noToken?: boolean;
  /** Do not add `X-Requested-With`. */
  bare?: boolean;
}

export interface HttpAnswer extends Answer {
  method: string;
  path: string;
  headers: Headers;
}

const TIMEOUT_MS = 15_000;
export const REQUESTED_WITH = 'client-access-conformance';

export class Http {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    const headers = new Headers();
    if (!options.anonymous) {
      if (this.credentials.token && !options.noToken) headers.set('authorization', `Bearer ${this.credentials.token}`);
      for (const [k, v] of Object.entries(this.credentials.headers)) headers.set(k, v);
    }
    if (!options.bare && method !== 'GET' && method !== 'OPTIONS') headers.set('x-requested-with', REQUESTED_WITH);
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    }
    for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new Error(`${method} ${path}: no answer (${(e as Error).cause ?? (e as Error).message})`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { method, path, status: res.status, headers: res.headers, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
  }
}
