/**
 * The server's own pages and their assets, the security headers of every
 * response, and the demo's automatic staff sign-in.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveActor } from '../auth/authenticate.js';
import { isLoopbackAddress, isLoopbackHost } from '../auth/hosts.js';
import type { AppContext } from '../context.js';
import { deadInvitationPage, invitationPage } from '../pages/invitation.js';
import { DEMO_CSP, PAGE_CSP, acceptedLanguage } from '../pages/layout.js';
import { passwordResetPage } from '../pages/password-reset.js';
import { portalPage } from '../pages/portal.js';
import { clientLanguage } from '../services/clients.js';
import { invitationLanguage, liveInvitation } from '../services/invitations.js';
import { signInDemoStaff } from '../services/session.js';
import { tokenCss } from '../../src/internal/tokens.js';

const ASSETS: Record<string, string> = {
  'form.js': 'text/javascript; charset=utf-8',
  'invitation.js': 'text/javascript; charset=utf-8',
  'portal.js': 'text/javascript; charset=utf-8',
  'password-reset.js': 'text/javascript; charset=utf-8',
  'pages.css': 'text/css; charset=utf-8',
  'tokens.css': 'text/css; charset=utf-8',
};

/** The path of a request, without its query string. */
function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

export function registerPages(app: FastifyInstance, ctx: AppContext): void {
  // The demo host page: no inline script (it loads the bundle and demo.js). Every answer's headers: app.ts.
  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request);
    if ((path === '/' || path === '/index.html') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', DEMO_CSP);
    }
    return payload;
  });

  // The demo host page signs the browser in as staff user `demo`: in the demo, for loopback hosts only.
  if (ctx.config.demoLogin && ctx.config.mode === 'demo') {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || (pathOf(request) !== '/' && pathOf(request) !== '/index.html')) return;
      if (!isLoopbackHost(request) || !isLoopbackAddress(request.socket.remoteAddress)) return; // (HOST may open the port to others)
      await signInDemoStaff(ctx, request, reply);
    });
  }

  const html = (reply: import('fastify').FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-store');

  app.get<{ Querystring: { token?: string | string[] } }>('/invitation', async (request, reply) => {
    // The token is in the URL: never send it anywhere in a Referer.
    html(reply).header('referrer-policy', 'no-referrer');
    const raw = request.query.token;
    const token = typeof raw === 'string' ? raw : undefined;
    const live = await liveInvitation(ctx, token, ctx.clock());
    const language = live?.client.language ?? (await invitationLanguage(ctx, token)) ?? acceptedLanguage(request.headers['accept-language']);
    if (!live) return reply.code(410).send(deadInvitationPage(language));
    return invitationPage(language, token!, live);
  });

  app.get<{ Querystring: { lang?: unknown } }>('/password-reset', async (request, reply) => {
    html(reply).header('referrer-policy', 'no-referrer');
    const asked = request.query.lang;
    return passwordResetPage(asked === 'fr' || asked === 'en' ? asked : acceptedLanguage(request.headers['accept-language']));
  });

  app.get<{ Querystring: { lang?: unknown } }>('/portal', async (request, reply) => {
    html(reply).header('referrer-policy', 'no-referrer');
    // The signed-in contact's client language; before sign-in ?lang= (the invitation page's link), else Accept-Language.
    const asked = request.query.lang;
    let language = asked === 'fr' || asked === 'en' ? asked : acceptedLanguage(request.headers['accept-language']);
    let signedIn = false;
    try {
      const actor = await resolveActor(ctx, request, reply, { enforceAddress: false });
      signedIn = actor !== null;
      language = (actor?.contact && (await clientLanguage(ctx, actor.contact.clientCode))) || language;
    } catch {
      // A broken session (a bad bearer token) reads as none here; the script shows the sign-in.
    }
    return portalPage(language, signedIn);
  });

  const assets = new Map(
    Object.keys(ASSETS).filter((name) => name !== 'tokens.css').map((name) => [name, readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8')]),
  );
  // The design tokens of the elements (src/internal/tokens.ts, the one source) for the pages that are not elements.
  assets.set('tokens.css', `/* Generated from src/internal/tokens.ts: light, dark (color-scheme), high contrast. */\n${tokenCss(':root')}\n`);
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const body = assets.get(request.params.name);
    if (body === undefined) return reply.callNotFound();
    return reply.type(ASSETS[request.params.name]!).header('cache-control', 'no-cache').send(body);
  });
}
