/** The REST API of openapi.yaml, mounted under /api/v1. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, AccessStatus, ContactSort, FieldError } from '../../src/api/types.js';
import { ACCESS_STATUSES } from '../../src/api/types.js';
import type { AppContext } from '../context.js';
import { auditActor } from '../actor.js';
import { authorizeClient, authorizeContact, branchScope, requireServiceToken } from '../auth/authorize.js';
import { etag } from '../etag.js';
import { badRequest, notFound } from '../problem.js';
import type { ContactListQuery } from '../repositories/contacts.js';
import { accessHistory, getAccess, resendInvitation, revokeAccess, saveAccess } from '../services/access.js';
import { allChoices, branches, contactTypes, roles, userTypes } from '../services/choices.js';
import { clientView, provisionClient, updateClient } from '../services/clients.js';
import { mintHostToken } from '../services/host-tokens.js';
import { contactView, createContact, deleteContact, listContacts, updateContact } from '../services/contacts.js';
import { acceptInvitation } from '../services/invitations.js';
import type { RequestInfo } from '../services/lookup.js';
import { sessionOf, signIn, signOut } from '../services/session.js';
import { CLIENT_CODE, fieldError, requireObjectBody } from '../validation.js';

type ClientParams = { Params: { clientId: string } };
type ContactParams = { Params: { clientId: string; contactId: string } };

const SORTS: readonly ContactSort[] = ['name', '-name', 'email', '-email', 'accessStatus', '-accessStatus'];

function info(ctx: AppContext, request: FastifyRequest): RequestInfo {
  return { actor: auditActor(request.actor), address: request.ip, now: ctx.clock() };
}

function ifMatch(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match'];
  return Array.isArray(value) ? value.join(', ') : value;
}

function contactPath(clientId: string, contactId: string): string {
  return `/api/v1/clients/${encodeURIComponent(clientId)}/contacts/${encodeURIComponent(contactId)}`;
}

/** Reads the list's query string; bad values are a 400 with one field error per parameter. */
export function parseListQuery(raw: Record<string, unknown>): ContactListQuery {
  const errors: FieldError[] = [];
  const one = (name: string): string | undefined => {
    const v = raw[name];
    if (Array.isArray(v)) {
      errors.push(fieldError(name, 'invalid', { message: `${name} must be given once.` }));
      return undefined;
    }
    return typeof v === 'string' ? v : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const v = one(name);
    if (v === undefined || v === '') return fallback;
    if (!/^[0-9]{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
      errors.push(fieldError(name, 'invalid', { message: `${name} must be an integer from ${min} to ${max}.` }));
      return fallback;
    }
    return Number(v);
  };
  const q = one('q') ?? '';
  if (q.length > 120) errors.push(fieldError('q', 'too-long', { max: 120 }));
  const status = one('accessStatus');
  let accessStatus: AccessStatus | undefined;
  if (status !== undefined && status !== '') {
    if ((ACCESS_STATUSES as readonly string[]).includes(status)) accessStatus = status as AccessStatus;
    else errors.push(fieldError('accessStatus', 'invalid', { message: `accessStatus must be one of ${ACCESS_STATUSES.join(', ')}.` }));
  }
  const sortText = one('sort');
  let sort: ContactSort = 'name';
  if (sortText !== undefined && sortText !== '') {
    if ((SORTS as readonly string[]).includes(sortText)) sort = sortText as ContactSort;
    else errors.push(fieldError('sort', 'invalid', { message: `sort must be one of ${SORTS.join(', ')}.` }));
  }
  const offset = integer('offset', 0, 0, 1_000_000_000);
  const limit = integer('limit', 50, 1, 500);
  const aroundText = one('around');
  if (aroundText !== undefined && aroundText.length > 64) errors.push(fieldError('around', 'too-long', { max: 64 }));
  if (errors.length > 0) throw badRequest('Some query parameters are not valid.', errors);
  const query: ContactListQuery = { q, accessStatus, sort, offset, limit };
  if (aroundText !== undefined && aroundText !== '') {
    // An id that cannot be a contact's is simply not in the list (404 below).
    query.around = /^[1-9][0-9]{0,15}$/.test(aroundText) ? Number(aroundText) : -1;
  }
  return query;
}

/**
 * The routes. Each one authorises first (see auth/authorize.ts): the
 * authentication hook has already refused anonymous calls to the non-public
 * ones.
 */
export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  // ---- clients and contacts ------------------------------------------------
  app.get<ClientParams>('/clients/:clientId', async (request) => {
    return clientView(authorizeClient(ctx, request, request.params.clientId, 'read'));
  });

  app.put<ClientParams>('/clients/:clientId', async (request, reply) => {
    requireServiceToken(request);
    const code = request.params.clientId;
    if (!CLIENT_CODE.test(code)) {
      throw badRequest('The client code is not valid.', [fieldError('clientId', 'invalid', { message: 'clientId must be 1 to 64 letters, digits, ".", "_" or "-".' })]);
    }
    const { client, created } = provisionClient(ctx, code, requireObjectBody(request.body), ctx.clock());
    if (created) reply.code(201).header('location', `/api/v1/clients/${encodeURIComponent(code)}`);
    return client;
  });

  app.patch<ClientParams>('/clients/:clientId', async (request) => {
    const client = authorizeClient(ctx, request, request.params.clientId, 'update-client');
    return updateClient(ctx, client, requireObjectBody(request.body), ctx.clock());
  });

  app.get<ClientParams & { Querystring: Record<string, unknown> }>('/clients/:clientId/contacts', async (request) => {
    const client = authorizeClient(ctx, request, request.params.clientId, 'read');
    const query = parseListQuery(request.query);
    query.branch = branchScope(request);
    const page = listContacts(ctx, client, query, ctx.clock());
    if (!page) throw notFound(`Contact ${JSON.stringify(String(request.query['around']).slice(0, 64))} is not in this list.`);
    return page;
  });

  app.post<ClientParams>('/clients/:clientId/contacts', async (request, reply) => {
    const client = authorizeClient(ctx, request, request.params.clientId, 'staff');
    return ctx.contactLocks.run(`new-contact-of:${client.code}`, () =>
      ctx.idempotency.handle(request, reply, () => {
        const contact = createContact(ctx, client, requireObjectBody(request.body), info(ctx, request));
        return {
          status: 201,
          headers: { location: contactPath(contact.clientId, contact.id), etag: etag(contact.version) },
          body: contact,
        };
      }),
    );
  });

  app.get<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const { client, contact } = authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'read');
    const view = contactView(ctx, client, contact, ctx.clock());
    reply.header('etag', etag(contact.version));
    return view;
  });

  app.put<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const { clientId, contactId } = request.params;
    const found = authorizeContact(ctx, request, clientId, contactId, 'update-contact');
    const self = request.actor!.contact;
    const keepEmail = self !== undefined && self.id !== found.contact.id;
    const body = requireObjectBody(request.body);
    const contact = updateContact(ctx, found.client, found.contact, body, ifMatch(request), info(ctx, request), { keepEmail });
    reply.header('etag', etag(contact.version));
    return contact;
  });

  app.delete<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const { clientId, contactId } = request.params;
    authorizeContact(ctx, request, clientId, contactId, 'staff');
    await ctx.contactLocks.run(contactId, () => deleteContact(ctx, clientId, contactId, ifMatch(request), info(ctx, request)));
    return reply.code(204).send();
  });

  // ---- choice lists ----------------------------------------------------------
  app.get('/choices', async () => allChoices(ctx));
  app.get('/contact-types', async () => contactTypes(ctx));
  app.get('/branches', async () => branches(ctx));
  app.get('/user-types', async () => userTypes(ctx));
  app.get('/roles', async () => roles(ctx));

  // ---- access ------------------------------------------------------------------
  app.get<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'staff');
    const access = getAccess(ctx, request.params.clientId, request.params.contactId, ctx.clock());
    reply.header('etag', etag(access.version));
    return access;
  });

  app.put<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    const { clientId, contactId } = request.params;
    authorizeContact(ctx, request, clientId, contactId, 'staff');
    return ctx.contactLocks.run(contactId, () =>
      ctx.idempotency.handle(request, reply, async () => {
        const body = requireObjectBody(request.body);
        const limitedRights = request.actor!.clients !== 'all';
        const { access, mail } = await saveAccess(ctx, clientId, contactId, body, ifMatch(request), info(ctx, request), { limitedRights });
        return mailAnswer(access, mail);
      }),
    );
  });

  app.delete<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    const { clientId, contactId } = request.params;
    authorizeContact(ctx, request, clientId, contactId, 'staff');
    const access = await ctx.contactLocks.run(contactId, () =>
      revokeAccess(ctx, clientId, contactId, ifMatch(request), info(ctx, request)),
    );
    reply.header('etag', etag(access.version));
    return access;
  });

  app.post<ContactParams>('/clients/:clientId/contacts/:contactId/access/invitation', async (request, reply) => {
    const { clientId, contactId } = request.params;
    authorizeContact(ctx, request, clientId, contactId, 'staff');
    return ctx.contactLocks.run(contactId, () =>
      ctx.idempotency.handle(request, reply, async () => {
        const { access, mail } = await resendInvitation(ctx, clientId, contactId, info(ctx, request));
        return mailAnswer(access, mail);
      }, { bodyless: true }),
    );
  });

  app.get<ContactParams>('/clients/:clientId/contacts/:contactId/access/history', async (request) => {
    authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'staff');
    return accessHistory(ctx, request.params.clientId, request.params.contactId);
  });

  // ---- host integration ----------------------------------------------------------
  app.post('/host-tokens', async (request, reply) => {
    requireServiceToken(request);
    const minted = mintHostToken(ctx, requireObjectBody(request.body), ctx.clock());
    return reply.code(201).send(minted);
  });

  // ---- the invited contact, sessions -------------------------------------------
  app.post('/invitations/accept', { config: { public: true } }, async (request, reply) => {
    await acceptInvitation(ctx, requireObjectBody(request.body), request.ip);
    return reply.code(204).send();
  });

  app.get('/session', async (request) => sessionOf(request.actor!));

  app.post('/session', { config: { public: true } }, async (request, reply) =>
    signIn(ctx, request, reply, requireObjectBody(request.body)),
  );

  app.delete('/session', { config: { public: true } }, async (request, reply) => {
    signOut(ctx, request, reply);
    return reply.code(204).send();
  });
}

/**
 * The answer of a call that sends the invitation: 200 when the mail left, 202 with
 * `invitationPending` when it waits in the outbox for a retry.
 */
function mailAnswer(access: Access, mail: 'sent' | 'queued' | 'none') {
  const queued = mail === 'queued';
  return { status: queued ? 202 : 200, headers: { etag: etag(access.version) }, body: queued ? { ...access, invitationPending: true } : access };
}
