/**
 * Session cookies. The cookie holds 32 random bytes (base64url); the table
 * holds only their SHA-256, so a copy of the database opens no session. A
 * session ends after `sessionIdleHours` without a request or
 * `sessionMaxHours` after sign-in, at sign-out, and (for a contact) when its
 * access is revoked or reaches its end (`accessExpiresAt`, checked at each
 * request by authenticate.ts), its user code changes or it sets a new password.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { SessionRow } from '../repositories/sessions.js';

export const SESSION_COOKIE = 'cae_session';
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** The value of cookie `name` in the request, if any. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookieAttributes(ctx: AppContext): string {
  const secure = ctx.config.publicUrl.startsWith('https:') ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Lax${secure}`;
}

function appendSetCookie(reply: FastifyReply, value: string): void {
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${SESSION_COOKIE}=`)), value]);
}

/** Opens a session: stores its hash, sets the cookie. Returns the hash. */
export async function openSession(
  ctx: AppContext,
  reply: FastifyReply,
  who: { kind: 'staff' | 'contact'; userCode: string; contactId: number | null; address: string },
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const idHash = hashSessionId(id);
  const now = ctx.clock();
  const config = ctx.config;
  await ctx.sessions.purge(new Date(now.getTime() - config.sessionIdleHours * 3_600_000), new Date(now.getTime() - config.sessionMaxHours * 3_600_000));
  await ctx.sessions.insert({
    id_hash: idHash,
    kind: who.kind,
    user_code: who.userCode,
    contact_id: who.contactId,
    address: who.address,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
  });
  appendSetCookie(reply, `${SESSION_COOKIE}=${id}; ${cookieAttributes(ctx)}`);
  return idHash;
}

/** Tells the browser to forget the cookie. */
export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  appendSetCookie(reply, `${SESSION_COOKIE}=; ${cookieAttributes(ctx)}; Max-Age=0`);
}

/** The live session of the request's cookie (touched), or undefined (none, unknown or expired). */
export async function currentSession(ctx: AppContext, request: FastifyRequest): Promise<SessionRow | undefined> {
  const id = readCookie(request, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const row = await ctx.sessions.get(hashSessionId(id));
  if (!row) return undefined;
  const now = ctx.clock().getTime();
  const idleLimit = Date.parse(row.last_seen_at) + ctx.config.sessionIdleHours * 3_600_000;
  const maxLimit = Date.parse(row.created_at) + ctx.config.sessionMaxHours * 3_600_000;
  if (now >= idleLimit || now >= maxLimit) {
    await ctx.sessions.delete(row.id_hash);
    return undefined;
  }
  if (now - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) await ctx.sessions.touch(row.id_hash, new Date(now));
  return row;
}
