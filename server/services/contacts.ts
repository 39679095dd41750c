import type { Contact, ContactPage, ContactQuery } from '../../src/api/types.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactListQuery, ContactRow } from '../repositories/contacts.js';
import type { AppContext } from '../context.js';
import { ifMatchAllows } from '../etag.js';
import { HttpProblem, notFound, preconditionFailed, validationFailed } from '../problem.js';
import { type BodyCheck, fieldError, parseContactInput } from '../validation.js';
import { type ContactRows, type RequestInfo, noSuchClient, requireClient } from './lookup.js';

async function parse(ctx: AppContext, body: BodyCheck) {
  const types = new Set((await ctx.choices.list('contact_types')).map((t) => t.id));
  const { fields, errors } = parseContactInput(body, (id) => types.has(id));
  if (errors.length > 0) throw validationFailed(errors);
  return fields;
}

async function reread(ctx: AppContext, clientCode: string, id: number, now: Date): Promise<Contact> {
  const contact = await ctx.contacts.get(clientCode, id, now);
  if (!contact) throw new Error(`contact ${id} vanished`);
  return contact;
}

export async function createContact(ctx: AppContext, client: ClientRow, body: BodyCheck, info: RequestInfo): Promise<Contact> {
  const fields = await parse(ctx, body);
  const id = await ctx.store.transaction(async () => {
    const id = await ctx.contacts.insert(client.code, fields, info.now);
    await ctx.events.record(client.code, 'contact-created', id, info.now);
    return id;
  });
  return reread(ctx, client.code, id, info.now);
}

/** One contact as the contract shows it (with its access status). */
export function contactView(ctx: AppContext, client: ClientRow, contact: ContactRow, now: Date): Promise<Contact> {
  return reread(ctx, client.code, contact.id, now);
}

/**
 * A page of the contacts of the client `clientCode`, whose existence the page's statement checks (404
 * when it has none), for a caller whose rights on it are checked (the query as its schema left it:
 * typed, with its defaults); undefined when `around` names a contact outside the list.
 * `branch`: the restriction of a branch-limited portal session.
 */
export async function listContacts(
  ctx: AppContext,
  clientCode: string,
  query: ContactQuery,
  branch: ContactListQuery['branch'],
  now: Date,
): Promise<ContactPage | undefined> {
  const { q = '', accessStatus, sort = 'name', offset = 0, limit = 50, around } = query;
  const list: ContactListQuery = { q, accessStatus, sort, offset, limit, branch };
  // An id that cannot be a contact's is simply not in the list.
  if (around !== undefined) list.around = /^[1-9][0-9]{0,15}$/.test(around) ? Number(around) : -1;
  // The last live event is read with the count, before the page's rows or in their snapshot: a change made
  // meanwhile is then in both or resumed by the stream, never lost.
  const result = await ctx.contacts.list(clientCode, list, now);
  // (`around` outside the list: the client is read to tell which 404 it is)
  if (!result) return void (await requireClient(ctx, clientCode));
  if (result.lastSeq === null) throw noSuchClient(clientCode);
  return { items: result.items, total: result.total, offset: result.offset, limit, liveEventId: String(result.lastSeq) };
}

/** A write that found its contact changed (412: the version If-Match was checked against) or deleted meanwhile. */
function gone(checkedVersion: number | undefined): HttpProblem {
  return checkedVersion === undefined ? notFound('This contact was deleted meanwhile.') : preconditionFailed();
}

/**
 * PUT replaces every writable field; a stale If-Match changes nothing. The
 * route passes the client and contact rows it authorised (read once).
 * `keepEmail`: the caller may not change this contact's e-mail address (a
 * portal contact changes its own only: the staff's access proposal pre-fills
 * it, so another contact's would route the next invitation elsewhere).
 */
export async function updateContact(
  ctx: AppContext,
  { client, contact }: ContactRows,
  body: BodyCheck,
  ifMatch: string | undefined,
  info: RequestInfo,
  options: { keepEmail?: boolean } = {},
): Promise<Contact> {
  if (!ifMatchAllows(ifMatch, contact.version)) throw preconditionFailed();
  const fields = await parse(ctx, body);
  if (options.keepEmail && fields.email !== contact.email) {
    throw new HttpProblem(403, 'You may change your own e-mail address only, not another contact\'s.', {
      type: 'email-not-yours',
      errors: [fieldError('email', 'invalid', { message: 'Only this contact (or the staff) may change its e-mail address.' })],
    });
  }
  // The version If-Match was checked against, checked again by the UPDATE itself: another request (on any
  // instance) that changed the contact meanwhile makes this one a 412 (or a 404 when it deleted it).
  const checked = ifMatch === undefined ? undefined : contact.version;
  await ctx.store.transaction(async () => {
    if (!(await ctx.contacts.update(contact.id, fields, info.now, checked))) throw gone(checked);
    await ctx.events.record(client.code, 'contact-updated', contact.id, info.now);
  });
  return reread(ctx, client.code, contact.id, info.now);
}

/**
 * Deletes the contact with its access, invitation links and portal sessions, in one transaction (the
 * audit trail stays): her access ends at once, even for a browser signed in at that moment.
 */
export async function deleteContact(ctx: AppContext, { client, contact }: ContactRows, ifMatch: string | undefined, info: RequestInfo): Promise<void> {
  if (!ifMatchAllows(ifMatch, contact.version)) throw preconditionFailed();
  await ctx.store.transaction(async () => {
    const access = await ctx.accesses.get(contact.id);
    await ctx.invitations.deleteForContact(contact.id);
    // As for a revoke: her sessions go with the access (said here, not left to the schema's ON DELETE CASCADE).
    await ctx.sessions.deleteForContact(contact.id);
    await ctx.accesses.delete(contact.id);
    // As for a PUT: the DELETE checks the version itself (the transaction's other changes are undone with it).
    const checked = ifMatch === undefined ? undefined : contact.version;
    if (!(await ctx.contacts.delete(contact.id, checked))) throw gone(checked);
    // The trail and the events last, as every change takes them: the client's event counter, locked until the
    // commit, taken before the contact's rows would deadlock with a change of hers under way on another instance.
    if (access && access.state !== 'revoked') {
      await ctx.audit.record({
        clientCode: client.code,
        contactId: contact.id,
        at: info.now,
        action: 'access-revoked',
        actor: info.actor,
        address: info.address,
        detail: `contact deleted; user code ${access.user_code} released`,
      });
    }
    await ctx.events.record(client.code, 'contact-deleted', contact.id, info.now);
  });
}
