/**
 * Sign-in (`POST /session`) for staff users and portal contacts alike.
 *
 * Against guessing: failures are counted per user code and per address
 * (IPv6: per /64) in a window that starts at the first failure; at the limit
 * the key answers 429 (with Retry-After) until the window ends, without
 * looking at the password. Each attempt is counted as a failure *before* the
 * password is hashed (atomically with the check), and given back on success,
 * so parallel guesses cannot slip past the limit while the first ones are
 * being verified. A success clears its user code's counter (not the
 * address's: a valid account must not launder a spray of guesses).
 *
 * Same answer, same work: an unknown user code, a wrong password, an access
 * not active yet or revoked all answer the same 401 after one scrypt
 * verification (against a dummy hash when there is no usable one), so
 * neither the answer nor its time tells whether the user code exists. Only a
 * right password gets a 403 saying why it cannot be used: the access has
 * ended (`accessExpiresAt`), or the address is outside the allowed ones. Refusals and sign-ins of contacts go to their access's trail.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../../src/api/types.js';
import type { Actor } from '../actor.js';
import { addressAllowed, addressKey } from '../auth/addresses.js';
import { addressNotAllowed } from '../auth/authenticate.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { clearSessionCookie, currentSession, openSession } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import { DEMO_STAFF } from '../db/seed.js';
import { HttpProblem } from '../problem.js';
import { type AccessRow, hasEnded } from '../repositories/access.js';
import { type BodyCheck, Fields } from '../validation.js';

const dummyHashes = new WeakMap<AppContext, Promise<string>>();

/** A hash of a random password with the app's cost: what an unknown user code is verified against. */
function dummyHash(ctx: AppContext): Promise<string> {
  let hash = dummyHashes.get(ctx);
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64url'), ctx.config.passwordHashCost);
    dummyHashes.set(ctx, hash);
  }
  return hash;
}

/** Computes the dummy hash ahead of the first sign-in (so that one is not slower). */
export function prepareSignIn(ctx: AppContext): Promise<string> {
  return dummyHash(ctx);
}

export const tooManyAttempts = (retryAfter: number): HttpProblem =>
  new HttpProblem(429, `Too many failed attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, {
    type: 'too-many-attempts',
    headers: { 'retry-after': String(retryAfter) },
  });

/** The right password of an access past its end (`accessExpiresAt`). */
export const accessEnded = (): HttpProblem =>
  new HttpProblem(403, 'This access has ended. Ask the person who gave you the access to extend it.', { type: 'access-ended', title: 'Access ended' });

const invalidCredentials = (): HttpProblem =>
  new HttpProblem(401, 'The user code or the password is wrong.', { type: 'invalid-credentials', title: 'Sign-in refused' });

function credentials(body: BodyCheck): { userCode: string; password: string } {
  const fields = new Fields(body);
  const credentials = { userCode: fields.filled('userCode', { trim: true }), password: fields.filled('password') };
  fields.done();
  return credentials;
}

/** The demo page's automatic sign-in: a session as staff user `demo`, unless the browser has one or `demo` does not exist. */
export async function signInDemoStaff(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if ((await currentSession(ctx, request)) || !(await ctx.staff.exists(DEMO_STAFF))) return;
  await openSession(ctx, reply, { kind: 'staff', userCode: DEMO_STAFF, contactId: null, address: request.ip });
}

export function sessionOf(actor: Actor): Session {
  if (actor.kind === 'contact') {
    return { kind: 'contact', userCode: actor.id, name: actor.name, clientId: actor.contact!.clientCode };
  }
  return { kind: 'staff', userCode: actor.id, name: actor.name, clientId: null };
}

export async function signIn(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, body: BodyCheck): Promise<Session> {
  const { userCode, password } = credentials(body);
  const { config } = ctx;
  const now = ctx.clock();
  const windowMs = config.loginWindowMinutes * 60_000;
  const address = request.ip;
  const userKey = `user:${userCode.toLowerCase()}`;
  const addrKey = `address:${addressKey(address)}`;
  const keys = [
    { key: userKey, max: config.loginMaxFailuresPerUser },
    { key: addrKey, max: config.loginMaxFailuresPerAddress },
  ];

  const staff = await ctx.staff.get(userCode);
  const access: AccessRow | undefined = staff ? undefined : await ctx.accesses.withUserCode(userCode);
  const audit = async (action: 'login' | 'login-refused', detail: string) => {
    if (access) {
      const contact = await ctx.contacts.byId(access.contact_id);
      await ctx.audit.record({
        clientCode: contact?.client_code ?? '',
        contactId: access.contact_id,
        at: now,
        action,
        actor: access.user_code,
        address,
        detail,
      });
    }
  };

  const retryAfter = await ctx.throttle.take(keys, now, windowMs);
  if (retryAfter > 0) throw tooManyAttempts(retryAfter);

  const usable = staff?.password_hash ?? (access?.state === 'active' ? access.password_hash : null) ?? null;
  const verified = await verifyPassword(password, usable ?? (await dummyHash(ctx)));
  const refuse = async (detail: string, problem: HttpProblem): Promise<never> => {
    // (The failure was counted by take().)
    const blocked = (await ctx.throttle.retryAfter(keys, now, windowMs)) > 0;
    await audit('login-refused', blocked ? `${detail}; further attempts blocked for ${config.loginWindowMinutes} min` : detail);
    throw problem;
  };
  if (!verified || usable === null) {
    let why = 'wrong password';
    if (access?.state === 'revoked') why = 'access revoked';
    else if (access && access.state !== 'active') why = 'access not active yet (invitation not accepted)';
    return refuse(why, invalidCredentials());
  }
  if (access && hasEnded(access, now)) return refuse('access ended', accessEnded());
  if (access && !addressAllowed(address, JSON.parse(access.allowed_ips) as string[])) {
    return refuse('address outside the allowed addresses', addressNotAllowed());
  }

  await ctx.throttle.reset(userKey);
  await ctx.throttle.refund(addrKey);
  // A new session id at every sign-in; the one the browser had (if any) ends.
  if (request.actor?.sessionHash) await ctx.sessions.delete(request.actor.sessionHash);
  await openSession(ctx, reply, {
    kind: staff ? 'staff' : 'contact',
    userCode: staff ? staff.user_code : access!.user_code,
    contactId: access ? access.contact_id : null,
    address,
  });
  if (staff) return { kind: 'staff', userCode: staff.user_code, name: staff.name, clientId: null };
  await audit('login', 'signed in');
  const contact = (await ctx.contacts.byId(access!.contact_id))!;
  return { kind: 'contact', userCode: access!.user_code, name: contact.name, clientId: contact.client_code };
}

export async function signOut(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.actor?.sessionHash) await ctx.sessions.delete(request.actor.sessionHash);
  clearSessionCookie(ctx, reply);
}
