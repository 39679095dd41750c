/**
 * Who may do what, once `request.actor` is known.
 *
 * - The service token: everything, on every client; it alone provisions
 *   clients and mints host tokens.
 * - A staff user, or a host user by a host-issued token: everything, on the
 *   clients of its rights (`staff_rights`, the token's `clientIds`); any
 *   other client answers 404 exactly like one that does not exist, so the
 *   answer does not tell which clients exist.
 * - A contact signed in on the portal: its own client only (any other client
 *   is a 404, as if it did not exist); it reads the client, changes the
 *   client's own contact details (PATCH), lists, reads and updates the
 *   contacts; creating or deleting contacts and everything about accesses is
 *   the staff's (403).
 * - A contact whose access is limited to a branch sees only the contacts of
 *   that branch (those whose own access is limited to the same branch) and
 *   itself; the others answer 404. The client's own record (header, phone...)
 *   is the whole client's, shared by every branch: it reads and updates it.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import { HttpProblem, notFound } from '../problem.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactListQuery } from '../repositories/contacts.js';
import type { ContactRow } from '../repositories/contacts.js';
import { noSuchClient, requireClient, requireContactOf } from '../services/lookup.js';
import { unauthenticated } from './authenticate.js';

/** What a call needs: reading, changing the client's own details, changing contacts, or staff work. */
export type Need = 'read' | 'update-client' | 'update-contact' | 'staff';
// ('update-client' and 'update-contact' are what a portal contact may do, like 'read'; they name the intent.)

const forbidden = (detail: string, type = 'forbidden'): HttpProblem => new HttpProblem(403, detail, { type });

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/** The client, if the actor may do `need` on it; otherwise 404 (unknown, or outside the actor's rights) or 403. */
export async function authorizeClient(ctx: AppContext, request: FastifyRequest, clientId: string, need: Need): Promise<ClientRow> {
  authorizeClientId(request, clientId, need);
  return requireClient(ctx, clientId);
}

/**
 * The actor's rights on the client `clientId` (404 outside them, 403), without reading the client: the
 * caller reads it in its own statement and answers `noSuchClient` when it is not there (a list's page).
 */
export function authorizeClientId(request: FastifyRequest, clientId: string, need: Need): void {
  const actor = actorOf(request);
  if (actor.clients !== 'all' && !actor.clients.has(clientId)) throw noSuchClient(clientId);
  if (actor.kind === 'contact' && need === 'staff') {
    throw forbidden('Portal users may read and update their contacts, not create or delete them, nor manage accesses.');
  }
}

/** Only the host backend's service token may do this (provision clients, mint host tokens). */
export function requireServiceToken(request: FastifyRequest): void {
  if (actorOf(request).kind !== 'api-token') throw forbidden("Only the host backend's service token (API_TOKEN) may do this.");
}

/** The contact, if the actor may do `need` on it and (for a branch-limited contact) sees it; otherwise 404 or 403. */
export async function authorizeContact(
  ctx: AppContext,
  request: FastifyRequest,
  clientId: string,
  contactId: string,
  need: Need,
): Promise<{ client: ClientRow; contact: ContactRow }> {
  const client = await authorizeClient(ctx, request, clientId, need);
  const contact = await requireContactOf(ctx, client, contactId);
  const scope = branchScope(request);
  if (scope && contact.id !== scope.selfId && (await ctx.accesses.get(contact.id))?.branch_id !== scope.branchId) {
    throw notFound(`Client ${client.code} has no contact ${JSON.stringify(contactId.slice(0, 64))}.`);
  }
  return { client, contact };
}

/** The list restriction of a branch-limited contact session, if any. */
export function branchScope(request: FastifyRequest): ContactListQuery['branch'] {
  const contact = request.actor?.contact;
  return contact && contact.branchId !== null ? { branchId: contact.branchId, selfId: contact.id } : undefined;
}
