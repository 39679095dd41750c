/**
 * Who may do what, once `request.actor` is known.
 *
 * - The service token: everything, on every client.
 * - A staff user: everything, on the clients of its rights (`staff_rights`);
 *   another existing client is a 403.
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
import { requireClient, requireContact } from '../services/lookup.js';
import { unauthenticated } from './authenticate.js';

/** What a call needs: reading, changing the client's own details, changing contacts, or staff work. */
export type Need = 'read' | 'update-client' | 'update-contact' | 'staff';
// ('update-client' and 'update-contact' are what a portal contact may do, like 'read'; they name the intent.)

const forbidden = (detail: string, type = 'forbidden'): HttpProblem => new HttpProblem(403, detail, { type });

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/** The client, if the actor may do `need` on it; otherwise 404 (unknown, or another client of a contact) or 403. */
export function authorizeClient(ctx: AppContext, request: FastifyRequest, clientId: string, need: Need): ClientRow {
  const actor = actorOf(request);
  if (actor.kind === 'contact') {
    if (clientId !== actor.contact!.clientCode) throw notFound(`There is no client ${JSON.stringify(clientId.slice(0, 64))}.`);
    const client = requireClient(ctx, clientId);
    if (need === 'staff') throw forbidden('Portal users may read and update their contacts, not create or delete them, nor manage accesses.');
    return client;
  }
  const client = requireClient(ctx, clientId);
  if (actor.clients !== 'all' && !actor.clients.has(client.code)) {
    throw forbidden(`You have no rights on client ${client.code}. Ask an administrator.`);
  }
  return client;
}

/** The contact, if the actor may do `need` on it and (for a branch-limited contact) sees it; otherwise 404 or 403. */
export function authorizeContact(
  ctx: AppContext,
  request: FastifyRequest,
  clientId: string,
  contactId: string,
  need: Need,
): { client: ClientRow; contact: ContactRow } {
  authorizeClient(ctx, request, clientId, need);
  const found = requireContact(ctx, clientId, contactId);
  const scope = branchScope(request);
  if (scope && found.contact.id !== scope.selfId && ctx.accesses.get(found.contact.id)?.branch_id !== scope.branchId) {
    throw notFound(`Client ${found.client.code} has no contact ${JSON.stringify(contactId.slice(0, 64))}.`);
  }
  return found;
}

/** The list restriction of a branch-limited contact session, if any. */
export function branchScope(request: FastifyRequest): ContactListQuery['branch'] {
  const contact = request.actor?.contact;
  return contact && contact.branchId !== null ? { branchId: contact.branchId, selfId: contact.id } : undefined;
}
