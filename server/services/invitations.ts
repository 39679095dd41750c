/**
 * The invited contact's side: the link's token opens the page to set a
 * password (`GET /invitation`), and `POST /invitations/accept` sets it.
 *
 * A link works once, until it expires, and only while it is the contact's
 * latest (a re-send supersedes it, a revocation kills it) and the access has
 * not reached its end (`accessExpiresAt`). A dead link (spent,
 * unknown, superseded, revoked or expired) always gets the same answer, which
 * tells nothing about the account. Accepting turns the access `active`, spends
 * the link, stores the password's scrypt hash, ends the contact's other
 * sessions and writes `invitation-accepted` in the trail. Dead links count
 * as failures of the address in the sign-in throttle (a token cannot be
 * guessed, but each try costs a lookup and the page).
 */
import { addressKey } from '../auth/addresses.js';
import { checkNewPassword, hashPassword } from '../auth/passwords.js';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { type AccessRow, hasEnded } from '../repositories/access.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactRow } from '../repositories/contacts.js';
import type { InvitationRow } from '../repositories/invitations.js';
import { type BodyCheck, Fields } from '../validation.js';
import { hashToken } from './access.js';
import { tooManyAttempts } from './session.js';

export interface LiveInvitation {
  invitation: InvitationRow;
  access: AccessRow;
  contact: ContactRow;
  client: ClientRow;
}

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export const deadLink = (): HttpProblem =>
  new HttpProblem(
    410,
    'This invitation link no longer works: it was already used, replaced by a newer one, or it expired. Ask the person who invited you to send a new one.',
    { type: 'invitation-unusable', title: 'The link no longer works' },
  );

/** The invitation of a token, when its link still works. */
export async function liveInvitation(ctx: AppContext, token: string | undefined, now: Date): Promise<LiveInvitation | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const invitation = await ctx.invitations.findByHash(hashToken(token));
  if (!invitation || invitation.used_at !== null || invitation.invalidated_at !== null) return undefined;
  if (invitation.expires_at <= now.toISOString()) return undefined;
  const access = await ctx.accesses.get(invitation.contact_id);
  if (!access || access.state === 'revoked' || hasEnded(access, now)) return undefined;
  const contact = await ctx.contacts.byId(invitation.contact_id);
  const client = contact ? await ctx.clients.getRow(contact.client_code) : undefined;
  if (!contact || !client) return undefined;
  return { invitation, access, contact, client };
}

/** The language of a token's page: its client's, even when the link is dead; undefined for an unknown token. */
export async function invitationLanguage(ctx: AppContext, token: string | undefined): Promise<'fr' | 'en' | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const invitation = await ctx.invitations.findByHash(hashToken(token));
  const contact = invitation ? await ctx.contacts.byId(invitation.contact_id) : undefined;
  return contact ? (await ctx.clients.getRow(contact.client_code))?.language : undefined;
}

export async function acceptInvitation(ctx: AppContext, body: BodyCheck, address: string): Promise<void> {
  const { config } = ctx;
  const now = ctx.clock();
  const windowMs = config.loginWindowMinutes * 60_000;
  const key = `invitation:${addressKey(address)}`;
  const wait = await ctx.throttle.retryAfter([{ key, max: config.loginMaxFailuresPerAddress }], now, windowMs);
  if (wait > 0) throw tooManyAttempts(wait);

  const shape = new Fields({ body: body.body, errors: body.errors.filter((e) => e.field === 'token') });
  const token = shape.filled('token');
  shape.done();
  const live = await liveInvitation(ctx, token, now);
  if (!live) {
    await ctx.throttle.fail([key], now, windowMs);
    throw deadLink();
  }

  const fields = new Fields({ body: body.body, errors: body.errors.filter((e) => e.field !== 'token') });
  const password = fields.filled('password');
  if (fields.errors().length === 0) for (const e of checkNewPassword(password)) fields.add(e.field, e.code, { message: e.message });
  const confirmation = fields.value<string>('passwordConfirmation');
  if (confirmation !== undefined && confirmation !== password) {
    fields.add('passwordConfirmation', 'password-mismatch', { message: 'passwordConfirmation does not match password.' });
  }
  fields.done();

  const hash = await hashPassword(password, config.passwordHashCost);
  await ctx.contactLocks.run(String(live.contact.id), async () => {
    const at = ctx.clock();
    await ctx.store.transaction(async () => {
      // Again: a re-send, a revocation or another acceptance (here or on another instance) may have come in
      // meanwhile. Spending the link is a conditional write: of two instances, one spends it, the other gets 410.
      const still = await liveInvitation(ctx, token, at);
      if (!still || !(await ctx.invitations.markUsed(still.invitation.id, at))) throw deadLink();
      const access = still.access;
      const iso = at.toISOString();
      await ctx.accesses.replace({
        ...access,
        state: 'active',
        activated_at: access.activated_at ?? iso,
        version: access.version + 1,
        updated_at: iso,
      });
      await ctx.accesses.setPassword(access.contact_id, hash);
      await ctx.sessions.deleteForContact(access.contact_id);
      await ctx.audit.record({
        clientCode: still.client.code,
        contactId: access.contact_id,
        at,
        action: 'invitation-accepted',
        actor: access.user_code,
        address,
        detail: access.state === 'active' ? 'new password set (the access was already active)' : 'password set; access active',
      });
    });
  });
}
