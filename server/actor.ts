/**
 * Who makes a request. `auth/authenticate.ts` sets `request.actor` from the
 * bearer token or the session cookie (null: anonymous); routes authorise
 * with `auth/authorize.ts`, and the audit trail records `actor.id`.
 */
import type { FastifyInstance } from 'fastify';

export interface Actor {
  /** `host`: a host backend's user, by a token the host minted (POST /host-tokens). */
  kind: 'staff' | 'api-token' | 'host' | 'contact';
  /** A staff user code, "api-token", `host:<the host's user id>`, or the contact's user code. */
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

/** Who the audit trail says did it: the id, and for a host user its name too (`host:erp-42 (Roger Point)`). */
export function auditActor(actor: Actor | null): string {
  if (!actor) return 'anonymous';
  return actor.kind === 'host' ? `${actor.id} (${actor.name})` : actor.id;
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
