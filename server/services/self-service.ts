/**
 * What a contact does alone (issue 13): asks for a forgotten password's link
 * (`POST /password-resets`), and for a new link when an invitation link no
 * longer works (`POST /invitations/renew`). Either way the mail goes to the
 * address on file, never to one typed in, with a link to the invitation page
 * where the person chooses a password (services/invitations.ts: single use,
 * the contact's sessions end when it is set).
 *
 * Same answer, same work: `POST /password-resets` checks its throttle (per
 * user code as typed, and per address), answers 202 with one body, and only
 * then, in the background, looks the user code up and sends the mail if it
 * names an active access. Neither the answer nor its time tells whether the
 * user code exists.
 *
 * A renewal sends an access not accepted yet a new invitation (`new-link`), and
 * an active one a password link (`password-reset`), at most
 * `RENEWALS_PER_DAY` a day per access (429 past it); the staff history shows
 * the mail as sent at the contact's request (its actor is the user code). An
 * unknown or revoked link gets the same 202 and counts as a failure of the
 * address, like a dead link presented to `POST /invitations/accept`; the link
 * of an access that has ended (`accessExpiresAt`) gets the same 202 and no mail.
 */
import { addressKey } from '../auth/addresses.js';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { hasEnded } from '../repositories/access.js';
import { type BodyCheck, Fields } from '../validation.js';
import { hashToken, sendNewLink } from './access.js';
import type { RequestInfo } from './lookup.js';
import { tooManyAttempts } from './session.js';

/** Forgotten-password requests: per user code as typed, and per address, in an hour. */
export const RESET_LIMITS = { perUserCode: 3, perAddress: 20, windowMinutes: 60 } as const;
/** New links asked for from a dead link's page, per access, in a day. */
export const RENEWALS_PER_DAY = 3;

/** The body of both answers: the same whatever happened. */
export const ACCEPTED = {
  detail: 'If this names an access that can receive one, an e-mail with a link was sent to the address on file.',
} as const;

const pending = new WeakMap<AppContext, Set<Promise<void>>>();

/** Runs `work` after the answer; a failure is logged, not thrown. `drainBackground` waits for it. */
function inBackground(ctx: AppContext, work: () => Promise<void>): void {
  const tasks = pending.get(ctx) ?? new Set<Promise<void>>();
  pending.set(ctx, tasks);
  const task = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((error: unknown) => console.error('self-service mail:', error))
    .finally(() => tasks.delete(task));
  tasks.add(task);
}

/** Waits for the background work under way (the app's close, the tests). */
export async function drainBackground(ctx: AppContext): Promise<void> {
  const tasks = pending.get(ctx);
  while (tasks && tasks.size > 0) await Promise.all([...tasks]);
}

export async function requestPasswordReset(ctx: AppContext, body: BodyCheck, address: string): Promise<typeof ACCEPTED> {
  const fields = new Fields(body);
  const userCode = fields.filled('userCode', { trim: true });
  fields.done();
  const now = ctx.clock();
  const wait = await ctx.throttle.take(
    [
      { key: `reset-user:${userCode.toLowerCase()}`, max: RESET_LIMITS.perUserCode },
      { key: `reset-address:${addressKey(address)}`, max: RESET_LIMITS.perAddress },
    ],
    now,
    RESET_LIMITS.windowMinutes * 60_000,
  );
  if (wait > 0) throw tooManyAttempts(wait);
  inBackground(ctx, () => sendPasswordReset(ctx, userCode, address));
  return ACCEPTED;
}

async function sendPasswordReset(ctx: AppContext, userCode: string, address: string): Promise<void> {
  const found = await ctx.accesses.withUserCode(userCode);
  const contact = found && (await ctx.contacts.byId(found.contact_id));
  const client = contact && (await ctx.clients.getRow(contact.client_code));
  if (!found || !contact || !client) return;
  await ctx.contactLocks.run(String(contact.id), async () => {
    const access = await ctx.accesses.get(contact.id); // again, under the lock
    if (access?.state !== 'active' || hasEnded(access, ctx.clock())) return;
    const info: RequestInfo = { actor: access.user_code, address, now: ctx.clock() };
    await sendNewLink(ctx, { client, contact }, access, 'password-reset', info, ctx.config.passwordResetTtlMinutes);
  });
}

export async function renewInvitation(ctx: AppContext, body: BodyCheck, address: string): Promise<typeof ACCEPTED> {
  const fields = new Fields(body);
  const token = fields.filled('token');
  fields.done();
  const { config } = ctx;
  const now = ctx.clock();
  const windowMs = config.loginWindowMinutes * 60_000;
  const addressLimit = { key: `invitation:${addressKey(address)}`, max: config.loginMaxFailuresPerAddress };
  const blocked = await ctx.throttle.retryAfter([addressLimit], now, windowMs);
  if (blocked > 0) throw tooManyAttempts(blocked);

  const invitation = /^[A-Za-z0-9_-]{20,200}$/.test(token) ? await ctx.invitations.findByHash(hashToken(token)) : undefined;
  const contact = invitation && (await ctx.contacts.byId(invitation.contact_id));
  const client = contact && (await ctx.clients.getRow(contact.client_code));
  const known = contact ? await ctx.accesses.get(contact.id) : undefined;
  if (!contact || !client || !known || known.state === 'revoked') {
    await ctx.throttle.fail([addressLimit.key], now, windowMs);
    return ACCEPTED;
  }
  if (hasEnded(known, now)) return ACCEPTED; // a genuine link, but the access is over: no mail
  const wait = await ctx.throttle.take([{ key: `renew:${contact.id}`, max: RENEWALS_PER_DAY }], now, 24 * 3_600_000);
  if (wait > 0) throw tooManyRenewals(wait);

  await ctx.contactLocks.run(String(contact.id), async () => {
    const access = await ctx.accesses.get(contact.id); // again, under the lock
    if (!access || access.state === 'revoked' || hasEnded(access, ctx.clock())) return;
    const info: RequestInfo = { actor: access.user_code, address, now: ctx.clock() };
    if (access.state === 'active') await sendNewLink(ctx, { client, contact }, access, 'password-reset', info, config.passwordResetTtlMinutes);
    else await sendNewLink(ctx, { client, contact }, access, 'new-link', info, config.invitationTtlHours * 60);
  });
  return ACCEPTED;
}

const tooManyRenewals = (retryAfter: number): HttpProblem =>
  new HttpProblem(429, `A new link was already sent ${RENEWALS_PER_DAY} times today for this access. Try again later, or ask the person who invited you.`, {
    type: 'too-many-renewals',
    headers: { 'retry-after': String(retryAfter) },
  });
