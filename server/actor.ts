/**
 * Who makes a request. `auth/authenticate.ts` sets `request.actor` from the
 * bearer token or the session cookie (null: anonymous); routes authorise
 * with `auth/authorize.ts`, and the audit trail records `actor.id`.
 */
import type { FastifyInstance } from 'fastify';

export interface Actor {
  kind: 'staff' | 'api-token' | 'contact';
  /** What the audit trail records: a staff user code, "api-token", or the contact's user code. */
  id: string;
  /** A display name (the staff user's, the contact's). */
  name: string;
  /** The clients the actor may act on. A contact: its own client only. */
  clients: 'all' | ReadonlySet<string>;
  /** A signed-in contact: who and where. */
  contact?: { id: number; clientCode: string; branchId: string | null };
  /** How it authenticated. */
  via: 'bearer' | 'cookie';
  /** The SHA-256 of the session cookie (cookie sessions). */
  sessionHash?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null: nobody signed in (only the public calls go through). */
    actor: Actor | null;
  }
}

export function registerActor(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
  });
}
