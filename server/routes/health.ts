/**
 * The probes of a load balancer or an orchestrator, beside the API:
 * `GET /healthz`, the process answers (restart it if not), and `GET /readyz`,
 * it can serve: its database answers within `READY_WITHIN_MS` and it is not
 * draining (send it no traffic if not). `app.drain()` (SIGTERM with
 * SHUTDOWN_DELAY_SECONDS, main.ts) turns `/readyz` to 503 while everything
 * else still answers; once the server is closing, fastify answers 503 to all.
 * No sign-in and any `Host` (a probe names the instance by its address; the
 * Host check lets these two paths through): they tell nothing but up or down.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpProblem, databaseUnavailable } from '../problem.js';

const LIVE = '/healthz';
const READY = '/readyz';
export const HEALTH_PATHS: ReadonlySet<string> = new Set([LIVE, READY]);

/** How long `/readyz` waits for the database. */
export const READY_WITHIN_MS = 2_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on `/readyz` answers 503: the load balancer stops sending requests before the server closes. */
    drain(): void;
    /** Has `drain()` been called? */
    readonly draining: boolean;
  }
}

export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  let draining = false;
  app.decorate('drain', () => {
    draining = true;
  });
  app.decorate('draining', { getter: () => draining });
  app.get(LIVE, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'pass' }));

  app.get(READY, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (draining) throw new HttpProblem(503, 'The server is shutting down.', { type: 'shutting-down' });
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
