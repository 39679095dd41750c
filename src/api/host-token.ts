/**
 * A token the host's backend minted for the signed-in user (`POST /api/v1/host-tokens`
 * on the reference backend): a bearer token and, when known, when it expires.
 */
export interface HostToken {
  token: string;
  /** ISO 8601 date-time, a `Date` or epoch milliseconds; without it the token is kept until a 401. */
  expiresAt?: string | Date | number | null;
}

/** The host's callback: asks its own backend for a token (a bare string works too). */
export type GetToken = () => Promise<HostToken | string> | HostToken | string;

interface Held {
  token: string;
  /** Epoch ms after which the token is asked for again; Infinity when the expiry is unknown. */
  renewAt: number;
}

/** How long before its expiry a token is renewed: 30 s, or a tenth of its life when that is shorter. */
const RENEW_MARGIN_MS = 30_000;

/**
 * Holds the host's token for a `RestBackend`: asks `getToken()` before the first
 * request, again shortly before the token expires, and again when the backend
 * answered 401 to it. Concurrent requests share one pending call to `getToken()`.
 */
export class TokenKeeper {
  private held: Promise<Held> | null = null;

  constructor(
    private readonly getToken: GetToken,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token to send now. */
  async token(): Promise<string> {
    const current = this.held;
    if (current) {
      const held = await current.catch(() => null);
      if (held && this.now() < held.renewAt) return held.token;
      // Failed or due for renewal: the first request to notice asks again, the others share it.
      if (this.held === current) this.held = null;
    }
    this.held ??= this.ask();
    return (await this.held).token;
  }

  /** The backend refused `token` (401): the next `token()` asks the host again, once for every caller. */
  refused(token: string): void {
    const current = this.held;
    if (!current) return;
    this.held = current.then(
      (held) => (held.token === token ? this.ask() : held),
      () => this.ask(),
    );
  }

  private async ask(): Promise<Held> {
    const asked = this.now();
    const answer = await this.getToken();
    const { token, expiresAt } = typeof answer === 'string' ? { token: answer, expiresAt: null } : answer;
    if (typeof token !== 'string' || token === '') throw new TypeError('getToken() gave no token.');
    const expiry = expiresAt == null ? Infinity : new Date(expiresAt).getTime();
    const margin = Math.min(RENEW_MARGIN_MS, Math.max(0, (expiry - asked) / 10));
    return { token, renewAt: Number.isNaN(expiry) ? Infinity : expiry - margin };
  }
}
