import type { AppContext } from '../context.js';
import { type HttpProblem, notFound } from '../problem.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactRow } from '../repositories/contacts.js';

/** Who did something, from where, when: what the audit trail records. */
export interface RequestInfo {
  actor: string;
  address: string;
  now: Date;
}

/** A contact and its client, as the route authorised them (read once). */
export interface ContactRows {
  client: ClientRow;
  contact: ContactRow;
}

const CONTACT_ID = /^[1-9][0-9]{0,15}$/;

/** The one answer for a client that does not exist and for one outside the caller's rights. */
export const noSuchClient = (clientId: string): HttpProblem => notFound(`There is no client ${JSON.stringify(clientId.slice(0, 64))}.`);

export async function requireClient(ctx: AppContext, clientId: string): Promise<ClientRow> {
  const client = await ctx.clients.getRow(clientId);
  if (!client) throw noSuchClient(clientId);
  return client;
}

/** The contact `contactId` of a client already read, or a 404 problem. */
export async function requireContactOf(ctx: AppContext, client: ClientRow, contactId: string): Promise<ContactRow> {
  const contact = CONTACT_ID.test(contactId) ? await ctx.contacts.getRow(client.code, Number(contactId)) : undefined;
  if (!contact) throw notFound(`Client ${client.code} has no contact ${JSON.stringify(contactId.slice(0, 64))}.`);
  return contact;
}
