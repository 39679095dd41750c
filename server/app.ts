/**
 * The reference backend: `buildApp(options)` returns a fastify instance (not
 * listening yet) with the API under /api/v1, the demo host page at /, the
 * elements' build at /dist/ and, in the demo, the development mailbox at
 * /dev/mailbox. `main.ts` builds it from the environment; the tests build it
 * directly.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { registerActor } from './actor.js';
import { registerApiAuthentication, registerCors } from './auth/authenticate.js';
import { isLoopbackAddress, isLoopbackHost, registerHostCheck } from './auth/hosts.js';
import { hashPassword, verifyPassword } from './auth/passwords.js';
import { type AppConfig, type AppOptions, resolveConfig } from './config.js';
import { closeWhenIdle } from './closing.js';
import { type AppContext, createContext } from './context.js';
import { isDatabaseUnavailable, openDatabase } from './db/database.js';
import { BIG_CLIENT, DEMO_STAFF, TRAINEE_STAFF, seedBigClient, seedReferenceData, seedStaffUsers } from './db/seed.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, TITLES, databaseUnavailable, problemBody } from './problem.js';
import { registerApiRoutes } from './routes/api.js';
import { registerDevRoutes } from './routes/dev.js';
import { registerHealth } from './routes/health.js';
import { registerPages } from './routes/pages.js';
import { drainBackground } from './services/self-service.js';
import { prepareSignIn } from './services/session.js';

/** Bodies above this size are refused with 413. */
export const BODY_LIMIT = 64 * 1024;
/** JSON bodies nested deeper than this are refused with 400 before anything walks them. */
export const MAX_JSON_DEPTH = 32;

