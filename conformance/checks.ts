/**
 * The checks, in the order they run: reading, contacts, the access and its
 * invitation, cross-site rules, clean-up. Each is one line of the report.
 * They create their own contacts (names and addresses carry the run's id,
 * addresses at example.com) under the given client, and the last check
 * deletes every one of them.
 */
import type { Access, AuditEvent, Choice, Choices, Client, Contact, ContactInput, ContactPage } from '../src/api/types.js';
import { HOST_CHECKS } from './host-checks.js';
import type { HttpAnswer } from './http.js';
import { expect, same, type CheckDef, type Context } from './kit.js';

const EVIL_ORIGIN = 'https://evil.example';
/** The seed article's own example of an IP limit, which is not an IP address. */
const BAD_IP = '123.542.654.785';

function input(ctx: Context, label: string): ContactInput {
  const choices = ctx.state.get('choices') as Choices | undefined;
  return {
    name: `Conformité ${ctx.runId} ${label}`,
    title: 'Responsable stock',
    department: 'Logistique',
    type: choices?.contactTypes[0]?.id ?? null,
    email: `conformance-${ctx.runId}-${label.toLowerCase()}@example.com`,
    phone: '521 1224 6321',
    mobile: '524 1478 1263',
    fax: '',
    location: 'Montréal',
  };
}

/** The kit's own contacts, as the list shows them (to prove a refusal created nothing). */
async function ours(ctx: Context): Promise<ContactPage> {
  const res = await ctx.http.request('GET', `${ctx.contactsPath}?q=${ctx.runId}&limit=100`);
  return ctx.ok<ContactPage>(res, 'listContacts', 200);
}

async function getContact(ctx: Context, id: string): Promise<Contact> {
  return ctx.ok<Contact>(await ctx.http.request('GET', ctx.contactPath(id)), 'getContact', 200);
}

async function getAccess(ctx: Context, id: string): Promise<Access> {
  return ctx.ok<Access>(await ctx.http.request('GET', ctx.accessPath(id)), 'getAccess', 200);
}

async function create(ctx: Context, label: string): Promise<Contact> {
  const res = await ctx.http.request('POST', ctx.contactsPath, { json: input(ctx, label) });
  const contact = ctx.ok<Contact>(res, 'createContact', 201);
  ctx.created.add(contact.id);
  return contact;
}

function sameFields(actual: Contact, sent: ContactInput): void {
  for (const [k, v] of Object.entries(sent)) {
    expect(actual[k as keyof Contact] === v, `${k} is ${JSON.stringify(actual[k as keyof Contact])}, ${JSON.stringify(v)} was sent`);
  }
}

function ids(list: Choice[]): string[] {
  return list.map((c) => c.id);
}

const later = (a: string | null | undefined, b: string | null | undefined) => Date.parse(a ?? '') >= Date.parse(b ?? '');

/** A call that sends the invitation answers 200, or 202 when the contract lets the e-mail leave later. */
const SENT = [200, 202];

