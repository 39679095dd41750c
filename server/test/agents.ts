/**
 * Test helpers for the security tests: a cookie-keeping "browser" over the
 * harness's contract-checked `request()`, and the steps of the invitation
 * (grant with the service token, read the link in the mailbox, accept).
 */
import assert from 'node:assert/strict';
import type { Access, Contact } from '../../src/api/types.js';
import { PUBLIC_URL, type ApiResponse, type RequestOptions, type TestServer } from './harness.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Like a browser: keeps the session cookie and, like the elements, sends X-Requested-With on state-changing calls. */
export class Agent {
  cookie: string | undefined;
  /** Extra headers on every request (X-Forwarded-For, Origin...). */
  headers: Record<string, string>;

  constructor(
    private readonly server: TestServer,
    headers: Record<string, string> = {},
  ) {
    this.headers = headers;
  }

  /** `bare`: no X-Requested-With (what a cross-site form sends). */
  async request<T = unknown>(method: string, path: string, options: RequestOptions & { bare?: boolean } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...this.headers, ...options.headers };
    if (this.cookie) headers['cookie'] = `cae_session=${this.cookie}`;
    if (!SAFE.has(method) && !options.bare && !('x-requested-with' in headers)) headers['x-requested-with'] = 'client-access-elements';
    const res = await this.server.request<T>(method, path, { ...options, headers, anonymous: true });
    for (const cookie of res.headers.getSetCookie()) {
      const m = /^cae_session=([^;]*)/.exec(cookie);
      if (m) this.cookie = m[1] === '' || /Max-Age=0/i.test(cookie) ? undefined : m[1];
    }
    return res;
  }

  signIn(userCode: string, password: string, headers: Record<string, string> = {}) {
    return this.request<{ kind: string; userCode: string; name: string; clientId: string | null }>('POST', '/api/v1/session', {
      json: { userCode, password },
      headers,
    });
  }
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  language: string;
  links: string[];
}

export async function mailbox(server: TestServer): Promise<Mail[]> {
  const res = await server.request<{ items: Mail[] }>('GET', '/dev/mailbox.json');
  assert.equal(res.status, 200);
  return res.body.items;
}

const LINK = new RegExp(`^${PUBLIC_URL.replace(/[.]/g, '\\.')}/invitation\\?token=([A-Za-z0-9_-]{43})$`);

/** The token of the newest invitation mail to `email`. */
export async function latestToken(server: TestServer, email: string): Promise<string> {
  const mail = (await mailbox(server)).find((m) => m.to === email);
  assert.ok(mail, `no mail to ${email}`);
  const link = mail.links.find((l) => LINK.test(l));
  assert.ok(link, `no invitation link in ${mail.text}`);
  return LINK.exec(link)![1]!;
}

let serial = 0;

export interface Invited {
  contact: Contact;
  access: Access;
  /** `/api/v1/clients/{client}/contacts/{id}` */
  base: string;
  userCode: string;
  email: string;
  token: string;
}

/** Creates a contact and grants it an access with the invitation (service token); returns the link's token. */
export async function invite(
  server: TestServer,
  client: string,
  access: { allowedIps?: string[]; branchId?: string | null; name?: string } = {},
): Promise<Invited> {
  serial++;
  const email = `invite.${serial}.${Date.now()}@example.com`;
  const created = await server.request<Contact>('POST', `/api/v1/clients/${client}/contacts`, {
    json: { name: access.name ?? `Invité ${serial}`, email, phone: `514 555-${String(1000 + serial).slice(-4)}` },
  });
  assert.equal(created.status, 201);
  const base = `/api/v1/clients/${client}/contacts/${created.body.id}`;
  const userCode = `user${serial}-${created.body.id}`;
  const saved = await server.request<Access>('PUT', `${base}/access`, {
    json: { userCode, email, allowedIps: access.allowedIps ?? [], branchId: access.branchId ?? null, sendInvitation: true },
  });
  assert.equal(saved.status, 200, saved.text);
  return { contact: created.body, access: saved.body, base, userCode, email, token: await latestToken(server, email) };
}

export const GOOD_PASSWORD = 'Lac-Saint-Jean en canot 2026';

/** Accepts the invitation (anonymous, as the invitation page does). */
export function accept(server: TestServer, token: string, password = GOOD_PASSWORD, headers: Record<string, string> = {}) {
  return new Agent(server, headers).request('POST', '/api/v1/invitations/accept', { json: { token, password, passwordConfirmation: password } });
}

/** A contact with an active access, signed in. */
export async function signedInContact(
  server: TestServer,
  client: string,
  access: Parameters<typeof invite>[2] = {},
  headers: Record<string, string> = {},
): Promise<Invited & { agent: Agent }> {
  const invited = await invite(server, client, access);
  assert.equal((await accept(server, invited.token, GOOD_PASSWORD, headers)).status, 204);
  const agent = new Agent(server, headers);
  const res = await agent.signIn(invited.userCode, GOOD_PASSWORD);
  assert.equal(res.status, 200, res.text);
  return { ...invited, agent };
}
