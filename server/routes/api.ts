/** The REST API of openapi.yaml, mounted under /api/v1. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, ContactQuery } from '../../src/api/types.js';
import type { AppContext } from '../context.js';
import { auditActor } from '../actor.js';
import { authorizeClient, authorizeClientId, authorizeContact, branchScope, requireServiceToken } from '../auth/authorize.js';
import { etag } from '../etag.js';
import { notFound } from '../problem.js';
import { registerContractSchemas } from '../schemas.js';
import { accessHistory, getAccess, resendInvitation, revokeAccess, saveAccess } from '../services/access.js';
import { allChoices, branches, contactTypes, roles, userTypes } from '../services/choices.js';
import { clientView, provisionClient, updateClient } from '../services/clients.js';
import { mintHostToken } from '../services/host-tokens.js';
import { contactView, createContact, deleteContact, listContacts, updateContact } from '../services/contacts.js';
import { openEventStream } from '../services/event-stream.js';
import { acceptInvitation } from '../services/invitations.js';
import type { RequestInfo } from '../services/lookup.js';
import { renewInvitation, requestPasswordReset } from '../services/self-service.js';
import { sessionOf, signIn, signOut } from '../services/session.js';

type ClientParams = { Params: { clientId: string } };
type ContactParams = { Params: { clientId: string; contactId: string } };

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

/**
 * The routes. Each one's shapes are checked by its operation's schemas
 * (schemas.ts; `request.checked` is the body with the field errors its schema
 * found). Each authorises first (see auth/authorize.ts; the authentication
 * hook has already refused anonymous calls to the non-public ones) and hands
 * the rows it authorised to the service. The changes of one contact run under
 * its lock, and so does their authorisation: the rows cannot go stale.
 */