/** Is `text` (JSON) nested deeper than `max` arrays and objects? One pass, no recursion. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The URL as the log shows it: the query strings of the invitation page and
 * of the invitation calls carry live tokens, so they are cut.
 */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const path = url.slice(0, q);
  return path === '/invitation' || path.startsWith('/api/v1/invitations/') ? `${path}?[redacted]` : url;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's repositories, config and services (tests read the database through it). */
    ctx: AppContext;
    /** The password of the seeded staff users (DEMO_STAFF_PASSWORD, or the random one of this start). */
    demoStaffPassword: string | undefined;
  }
}

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const config: AppConfig = resolveConfig(options);
  const { store } = await openDatabase({ path: config.database, url: config.databaseUrl, poolSize: config.databasePoolSize });
  const ctx = createContext(config, store);
  // On a database without the reference data (new); once, whatever the number of instances starting together.
  if (config.seed) await seedReferenceData(store, config.clock());
  if (config.bigClientContacts > 0 && (await seedBigClient(store, config.bigClientContacts, config.clock()))) {
    await ctx.contacts.prepareList(BIG_CLIENT); // its pages at any offset are fast from the first one
  }
  // The demo's staff users only in the demo; an unchanged password keeps its hash (and their sessions).
  let demoStaffPassword: string | undefined;
  if (config.mode === 'demo' && config.seed) {
    const password = config.demoStaffPassword ?? randomBytes(12).toString('base64url');
    const hashFor = async (userCode: string) => {
      const stored = (await ctx.staff.get(userCode))?.password_hash;
      if (stored && (await verifyPassword(password, stored))) return stored;
      return hashPassword(password, config.passwordHashCost);
    };
    const [demo, trainee] = await Promise.all([hashFor(DEMO_STAFF), hashFor(TRAINEE_STAFF)]);
    await seedStaffUsers(store, { demo, trainee }, config.clock());
    demoStaffPassword = password;
  }
  await ctx.outbox.start(ctx);
  ctx.live.start();
  await prepareSignIn(ctx);

  // The client's address: the socket's, or X-Forwarded-For behind the trusted proxies only.
  const trustProxy = config.trustProxy.length > 0 ? config.trustProxy : false;
  let connections: ReturnType<typeof closeWhenIdle> | undefined;
  const app = Fastify({
    logger: logger(config),
    bodyLimit: BODY_LIMIT,
    trustProxy,
    // A body sent one byte at a time must not hold a connection for ever.
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
          // (fastify's own server keeps 72 s; Node's, made here, would close after 5 s)
          keepAliveTimeout: config.keepAliveTimeoutMs,
          connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(config.requestTimeoutMs / 4))),
        },
        handler,
      );
      connections = closeWhenIdle(server);
      return server;
    },
    // The router's own 400 (a malformed URL): a problem, with the security headers, without the URL.
    frameworkErrors: (error, _request, reply) => {
      const status = typeof (error as FastifyError).statusCode === 'number' ? (error as FastifyError).statusCode! : 400;
      const body = problemBody(status, status === 400 ? 'The request URL is malformed.' : (TITLES[status] ?? 'The request failed.'));
      const answer = (reply as FastifyReply).code(status).type(PROBLEM_CONTENT_TYPE);
      setSecurityHeaders(answer, config); // (the router's errors skip the onSend hooks)
      void answer.send(JSON.stringify(body));
    },
  });
  app.decorate('ctx', ctx);
  app.decorate('demoStaffPassword', demoStaffPassword);
  // Closing ends each kept-alive connection once it answers nothing (closing.ts). Registered before the
  // other preClose hooks: a live stream one of them ends then ends its connection.
  app.addHook('preClose', async () => connections?.closeIdle());
  app.addHook('onClose', async () => {
    await drainBackground(ctx);
    await ctx.live.stop();
    await ctx.outbox.stop();
    ctx.mail.close();
    await store.close();
  });

  // Only JSON bodies: without the default text/plain parser, anything else is
  // a 415. An empty body labelled JSON is no body (a DELETE or POST .../invitation
  // sent with a host's blanket Content-Type); the calls that need one say so.
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.length === 0) done(null, undefined);
    else if (nestedDeeperThan(text, MAX_JSON_DEPTH)) done(new HttpProblem(400, `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    else parseJson(request, text, done);
  });
  registerSecurityHeaders(app, config);
  registerHostCheck(app, config);
  registerActor(app);
  registerProblemHandlers(app);
  registerCors(app, ctx);
  registerHealth(app, ctx);
  registerPages(app, ctx);

  await app.register(
    async (api) => {
      registerApiAuthentication(api, ctx);
      registerApiRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  // The development mailbox shows live links: only in the demo, only when the mail goes nowhere else,
  // only to this machine, never framed nor cached.
  if (config.mode === 'demo' && !config.smtpUrl && !config.mailTransport) {
    await app.register(async (dev) => {
      dev.addHook('onRequest', async (request, reply) => {
        reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY');
        if (!isLoopbackHost(request) || !isLoopbackAddress(request.socket.remoteAddress)) {
          throw new HttpProblem(403, 'The development mailbox is for this machine only.', { type: 'loopback-only' });
        }
      });
      dev.addHook('onSend', async (_request, reply, payload) => {
        const csp = reply.getHeader('content-security-policy');
        if (typeof csp === 'string' && !csp.includes('frame-ancestors')) reply.header('content-security-policy', `${csp}; frame-ancestors 'none'`);
        return payload;
      });
      registerDevRoutes(dev, ctx);
    });
  }
  await registerStatic(app, config);
  return app;
}

/** fastify's logger, with the URLs that carry tokens cut. */
function logger(config: AppConfig): boolean | object {
  if (config.logger === false) return false;
  const { level, stream } = config.logger === true ? { level: 'info', stream: undefined } : config.logger;
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: loggedUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * The headers of every answer, ours and fastify's own errors alike: no MIME
 * sniffing, no framing, no Referer beyond this site, a closed CSP unless the
 * route set its own, and HSTS when the public URL is https.
 */
function registerSecurityHeaders(app: FastifyInstance, config: AppConfig): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    setSecurityHeaders(reply, config);
    return payload;
  });
}

function setSecurityHeaders(reply: FastifyReply, config: AppConfig): void {
  reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
  if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
  // Not on a 304: the browser merges its headers into the cached answer's, so a
  // closed CSP there would replace a page's own (a reloaded demo page loaded nothing).
  if (!reply.hasHeader('content-security-policy') && reply.statusCode !== 304 && !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
    reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  }
  if (config.publicUrl.startsWith('https:')) reply.header('strict-transport-security', 'max-age=31536000');
}

/** Every error, ours or fastify's, leaves as application/problem+json. */
function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | HttpProblem | Error, request, reply) => {
    let body;
    let error = thrown;
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'the database does not answer');
      error = databaseUnavailable();
    }
    if (error instanceof HttpProblem) {
      body = error.toJSON();
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    } else {
      const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        body = problemBody(status, 'The server failed to handle the request.');
      } else {
        body = problemBody(status, clientErrorDetail(error as FastifyError, status));
      }
    }
    return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });

  app.setNotFoundHandler((_request, reply) => {
    const body = problemBody(404, 'There is nothing at this address.');
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
}

function clientErrorDetail(error: FastifyError, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The request body must be JSON (Content-Type: application/json).';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is larger than ${BODY_LIMIT} bytes.`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty; a JSON object is required.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
    default:
      if (error instanceof SyntaxError) return 'The request body is not valid JSON.';
      return status === 400 ? 'The request is malformed.' : (TITLES[status] ?? 'The request failed.');
  }
}

async function registerStatic(app: FastifyInstance, config: AppConfig): Promise<void> {
  const demo = join(config.rootDir, 'demo');
  const dist = join(config.rootDir, 'dist');
  if (existsSync(demo)) {
    await app.register(fastifyStatic, { root: demo, prefix: '/', index: ['index.html'], wildcard: false });
  }
  // The elements' build; registered even if dist/ appears only after start-up.
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/dist/',
    decorateReply: !existsSync(demo),
    wildcard: true,
    suppressWarning: true,
  });
}
