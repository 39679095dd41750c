/**
 * The reference backend: `buildApp(options)` returns a fastify instance (not
 * listening yet) with the API under /api/v1, the demo host page at /, the
 * elements' build at /dist/ and the development mailbox at /dev/mailbox.
 * `main.ts` builds it from the environment; the tests build it directly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { registerActor } from './actor.js';
import { registerApiAuthentication, registerCors } from './auth/authenticate.js';
import { hashPassword } from './auth/passwords.js';
import { type AppConfig, type AppOptions, resolveConfig } from './config.js';
import { type AppContext, createContext } from './context.js';
import { openDatabase } from './db/database.js';
import { seedBigClient, seedReferenceData, seedStaffUsers } from './db/seed.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, TITLES, problemBody } from './problem.js';
import { registerApiRoutes } from './routes/api.js';
import { registerDevRoutes } from './routes/dev.js';
import { registerPages } from './routes/pages.js';
import { prepareSignIn } from './services/session.js';

/** Bodies above this size are refused with 413. */
export const BODY_LIMIT = 64 * 1024;

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
  const { db, migratedFrom } = openDatabase(config.database);
  const ctx = createContext(config, db);
  if (config.seed && migratedFrom === 0) seedReferenceData(db, config.clock());
  if (config.bigClientContacts > 0) seedBigClient(db, config.bigClientContacts, config.clock());
  let demoStaffPassword: string | undefined;
  if (config.seed) {
    demoStaffPassword = config.demoStaffPassword ?? randomBytes(12).toString('base64url');
    const [demo, trainee] = await Promise.all([
      hashPassword(demoStaffPassword, config.passwordHashCost),
      hashPassword(demoStaffPassword, config.passwordHashCost),
    ]);
    seedStaffUsers(db, { demo, trainee }, config.clock());
  }
  ctx.mailbox.markInterrupted();
  await prepareSignIn(ctx);

  // The client's address: the socket's, or X-Forwarded-For behind the trusted proxies only.
  const trustProxy = config.trustProxy.length > 0 ? config.trustProxy : false;
  const app = Fastify({ logger: config.logger, bodyLimit: BODY_LIMIT, trustProxy });
  app.decorate('ctx', ctx);
  app.decorate('demoStaffPassword', demoStaffPassword);
  app.addHook('onClose', async () => {
    ctx.mail.close();
    db.close();
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
    else parseJson(request, text, done);
  });
  registerActor(app);
  registerProblemHandlers(app);
  registerCors(app, ctx);
  registerPages(app, ctx);

  await app.register(
    async (api) => {
      registerApiAuthentication(api, ctx);
      registerApiRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  registerDevRoutes(app, ctx);
  await registerStatic(app, config);
  return app;
}

/** Every error, ours or fastify's, leaves as application/problem+json. */
function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem | Error, request, reply) => {
    let body;
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

  app.setNotFoundHandler((request, reply) => {
    const body = problemBody(404, `Nothing at ${request.method} ${request.url.split('?')[0]}.`);
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