export const CHECKS: CheckDef[] = [
  // -- who may call -----------------------------------------------------------
  {
    id: 'auth.anonymous',
    title: 'a call without credentials gets 401',
    refusal: true,
    async run(ctx) {
      ctx.refused(await ctx.http.request('GET', `/clients/${encodeURIComponent(ctx.clientId)}`, { anonymous: true }), 'getClient', 401);
    },
  },
  {
    id: 'auth.wrong-token',
    title: 'a wrong bearer token gets 401 (never a fall-back to another credential)',
    refusal: true,
    async run(ctx) {
      const res = await ctx.http.request('GET', `/clients/${encodeURIComponent(ctx.clientId)}`, {
        headers: { authorization: `Bearer conformance-wrong-${ctx.runId}` },
      });
      ctx.refused(res, 'getClient', 401);
    },
  },

  // -- reading ------------------------------------------------------------------
  {
    id: 'client.get',
    title: 'getClient answers the client',
    async run(ctx) {
      const client = ctx.ok<Client>(await ctx.http.request('GET', `/clients/${encodeURIComponent(ctx.clientId)}`), 'getClient', 200);
      expect(client.id === ctx.clientId, `client.id is ${client.id}, not ${ctx.clientId}`);
    },
  },
  {
    id: 'client.unknown',
    title: 'an unknown client gets 404',
    refusal: true,
    async run(ctx) {
      ctx.refused(await ctx.http.request('GET', `/clients/conformance-none-${ctx.runId}`), 'getClient', 404);
    },
  },
  {
    id: 'client.update',
    title: "updateClient answers the client; sending its own contact details back changes nothing else",
    async run(ctx) {
      const path = `/clients/${encodeURIComponent(ctx.clientId)}`;
      const before = ctx.ok<Client>(await ctx.http.request('GET', path), 'getClient', 200);
      const current = { phone: before.phone ?? '', email: before.email ?? '' };
      const after = ctx.ok<Client>(await ctx.http.request('PATCH', path, { json: current }), 'updateClient', 200);
      expect(after.id === before.id && after.name === before.name, `updateClient answered ${after.id} / ${after.name}`);
      expect((after.phone ?? '') === current.phone && (after.email ?? '') === current.email, `phone / email became ${after.phone} / ${after.email}`);
    },
  },
  {
    id: 'client.update.invalid',
    title: 'updateClient with a bad e-mail gets 422 {email: email} and changes nothing',
    refusal: true,
    async run(ctx) {
      const path = `/clients/${encodeURIComponent(ctx.clientId)}`;
      const before = ctx.ok<Client>(await ctx.http.request('GET', path), 'getClient', 200);
      ctx.refused(await ctx.http.request('PATCH', path, { json: { email: 'pas-une-adresse' } }), 'updateClient', 422, [{ field: 'email', code: 'email' }]);
      ctx.unchanged(before, ctx.ok<Client>(await ctx.http.request('GET', path), 'getClient', 200), 'the client');
    },
  },
  {
    id: 'choices.get',
    title: 'getChoices answers the four choice lists',
    async run(ctx) {
      ctx.set('choices', ctx.ok<Choices>(await ctx.http.request('GET', '/choices'), 'getChoices', 200));
    },
  },
  {
    id: 'choices.lists',
    title: 'contact types, branches, user types and roles are listed alone too, the same as in getChoices',
    async run(ctx) {
      const choices = ctx.need<Choices>('choices');
      for (const [path, operationId, list] of [
        ['/contact-types', 'listContactTypes', choices.contactTypes],
        ['/branches', 'listBranches', choices.branches],
        ['/user-types', 'listUserTypes', choices.userTypes],
        ['/roles', 'listRoles', choices.roles],
      ] as const) {
        const alone = ctx.ok<Choice[]>(await ctx.http.request('GET', path), operationId, 200);
        expect(ids(alone).join() === ids(list).join(), `${path} lists ${ids(alone)}, getChoices ${ids(list)}`);
      }
      expect(ids(choices.userTypes).includes('client-contact'), 'the user types have no client-contact');
      expect(ids(choices.roles).includes('client'), 'the roles have no client');
    },
  },
  {
    id: 'contacts.list',
    title: 'listContacts answers a page (limit and offset honoured)',
    async run(ctx) {
      const page = ctx.ok<ContactPage>(await ctx.http.request('GET', `${ctx.contactsPath}?limit=1&offset=0`), 'listContacts', 200);
      expect(page.limit === 1 && page.offset === 0, `asked limit 1 offset 0, answered limit ${page.limit} offset ${page.offset}`);
      expect(page.items.length <= 1, `limit 1 answered ${page.items.length} contacts`);
      expect(page.total >= page.items.length, `total ${page.total} < ${page.items.length} items`);
    },
  },
  {
    id: 'contacts.list.invalid-query',
    title: 'an invalid query (limit=0, sort=bogus) gets 400 with field errors',
    refusal: true,
    async run(ctx) {
      ctx.refused(await ctx.http.request('GET', `${ctx.contactsPath}?limit=0`), 'listContacts', 400, [{ field: 'limit', code: 'invalid' }]);
      ctx.refused(await ctx.http.request('GET', `${ctx.contactsPath}?sort=bogus`), 'listContacts', 400, [{ field: 'sort', code: 'invalid' }]);
    },
  },
  {
    id: 'contacts.list.unknown-client',
    title: "an unknown client's contacts get 404",
    refusal: true,
    async run(ctx) {
      ctx.refused(await ctx.http.request('GET', `/clients/conformance-none-${ctx.runId}/contacts`), 'listContacts', 404);
    },
  },

  // -- contacts -----------------------------------------------------------------
  {
    id: 'contacts.create',
    title: 'createContact answers 201 with the contact as sent and a Location',
    async run(ctx) {
      const sent = input(ctx, 'A');
      const res = await ctx.http.request('POST', ctx.contactsPath, { json: sent });
      const contact = ctx.ok<Contact>(res, 'createContact', 201);
      ctx.created.add(contact.id);
      sameFields(contact, sent);
      expect(contact.clientId === ctx.clientId, `clientId is ${contact.clientId}`);
      expect(contact.accessStatus === 'none', `a new contact's accessStatus is ${contact.accessStatus}`);
      expect(res.headers.get('location'), 'no Location header');
      ctx.set('a', contact);
      ctx.set('a.created', res);
    },
  },
  {
    id: 'contacts.create.etag',
    title: 'createContact sends the ETag ("version")',
    etag: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      ctx.etag(ctx.need('a.created'), a.version);
    },
  },
  {
    id: 'contacts.create.idempotency-key',
    title: 'createContact sent twice with one Idempotency-Key creates one contact and answers it twice',
    async run(ctx) {
      const before = (await ours(ctx)).total;
      const key = `conformance-${ctx.runId}-create-b`;
      const sent = input(ctx, 'B');
      const first = ctx.ok<Contact>(await ctx.http.request('POST', ctx.contactsPath, { json: sent, headers: { 'idempotency-key': key } }), 'createContact', 201);
      ctx.created.add(first.id);
      const again = ctx.ok<Contact>(await ctx.http.request('POST', ctx.contactsPath, { json: sent, headers: { 'idempotency-key': key } }), 'createContact', 201);
      ctx.created.add(again.id);
      expect(again.id === first.id, `the replay created another contact (${first.id}, then ${again.id})`);
      const after = (await ours(ctx)).total;
      expect(after === before + 1, `${after - before} contacts were created, not 1`);
      ctx.set('b', first);
    },
  },
  {
    id: 'contacts.create.required',
    title: 'createContact without a name gets 422 {name: required} and creates nothing',
    refusal: true,
    async run(ctx) {
      const before = await ours(ctx);
      const res = await ctx.http.request('POST', ctx.contactsPath, { json: { ...input(ctx, 'Refused'), name: '   ' } });
      ctx.refused(res, 'createContact', 422, [{ field: 'name', code: 'required' }]);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'contacts.create.invalid-fields',
    title: 'createContact with a bad e-mail, unknown type, too long title, control character gets 422 with each field error',
    refusal: true,
    async run(ctx) {
      const before = await ours(ctx);
      const res = await ctx.http.request('POST', ctx.contactsPath, {
        json: { ...input(ctx, 'Refused'), email: 'pas-une-adresse', type: `no-such-type-${ctx.runId}`, title: 'x'.repeat(121), phone: '514\u0007555' },
      });
      ctx.refused(res, 'createContact', 422, [
        { field: 'email', code: 'email' },
        { field: 'type', code: 'unknown' },
        { field: 'title', code: 'too-long' },
        { field: 'phone', code: 'control-characters' },
      ]);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'contacts.create.not-json',
    title: 'createContact with a non-JSON body gets 415, with malformed JSON 400, and creates nothing',
    refusal: true,
    async run(ctx) {
      const before = await ours(ctx);
      const form = await ctx.http.request('POST', ctx.contactsPath, {
        body: `name=Conformit%C3%A9+${ctx.runId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      ctx.refused(form, 'createContact', 415);
      const broken = await ctx.http.request('POST', ctx.contactsPath, { body: '{"name": ', headers: { 'content-type': 'application/json' } });
      ctx.refused(broken, 'createContact', 400);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'contacts.create.huge-body',
    title: 'createContact with a 100 KB body is refused (413, or 422 for the lengths) and creates nothing',
    refusal: true,
    async run(ctx) {
      const before = await ours(ctx);
      const res = await ctx.http.request('POST', ctx.contactsPath, { json: { ...input(ctx, 'Huge'), location: 'x'.repeat(100_000) } });
      ctx.refused(res, 'createContact', [413, 422]);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'contacts.create.unknown-client',
    title: 'createContact under an unknown client gets 404',
    refusal: true,
    async run(ctx) {
      const res = await ctx.http.request('POST', `/clients/conformance-none-${ctx.runId}/contacts`, { json: input(ctx, 'Refused') });
      ctx.refused(res, 'createContact', 404);
    },
  },
  {
    id: 'contacts.get',
    title: 'getContact answers the contact as created',
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const got = await getContact(ctx, a.id);
      expect(same(got, a), `getContact answers ${JSON.stringify(got)}, createContact answered ${JSON.stringify(a)}`);
    },
  },
  {
    id: 'contacts.get.etag',
    title: 'getContact sends the ETag ("version")',
    etag: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const res = await ctx.http.request('GET', ctx.contactPath(a.id));
      ctx.etag(res, ctx.ok<Contact>(res, 'getContact', 200).version);
    },
  },
  {
    id: 'contacts.get.unknown',
    title: 'an unknown contact gets 404',
    refusal: true,
    async run(ctx) {
      ctx.refused(await ctx.http.request('GET', ctx.contactPath(`conformance-none-${ctx.runId}`)), 'getContact', 404);
    },
  },
  {
    id: 'contacts.update',
    title: 'updateContact answers the changed contact with a higher version',
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const sent = { ...input(ctx, 'A'), title: 'Directrice des achats' };
      const updated = ctx.ok<Contact>(await ctx.http.request('PUT', ctx.contactPath(a.id), { json: sent }), 'updateContact', 200);
      sameFields(updated, sent);
      expect(updated.version > a.version, `version ${updated.version} after ${a.version}`);
      const read = await getContact(ctx, a.id);
      expect(read.title === sent.title, 'getContact does not show the change');
    },
  },
  {
    id: 'contacts.update.invalid',
    title: 'updateContact with an empty name gets 422 {name: required} and changes nothing',
    refusal: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const before = await getContact(ctx, a.id);
      const res = await ctx.http.request('PUT', ctx.contactPath(a.id), { json: { ...input(ctx, 'A'), name: '' } });
      ctx.refused(res, 'updateContact', 422, [{ field: 'name', code: 'required' }]);
      ctx.unchanged(before, await getContact(ctx, a.id), 'the contact');
    },
  },
  {
    id: 'contacts.update.if-match',
    title: "updateContact with the current ETag in If-Match succeeds and sends the new ETag",
    etag: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const read = await ctx.http.request('GET', ctx.contactPath(a.id));
      const tag = ctx.etag(read, ctx.ok<Contact>(read, 'getContact', 200).version);
      const res = await ctx.http.request('PUT', ctx.contactPath(a.id), { json: { ...input(ctx, 'A'), department: 'Achats' }, headers: { 'if-match': tag } });
      const updated = ctx.ok<Contact>(res, 'updateContact', 200);
      expect(ctx.etag(res, updated.version) !== tag, 'the ETag did not change');
      ctx.set('a.stale-tag', tag);
    },
  },
  {
    id: 'contacts.update.stale-if-match',
    title: 'updateContact with a stale If-Match gets 412 and changes nothing',
    etag: true,
    refusal: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const stale = ctx.need<string>('a.stale-tag');
      const before = await getContact(ctx, a.id);
      const res = await ctx.http.request('PUT', ctx.contactPath(a.id), { json: { ...input(ctx, 'A'), title: 'Écrasé' }, headers: { 'if-match': stale } });
      ctx.refused(res, 'updateContact', 412);
      ctx.unchanged(before, await getContact(ctx, a.id), 'the contact');
    },
  },
  {
    id: 'contacts.delete.stale-if-match',
    title: 'deleteContact with a stale If-Match gets 412 and deletes nothing',
    etag: true,
    refusal: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const stale = ctx.need<string>('a.stale-tag');
      const before = await getContact(ctx, a.id);
      ctx.refused(await ctx.http.request('DELETE', ctx.contactPath(a.id), { headers: { 'if-match': stale } }), 'deleteContact', 412);
      ctx.unchanged(before, await getContact(ctx, a.id), 'the contact');
    },
  },
  {
    id: 'contacts.search',
    title: 'listContacts?q= finds contacts by a word of their name',
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const b = ctx.need<Contact>('b');
      const page = await ours(ctx);
      const found = page.items.map((c) => c.id);
      expect(found.includes(a.id) && found.includes(b.id), `q=${ctx.runId} found ${JSON.stringify(found)}, not both ${a.id} and ${b.id}`);
      expect(page.total === ctx.created.size, `q=${ctx.runId} counts ${page.total}, the kit created ${ctx.created.size}`);
    },
  },

  {
    id: 'contacts.list.around',
    title: 'listContacts?around=<id> answers the page that holds the contact (previous / next); an unknown one gets 404',
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      // The kit's A and B, sorted by name: B is second, so a page of 1 around it starts at offset 1.
      const res = await ctx.http.request('GET', `${ctx.contactsPath}?q=${ctx.runId}&sort=name&around=${encodeURIComponent(b.id)}&limit=1`);
      const page = ctx.ok<ContactPage>(res, 'listContacts', 200);
      expect(page.offset === 1 && page.items[0]?.id === b.id, `around B answered offset ${page.offset}, items ${JSON.stringify(page.items.map((c) => c.id))}`);
      const unknown = await ctx.http.request('GET', `${ctx.contactsPath}?q=${ctx.runId}&around=conformance-none-${ctx.runId}&limit=3`);
      ctx.refused(unknown, 'listContacts', 404);
    },
  },

  // -- the access and its invitation ----------------------------------------------
  {
    id: 'access.proposal',
    title: 'getAccess of a contact without access answers a proposal (status none, a user code, its e-mail, version 0)',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const proposal = await getAccess(ctx, b.id);
      expect(proposal.status === 'none', `status ${proposal.status}`);
      expect(proposal.userCode.trim() !== '', 'no user code proposed');
      expect(proposal.email === b.email, `e-mail ${proposal.email}, the contact's is ${b.email}`);
      expect(proposal.role === 'client' && proposal.userType === 'client-contact', `role ${proposal.role}, user type ${proposal.userType}`);
      expect(proposal.version === 0, `a proposal's version is ${proposal.version}, not 0`);
      ctx.set('b.proposal', proposal);
    },
  },
  {
    id: 'access.save.invalid',
    title: `saveAccess with a bad e-mail, the IP ${BAD_IP}, an unknown branch gets 422 with each field error and saves nothing`,
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const proposal = ctx.need<Access>('b.proposal');
      const res = await ctx.http.request('PUT', ctx.accessPath(b.id), {
        json: { userCode: proposal.userCode, email: 'pas-une-adresse', allowedIps: ['192.0.2.1', BAD_IP], branchId: `no-such-branch-${ctx.runId}`, sendInvitation: true },
      });
      ctx.refused(res, 'saveAccess', 422, [
        { field: 'email', code: 'email' },
        { field: 'allowedIps', code: 'ip', index: 1 },
        { field: 'branchId', code: 'unknown' },
      ]);
      ctx.unchanged(proposal, await getAccess(ctx, b.id), 'the access');
    },
  },
  {
    id: 'access.save.required',
    title: 'saveAccess without user code and e-mail gets 422 {userCode: required, email: required}',
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const proposal = ctx.need<Access>('b.proposal');
      ctx.refused(await ctx.http.request('PUT', ctx.accessPath(b.id), { json: { userCode: ' ', email: '' } }), 'saveAccess', 422, [
        { field: 'userCode', code: 'required' },
        { field: 'email', code: 'required' },
      ]);
      ctx.unchanged(proposal, await getAccess(ctx, b.id), 'the access');
    },
  },
  {
    id: 'access.save.invite',
    title: 'saveAccess with sendInvitation grants the proposal and invites (status invited, dates set)',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const proposal = ctx.need<Access>('b.proposal');
      const branchId = ctx.need<Choices>('choices').branches[0]?.id ?? null;
      const sent = { userCode: proposal.userCode, email: proposal.email, allowedIps: ['203.0.113.0/24', '2001:db8::1'], branchId, sendInvitation: true };
      const key = `conformance-${ctx.runId}-grant-b`;
      const res = await ctx.http.request('PUT', ctx.accessPath(b.id), { json: sent, headers: { 'idempotency-key': key } });
      const access = ctx.ok<Access>(res, 'saveAccess', SENT);
      expect(access.status === 'invited', `status ${access.status}`);
      expect(access.userCode === sent.userCode && access.email === sent.email, `saved ${access.userCode} / ${access.email}`);
      expect(access.allowedIps.join() === sent.allowedIps.join() && access.branchId === branchId, `saved IPs ${access.allowedIps}, branch ${access.branchId}`);
      expect(access.invitedAt && access.lastInvitationSentAt, 'invitedAt / lastInvitationSentAt not set');
      expect(Date.parse(access.invitationExpiresAt ?? '') > Date.now() - 60_000, `invitationExpiresAt ${access.invitationExpiresAt} is past`);
      expect(access.version >= 1, `version ${access.version}`);
      const contact = await getContact(ctx, b.id);
      expect(contact.accessStatus === 'invited', `the contact's accessStatus is ${contact.accessStatus}`);
      ctx.set('b.grant', { sent, key, access });
    },
  },
  {
    id: 'contacts.list.access-status',
    title: 'listContacts filters by accessStatus and sorts by -name',
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      const b = ctx.need<Contact>('b');
      const invited = ctx.ok<ContactPage>(await ctx.http.request('GET', `${ctx.contactsPath}?q=${ctx.runId}&accessStatus=invited`), 'listContacts', 200);
      expect(invited.total === 1 && invited.items[0]?.id === b.id, `accessStatus=invited lists ${JSON.stringify(invited.items.map((c) => c.id))}`);
      const desc = ctx.ok<ContactPage>(await ctx.http.request('GET', `${ctx.contactsPath}?q=${ctx.runId}&sort=-name`), 'listContacts', 200);
      const order = desc.items.map((c) => c.id);
      expect(order.indexOf(b.id) < order.indexOf(a.id), `sort=-name lists ${JSON.stringify(order)}`);
    },
  },
  {
    id: 'access.save.idempotency-key',
    title: 'saveAccess replayed with its Idempotency-Key answers the first result and saves nothing again',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const grant = ctx.need<{ sent: unknown; key: string; access: Access }>('b.grant');
      const res = await ctx.http.request('PUT', ctx.accessPath(b.id), { json: grant.sent, headers: { 'idempotency-key': grant.key } });
      const replay = ctx.ok<Access>(res, 'saveAccess', SENT);
      expect(same(replay, grant.access), `the replay answered ${JSON.stringify(replay)}, the first call ${JSON.stringify(grant.access)}`);
      const now = await getAccess(ctx, b.id);
      expect(now.version === grant.access.version && now.lastInvitationSentAt === grant.access.lastInvitationSentAt, 'the replay saved or sent again');
    },
  },
  {
    id: 'access.get.etag',
    title: 'getAccess and saveAccess send the ETag ("version")',
    etag: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const read = await ctx.http.request('GET', ctx.accessPath(b.id));
      const tag = ctx.etag(read, ctx.ok<Access>(read, 'getAccess', 200).version);
      const grant = ctx.need<{ sent: Record<string, unknown> }>('b.grant');
      const res = await ctx.http.request('PUT', ctx.accessPath(b.id), {
        json: { ...grant.sent, allowedIps: ['203.0.113.0/24'], sendInvitation: false },
        headers: { 'if-match': tag },
      });
      const saved = ctx.ok<Access>(res, 'saveAccess', 200);
      expect(ctx.etag(res, saved.version) !== tag, 'the ETag did not change');
      ctx.set('b.stale-tag', tag);
    },
  },
  {
    id: 'access.save.stale-if-match',
    title: 'saveAccess with a stale If-Match gets 412 and changes nothing',
    etag: true,
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const stale = ctx.need<string>('b.stale-tag');
      const grant = ctx.need<{ sent: Record<string, unknown> }>('b.grant');
      const before = await getAccess(ctx, b.id);
      const res = await ctx.http.request('PUT', ctx.accessPath(b.id), { json: { ...grant.sent, allowedIps: [], sendInvitation: false }, headers: { 'if-match': stale } });
      ctx.refused(res, 'saveAccess', 412);
      ctx.unchanged(before, await getAccess(ctx, b.id), 'the access');
    },
  },
  {
    id: 'access.proposal.free-code',
    title: "another contact's proposal is a different, free user code",
    async run(ctx) {
      const c = await create(ctx, 'C');
      ctx.set('c', c);
      const grant = ctx.need<{ access: Access }>('b.grant');
      const proposal = await getAccess(ctx, c.id);
      expect(proposal.status === 'none', `status ${proposal.status}`);
      expect(proposal.userCode.toLowerCase() !== grant.access.userCode.toLowerCase(), `proposed ${proposal.userCode}, already taken by another contact`);
      ctx.set('c.proposal', proposal);
    },
  },
  {
    id: 'access.duplicate-user-code',
    title: "saveAccess with another user's code gets 409 {userCode: duplicate} and saves nothing",
    refusal: true,
    async run(ctx) {
      const c = ctx.need<Contact>('c');
      const taken = ctx.need<{ access: Access }>('b.grant').access.userCode;
      const before = ctx.need<Access>('c.proposal');
      const res = await ctx.http.request('PUT', ctx.accessPath(c.id), { json: { userCode: taken, email: c.email, allowedIps: [], branchId: null, sendInvitation: true } });
      ctx.refused(res, 'saveAccess', 409, [{ field: 'userCode', code: 'duplicate' }]);
      ctx.unchanged(before, await getAccess(ctx, c.id), "the other contact's access");
    },
  },
  {
    id: 'invitation.resend',
    title: 'sendInvitation re-sends: a later lastInvitationSentAt and expiry, still invited; its Idempotency-Key replays',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const before = await getAccess(ctx, b.id);
      const key = `conformance-${ctx.runId}-resend-b`;
      const path = `${ctx.accessPath(b.id)}/invitation`;
      const res = await ctx.http.request('POST', path, { headers: { 'idempotency-key': key } });
      const sent = ctx.ok<Access>(res, 'sendInvitation', SENT);
      ctx.set('b.resent', res);
      expect(sent.status === 'invited', `status ${sent.status}`);
      expect(later(sent.lastInvitationSentAt, before.lastInvitationSentAt), `lastInvitationSentAt ${sent.lastInvitationSentAt} before ${before.lastInvitationSentAt}`);
      expect(later(sent.invitationExpiresAt, before.invitationExpiresAt), `invitationExpiresAt ${sent.invitationExpiresAt} before ${before.invitationExpiresAt}`);
      const replay = ctx.ok<Access>(await ctx.http.request('POST', path, { headers: { 'idempotency-key': key } }), 'sendInvitation', SENT);
      expect(same(replay, sent), `the replay answered ${JSON.stringify(replay)}, the first call ${JSON.stringify(sent)}`);
    },
  },
  {
    id: 'invitation.resend.etag',
    title: 'sendInvitation sends the ETag ("version")',
    etag: true,
    async run(ctx) {
      const res = ctx.need<HttpAnswer>('b.resent');
      ctx.etag(res, (res.body as Access).version);
    },
  },
  {
    id: 'invitation.no-access',
    title: 'sendInvitation for a contact without access gets 409 and changes nothing',
    refusal: true,
    async run(ctx) {
      const c = ctx.need<Contact>('c');
      const before = await getAccess(ctx, c.id);
      ctx.refused(await ctx.http.request('POST', `${ctx.accessPath(c.id)}/invitation`), 'sendInvitation', 409);
      ctx.unchanged(before, await getAccess(ctx, c.id), 'the access');
    },
  },
  {
    id: 'access.history',
    title: 'getAccessHistory lists the grant and both invitations, newest first',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const res = await ctx.http.request('GET', `${ctx.accessPath(b.id)}/history`);
      const { items } = ctx.ok<{ items: AuditEvent[] }>(res, 'getAccessHistory', 200);
      const actions = items.map((e) => e.action);
      expect(actions.includes('access-created'), `no access-created in ${actions}`);
      expect(actions.filter((a) => a === 'invitation-sent').length >= 2, `fewer than 2 invitation-sent in ${actions}`);
      const times = items.map((e) => Date.parse(e.at));
      expect(times.every((t, i) => i === 0 || times[i - 1]! >= t), 'not newest first');
    },
  },
  {
    id: 'access.revoke.stale-if-match',
    title: 'revokeAccess with a stale If-Match gets 412 and revokes nothing',
    etag: true,
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const stale = ctx.need<string>('b.stale-tag');
      const before = await getAccess(ctx, b.id);
      ctx.refused(await ctx.http.request('DELETE', ctx.accessPath(b.id), { headers: { 'if-match': stale } }), 'revokeAccess', 412);
      ctx.unchanged(before, await getAccess(ctx, b.id), 'the access');
    },
  },
  {
    id: 'access.revoke',
    title: "revokeAccess answers the revoked access; the contact's accessStatus is revoked",
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const res = await ctx.http.request('DELETE', ctx.accessPath(b.id));
      const revoked = ctx.ok<Access>(res, 'revokeAccess', 200);
      ctx.set('b.revoked', res);
      expect(revoked.status === 'revoked' && revoked.revokedAt, `status ${revoked.status}, revokedAt ${revoked.revokedAt}`);
      const contact = await getContact(ctx, b.id);
      expect(contact.accessStatus === 'revoked', `the contact's accessStatus is ${contact.accessStatus}`);
    },
  },
  {
    id: 'access.revoke.etag',
    title: 'revokeAccess sends the ETag ("version")',
    etag: true,
    async run(ctx) {
      const res = ctx.need<HttpAnswer>('b.revoked');
      ctx.etag(res, (res.body as Access).version);
    },
  },
  {
    id: 'invitation.after-revoke',
    title: 'sendInvitation after a revoke gets 409 and changes nothing',
    refusal: true,
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const before = await getAccess(ctx, b.id);
      ctx.refused(await ctx.http.request('POST', `${ctx.accessPath(b.id)}/invitation`), 'sendInvitation', 409);
      ctx.unchanged(before, await getAccess(ctx, b.id), 'the access');
    },
  },
  {
    id: 'access.regrant',
    title: 'saveAccess with sendInvitation grants a revoked access again (status invited)',
    async run(ctx) {
      const b = ctx.need<Contact>('b');
      const grant = ctx.need<{ sent: Record<string, unknown> }>('b.grant');
      const access = ctx.ok<Access>(await ctx.http.request('PUT', ctx.accessPath(b.id), { json: { ...grant.sent, sendInvitation: true } }), 'saveAccess', SENT);
      expect(access.status === 'invited', `status ${access.status}`);
    },
  },

  // -- cross-site rules -------------------------------------------------------------
  {
    id: 'cross-site.anonymous-form-post',
    title: 'a cross-site form POST (no credentials, no X-Requested-With) is refused and creates nothing',
    refusal: true,
    async run(ctx) {
      const before = await ours(ctx);
      const res = await ctx.http.request('POST', ctx.contactsPath, {
        anonymous: true,
        bare: true,
        body: `name=Conformit%C3%A9+${ctx.runId}+Forg%C3%A9`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL_ORIGIN, 'sec-fetch-site': 'cross-site' },
      });
      ctx.refused(res, 'createContact', [401, 403, 415]);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'cross-site.cors',
    title: 'a foreign origin gets no CORS permission (preflight and answer)',
    async run(ctx) {
      const preflight = await ctx.http.request('OPTIONS', ctx.contactsPath, {
        anonymous: true,
        headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-requested-with' },
      });
      const answer = await ctx.http.request('GET', `/clients/${encodeURIComponent(ctx.clientId)}`, { headers: { origin: EVIL_ORIGIN } });
      for (const res of [preflight, answer]) {
        const allowed = res.headers.get('access-control-allow-origin');
        expect(allowed !== EVIL_ORIGIN && allowed !== '*', `${res.method} ${res.path} from ${EVIL_ORIGIN}: Access-Control-Allow-Origin: ${allowed}`);
      }
    },
  },
  {
    id: 'cross-site.cookie-without-header',
    title: 'a cookie-borne POST without X-Requested-With gets 403 and creates nothing',
    refusal: true,
    cookie: true,
    async run(ctx) {
      const before = await ours(ctx);
      const res = await ctx.http.request('POST', ctx.contactsPath, { bare: true, noToken: true, json: input(ctx, 'Forged') });
      ctx.refused(res, 'createContact', 403);
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },
  {
    id: 'cross-site.cookie-foreign-origin',
    title: 'a cookie-borne POST from a foreign Origin or Sec-Fetch-Site: cross-site gets 403 and creates nothing',
    refusal: true,
    cookie: true,
    async run(ctx) {
      const before = await ours(ctx);
      for (const headers of [{ origin: EVIL_ORIGIN }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
        const res = await ctx.http.request('POST', ctx.contactsPath, { noToken: true, json: input(ctx, 'Forged'), headers });
        ctx.refused(res, 'createContact', 403);
      }
      ctx.unchanged(before, await ours(ctx), "the client's contacts");
    },
  },

  // -- for hosts that run the reference server (optional) ----------------------------
  ...HOST_CHECKS,

  // -- clean-up ---------------------------------------------------------------------
  {
    id: 'contacts.delete',
    title: "deleteContact answers 204 for each of the kit's contacts",
    async run(ctx) {
      const failed: string[] = [];
      for (const id of ctx.created) {
        const res = await ctx.http.request('DELETE', ctx.contactPath(id));
        if (res.status === 204 && res.text === '') ctx.set(`deleted:${id}`, true);
        else failed.push(`${id}: ${res.status}`);
      }
      expect(failed.length === 0, `not deleted: ${failed.join(', ')}`);
      expect((await ours(ctx)).total === 0, "the kit's contacts are still listed");
    },
  },
  {
    id: 'contacts.delete.gone',
    title: 'a deleted contact gets 404 (read and delete again)',
    refusal: true,
    async run(ctx) {
      const a = ctx.need<Contact>('a');
      ctx.need(`deleted:${a.id}`);
      ctx.refused(await ctx.http.request('GET', ctx.contactPath(a.id)), 'getContact', 404);
      ctx.refused(await ctx.http.request('DELETE', ctx.contactPath(a.id)), 'deleteContact', 404);
    },
  },
];
