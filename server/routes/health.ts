/**
 * The probes of a load balancer or an orchestrator, beside the API:
 * `GET /healthz`, the process answers (restart it if not), and `GET /readyz`,
 * it can serve: its database answers within `READY_WITHIN_MS` (send it no
 * traffic if not; once the server is closing, fastify answers 503 to both).
 * No sign-in and any `Host` (a probe names the instance by its address; the
 * Host check lets these two paths through): they tell nothing but up or down.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { databaseUnavailable } from '../problem.js';

export const HEALTH_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/** How long `/readyz` waits for the database. */
export const READY_WITHIN_MS = 2_000;

export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'pass' }));

  app.get('/readyz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await ctx.store.ping(READY_WITHIN_MS);
    } catch (error) {
      // The cause goes to the log, not to an anonymous caller (it may name the database's host).
      request.log.warn({ err: error }, 'not ready: the database does not answer');
      throw databaseUnavailable();
    }
    return reply.send({ status: 'pass' });
  });
}
