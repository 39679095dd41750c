/**
 * Authentication of the API calls, the cross-site request check and CORS.
 *
 * Every call under /api/v1 except the public ones (sign-in, sign-out, accept
 * an invitation) needs either `Authorization: Bearer <API_TOKEN>` (the host
 * backend's service token: rights on every client), a live host-issued token
 * (`Authorization: Bearer <token>` from POST /host-tokens: its clients only),
 * or a live session cookie (a staff user, or a contact signed in on the
 * portal). Otherwise 401.
 *
 * Cross-site requests (for every call that is not authenticated by the
 * bearer token, i.e. that a browser's cookies could carry): a state-changing
 * method (anything but GET/HEAD/OPTIONS) needs the `X-Requested-With` header,
 * which a cross-site HTML form cannot send and a cross-origin `fetch` can
 * send only after a CORS preflight that we answer for the configured origins
 * only; and `Origin` / `Sec-Fetch-Site`, when the browser sends them, must
 * say the request comes from this site or from a configured origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '../problem.js';
import { hasEnded } from '../repositories/access.js';
import { addressAllowed } from './addresses.js';
import { clearSessionCookie, currentSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The call needs no authentication (sign-in, sign-out, invitation). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_HEADERS = 'Content-Type, Accept, Authorization, X-Requested-With, Idempotency-Key, If-Match, Last-Event-ID';
const EXPOSED_HEADERS = 'ETag, Location, Retry-After, Idempotent-Replayed';

const API_TOKEN_ACTOR_NAME = 'API token';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export const unauthenticated = (): HttpProblem =>
  new HttpProblem(401, 'Sign in first (a session cookie), or send the service token (Authorization: Bearer ...).', {
    type: 'unauthenticated',
    title: 'Not signed in',
  });

export const addressNotAllowed = (): HttpProblem =>
  new HttpProblem(403, 'This access may not be used from your network address. Ask the person who gave you the access.', {
    type: 'address-not-allowed',
    title: 'Not allowed from this address',
  });

/**
 * The actor of a request: the bearer token's, the session's, or null. A
 * wrong bearer token is a 401 (never a fall-back to the cookie). A contact
 * whose access no longer allows it (revoked, user code changed, password
 * reset, its end passed) has no session any more; one outside its allowed addresses gets 403.
 */
export async function resolveActor(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { enforceAddress?: boolean } = {},
): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = ctx.config.apiToken;
    const presented = match ? sha256(match[1]!) : undefined;
    if (presented && token && timingSafeEqual(presented, sha256(token))) {
      return { kind: 'api-token', id: 'api-token', name: API_TOKEN_ACTOR_NAME, clients: 'all', via: 'bearer' };
    }
    const host = presented && (await ctx.hostTokens.get(presented.toString('hex')));
    if (host && Date.parse(host.expires_at) > ctx.clock().getTime()) {
      return {
        kind: 'host',
        id: `host:${host.user_id}`,
        name: host.user_name,
        clients: new Set(JSON.parse(host.client_codes) as string[]),
        via: 'bearer',
      };
    }
    throw new HttpProblem(401, 'The bearer token is not valid, or it has expired.', { type: 'unauthenticated', title: 'Not signed in' });
  }

  const session = await currentSession(ctx, request);
  if (!session) {
    if (request.headers.cookie?.includes('cae_session=')) clearSessionCookie(ctx, reply);
    return null;
  }
  if (session.kind === 'staff') {
    const user = await ctx.staff.get(session.user_code);
    if (!user) return dropSession(ctx, reply, session.id_hash);
    return {
      kind: 'staff',
      id: user.user_code,
      name: user.name,
      clients: await ctx.staff.clientsOf(user.user_code),
      via: 'cookie',
      sessionHash: session.id_hash,
    };
  }
  const access = session.contact_id === null ? undefined : await ctx.accesses.get(session.contact_id);
  if (
    !access ||
    access.state !== 'active' ||
    hasEnded(access, ctx.clock()) ||
    !access.password_hash ||
    access.user_code.toLowerCase() !== session.user_code.toLowerCase()
  ) {
    return dropSession(ctx, reply, session.id_hash);
  }
  const contact = await ctx.contacts.byId(access.contact_id);
  if (!contact) return dropSession(ctx, reply, session.id_hash);
  if (options.enforceAddress !== false && !addressAllowed(request.ip, JSON.parse(access.allowed_ips) as string[])) {
    throw addressNotAllowed();
  }
  return {
    kind: 'contact',
    id: access.user_code,
    name: contact.name,
    clients: new Set([contact.client_code]),
    contact: { id: access.contact_id, clientCode: contact.client_code, branchId: access.branch_id },
    via: 'cookie',
    sessionHash: session.id_hash,
  };
}

async function dropSession(ctx: AppContext, reply: FastifyReply, idHash: string): Promise<null> {
  await ctx.sessions.delete(idHash);
  clearSessionCookie(ctx, reply);
  return null;
}

/** The origin `scheme://host[:port]` of a URL, or undefined. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Is `origin` this site (PUBLIC_URL's origin, or the Host the request was sent to) or a configured one? */
function trustedOrigin(ctx: AppContext, request: FastifyRequest, origin: string): boolean {
  if (origin === originOf(ctx.config.publicUrl)) return true;
  if (ctx.config.corsOrigins.includes(origin)) return true;
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** The cross-site request check of a state-changing call that a browser's cookies could carry. */
export function checkCrossSite(ctx: AppContext, request: FastifyRequest): void {
  const refuse = (why: string) =>
    new HttpProblem(403, `Refused as a possible cross-site request: ${why}.`, { type: 'cross-site-request', title: 'Cross-site request refused' });
  const requestedWith = request.headers['x-requested-with'];
  if (typeof requestedWith !== 'string' || requestedWith.trim() === '') {
    throw refuse('the X-Requested-With header is missing (the elements send it; a host sends it on every state-changing call)');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !trustedOrigin(ctx, request, origin)) throw refuse(`the origin ${JSON.stringify(origin.slice(0, 100))} is not allowed`);
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    if (origin === undefined || !ctx.config.corsOrigins.includes(origin)) throw refuse(`Sec-Fetch-Site is ${site} and the origin is not a configured one`);
  }
}

function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toJSON()));
}

/**
 * CORS for /api/v1: only the configured origins get the Access-Control
 * headers (with credentials); a preflight from another origin is a 403.
 */
export function registerCors(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    const listed = origin !== undefined && ctx.config.corsOrigins.includes(origin);
    if (listed) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      if (!listed) {
        return sendProblem(reply, new HttpProblem(403, 'This origin may not call the API from a browser (CORS).', { type: 'cors-origin-not-allowed' }));
      }
      reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
    return undefined;
  });
}

/** The API's authentication and cross-site checks (registered inside the /api/v1 plugin). */
export function registerApiAuthentication(api: FastifyInstance, ctx: AppContext): void {
  api.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const isPublic = request.routeOptions.config.public === true;
    // The public calls (sign-in, sign-out) work from any address: they only replace or end the session.
    request.actor = await resolveActor(ctx, request, reply, { enforceAddress: !isPublic });
    if (request.actor?.via !== 'bearer' && !SAFE_METHODS.has(request.method)) checkCrossSite(ctx, request);
    if (!request.actor && !isPublic) throw unauthenticated();
  });
}
