/**
 * Who makes a request. Every request starts as the staff actor; the
 * authentication task adds a preHandler that replaces `request.actor` (a
 * staff user, the host's API token, or a contact signed in on the portal) or
 * refuses the request. Routes and the audit trail only read `request.actor`.
 */
import type { FastifyInstance } from 'fastify';

export interface Actor {
  kind: 'staff' | 'api-token' | 'contact';
  /** What the audit trail records: a staff user code, "api-token", or the contact's user code. */
  id: string;
}

export const STAFF_ACTOR: Readonly<Actor> = Object.freeze({ kind: 'staff', id: 'staff' });

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

export function registerActor(app: FastifyInstance): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    request.actor = STAFF_ACTOR;
  });
}