export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerContractSchemas(app);

  // ---- clients and contacts ------------------------------------------------
  app.get<ClientParams>('/clients/:clientId', async (request) => {
    return clientView(await authorizeClient(ctx, request, request.params.clientId, 'read'));
  });

  app.put<ClientParams>('/clients/:clientId', async (request, reply) => {
    requireServiceToken(request);
    const code = request.params.clientId;
    const { client, created } = await provisionClient(ctx, code, request.checked, ctx.clock());
    if (created) reply.code(201).header('location', `/api/v1/clients/${encodeURIComponent(code)}`);
    return client;
  });

  app.patch<ClientParams>('/clients/:clientId', async (request) => {
    const client = await authorizeClient(ctx, request, request.params.clientId, 'update-client');
    return updateClient(ctx, client, request.checked, ctx.clock());
  });

  app.get<ClientParams & { Querystring: ContactQuery }>('/clients/:clientId/contacts', async (request) => {
    authorizeClientId(request, request.params.clientId, 'read');
    const page = await listContacts(ctx, request.params.clientId, request.query, branchScope(request), ctx.clock());
    if (!page) throw notFound(`Contact ${JSON.stringify(request.query.around)} is not in this list.`);
    return page;
  });

  app.post<ClientParams>('/clients/:clientId/contacts', async (request, reply) => {
    const client = await authorizeClient(ctx, request, request.params.clientId, 'staff');
    return ctx.contactLocks.run(`new-contact-of:${client.code}`, () =>
      ctx.idempotency.handle(request, reply, async () => {
        const contact = await createContact(ctx, client, request.checked, info(ctx, request));
        return {
          status: 201,
          headers: { location: contactPath(contact.clientId, contact.id), etag: etag(contact.version) },
          body: contact,
        };
      }),
    );
  });

  app.get<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const { client, contact } = await authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'read');
    const view = await contactView(ctx, client, contact, ctx.clock());
    reply.header('etag', etag(contact.version));
    return view;
  });

  app.put<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const found = await authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'update-contact');
    const self = request.actor!.contact;
    const keepEmail = self !== undefined && self.id !== found.contact.id;
    const contact = await updateContact(ctx, found, request.checked, ifMatch(request), info(ctx, request), { keepEmail });
    reply.header('etag', etag(contact.version));
    return contact;
  });

  app.delete<ContactParams>('/clients/:clientId/contacts/:contactId', async (request, reply) => {
    const { clientId, contactId } = request.params;
    await ctx.contactLocks.run(contactId, async () =>
      deleteContact(ctx, await authorizeContact(ctx, request, clientId, contactId, 'staff'), ifMatch(request), info(ctx, request)),
    );
    return reply.code(204).send();
  });

  // Server-Sent Events (services/event-stream.ts); the server's closing ends the open streams first.
  app.get<ClientParams>('/clients/:clientId/events', async (request, reply) => {
    const client = await authorizeClient(ctx, request, request.params.clientId, 'read');
    const stream = await openEventStream(ctx, client, request.headers['last-event-id'], branchScope(request), request.log);
    request.raw.on('close', stream.end);
    reply.header('x-accel-buffering', 'no'); // nginx: do not buffer it
    return reply.type('text/event-stream; charset=utf-8').send(stream.body);
  });
  app.addHook('preClose', async () => ctx.live.endStreams());

  // ---- choice lists ----------------------------------------------------------
  app.get('/choices', async () => allChoices(ctx));
  app.get('/contact-types', async () => contactTypes(ctx));
  app.get('/branches', async () => branches(ctx));
  app.get('/user-types', async () => userTypes(ctx));
  app.get('/roles', async () => roles(ctx));

  // ---- access ------------------------------------------------------------------
  app.get<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    const access = await getAccess(ctx, await authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'staff'), ctx.clock());
    reply.header('etag', etag(access.version));
    return access;
  });

  app.put<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    const { clientId, contactId } = request.params;
    return ctx.contactLocks.run(contactId, async () => {
      const found = await authorizeContact(ctx, request, clientId, contactId, 'staff');
      return ctx.idempotency.handle(request, reply, async () => {
        const limitedRights = request.actor!.clients !== 'all';
        const { access, mail } = await saveAccess(ctx, found, request.checked, ifMatch(request), info(ctx, request), { limitedRights });
        return mailAnswer(access, mail);
      });
    });
  });

  app.delete<ContactParams>('/clients/:clientId/contacts/:contactId/access', async (request, reply) => {
    const { clientId, contactId } = request.params;
    const access = await ctx.contactLocks.run(contactId, async () =>
      revokeAccess(ctx, await authorizeContact(ctx, request, clientId, contactId, 'staff'), ifMatch(request), info(ctx, request)),
    );
    reply.header('etag', etag(access.version));
    return access;
  });

  app.post<ContactParams>('/clients/:clientId/contacts/:contactId/access/invitation', async (request, reply) => {
    const { clientId, contactId } = request.params;
    return ctx.contactLocks.run(contactId, async () => {
      const found = await authorizeContact(ctx, request, clientId, contactId, 'staff');
      return ctx.idempotency.handle(
        request,
        reply,
        async () => {
          const { access, mail } = await resendInvitation(ctx, found, info(ctx, request));
          return mailAnswer(access, mail);
        },
        { bodyless: true },
      );
    });
  });

  app.get<ContactParams>('/clients/:clientId/contacts/:contactId/access/history', async (request) => {
    return accessHistory(ctx, await authorizeContact(ctx, request, request.params.clientId, request.params.contactId, 'staff'));
  });

  // ---- host integration ----------------------------------------------------------
  app.post('/host-tokens', async (request, reply) => {
    requireServiceToken(request);
    const minted = await mintHostToken(ctx, request.checked, ctx.clock());
    return reply.code(201).send(minted);
  });

  // ---- the invited contact, sessions -------------------------------------------
  app.post('/invitations/accept', { config: { public: true } }, async (request, reply) => {
    await acceptInvitation(ctx, request.checked, request.ip);
    return reply.code(204).send();
  });

  app.post('/invitations/renew', { config: { public: true } }, async (request, reply) =>
    reply.code(202).send(await renewInvitation(ctx, request.checked, request.ip)),
  );

  app.post('/password-resets', { config: { public: true } }, async (request, reply) =>
    reply.code(202).send(await requestPasswordReset(ctx, request.checked, request.ip)),
  );

  app.get('/session', async (request) => sessionOf(request.actor!));

  app.post('/session', { config: { public: true } }, async (request, reply) =>
    signIn(ctx, request, reply, request.checked),
  );

  app.delete('/session', { config: { public: true } }, async (request, reply) => {
    await signOut(ctx, request, reply);
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
