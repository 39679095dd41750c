import { expect } from '@open-wc/testing';
import { BackendError } from '../src/api/backend-error.js';
import type { LiveEvent } from '../src/api/backend.js';
import type { AccessInput, Contact } from '../src/api/types.js';
import {
  FakeBackend,
  HERVE_DAVID,
  INVITATION_TTL_MS,
  MIREILLE,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CLIENT_ID,
  seedContacts,
} from '../src/testing/index.js';

const C = SEED_CLIENT_ID;
const T0 = new Date('2026-03-02T14:00:00.000Z');

/** The rejection of `p`; fails the test if `p` resolves. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject, it resolved');
}

async function httpFailure(p: Promise<unknown>, status: number): Promise<BackendError> {
  const e = await rejection(p);
  expect(e).to.be.instanceOf(BackendError);
  const be = e as BackendError;
  expect(be.kind).to.equal('http');
  expect(be.status).to.equal(status);
  expect(be.problem?.status).to.equal(status);
  return be;
}

function grant(overrides: Partial<AccessInput> = {}): AccessInput {
  return {
    userCode: MIREILLE_USER_CODE,
    email: MIREILLE.email!,
    allowedIps: [],
    branchId: null,
    sendInvitation: false,
    ...overrides,
  };
}

function contact(name: string, email: string, id: string): Contact {
  return {
    id,
    clientId: C,
    name,
    title: '',
    department: '',
    type: null,
    email,
    phone: '',
    mobile: '',
    fax: '',
    location: '',
    accessStatus: 'none',
    version: 1,
  };
}

describe('FakeBackend', () => {
  describe('seed', () => {
    it('gives every made-up access its own user code, past the 1,000 three-digit ones', async () => {
      const contacts = seedContacts(2500, C, { accessMix: true });
      const b = new FakeBackend({ contacts });
      const codes = contacts
        .map((c) => b.peekAccess(C, c.id)?.userCode)
        .filter((code): code is string => code !== undefined);
      expect(codes.length).to.be.greaterThan(1000);
      expect(new Set(codes.map((code) => code.toLowerCase())).size).to.equal(codes.length);
      // A proposal for a contact without access avoids all of them.
      const without = contacts.find((c) => c.accessStatus === 'none')!;
      const proposal = await b.getAccess(C, without.id);
      expect(codes).not.to.include(proposal.userCode);
    });

    it('serves the seed client, contact and choices', async () => {
      const b = new FakeBackend();
      const client = await b.getClient(C);
      expect(client).to.include({ id: C, code: C, name: 'Hervé David', mode: 'Entreprise', status: 'Actif' });
      expect(client).to.include({ language: 'fr', currency: 'CAD' });
      const page = await b.listContacts(C);
      expect(page.total).to.equal(1);
      expect(page.items[0]).to.include({ id: MIREILLE_ID, ...MIREILLE, accessStatus: 'none', version: 1 });
      const choices = await b.getChoices();
      expect(choices.contactTypes.map((c) => c.id)).to.deep.equal(['operations', 'billing', 'sales', 'management']);
      expect(choices.contactTypes.map((c) => c.label)).to.deep.equal([
        'Opérations',
        'Facturation',
        'Ventes',
        'Direction',
      ]);
      expect(choices.contactTypes[1]!.labels).to.deep.equal({ fr: 'Facturation', en: 'Billing' });
      expect(choices.branches).to.have.length(3);
      expect(choices.branches[0]).to.include({ id: 'mtl', label: 'ACT BL Solutions - Actif Montréal' });
      expect(choices.userTypes[0]).to.include({
        id: 'client-contact',
        label: "Je veux donner un accès à un contact d'un client",
      });
      expect(choices.roles[0]).to.include({ id: 'client', label: 'Client (rôle du système)' });
    });

    it('takes more clients and answers 404 for an unknown one', async () => {
      const other = { ...HERVE_DAVID, id: '9000001', code: '9000001', name: 'Autre client' };
      const b = new FakeBackend({ clients: [HERVE_DAVID, other], contacts: seedContacts(3, '9000001') });
      expect((await b.getClient('9000001')).name).to.equal('Autre client');
      expect((await b.listContacts('9000001')).total).to.equal(3);
      expect((await b.listContacts(C)).total).to.equal(0);
      await httpFailure(b.getClient('nope'), 404);
      await httpFailure(b.listContacts('nope'), 404);
      await httpFailure(b.createContact('nope', MIREILLE), 404);
    });

    it('generates varied, deterministic, valid contacts', async () => {
      const a = seedContacts(200);
      expect(seedContacts(200)).to.deep.equal(a);
      expect(new Set(a.map((c) => c.name)).size).to.equal(200);
      expect(new Set(a.map((c) => c.id)).size).to.equal(200);
      const emails = a.map((c) => c.email).filter(Boolean);
      expect(new Set(emails).size).to.equal(emails.length);
      expect(a.some((c) => /[éèëêàçïôü]/i.test(c.name))).to.equal(true);
      expect(new Set(a.map((c) => c.type)).size).to.be.greaterThan(3);
      expect(a.every((c) => c.accessStatus === 'none')).to.equal(true);
      // What the generator produces passes the server's own rules.
      const b = new FakeBackend({ contacts: [] });
      for (const c of a.slice(0, 40)) await b.createContact(C, c);
      expect((await b.listContacts(C)).total).to.equal(40);
    });

    it('makes up accesses for a seeded mix of access states', async () => {
      const contacts = seedContacts(30, C, { accessMix: true });
      const statuses = new Set(contacts.map((c) => c.accessStatus));
      expect([...statuses].sort()).to.deep.equal(['active', 'expired', 'invited', 'none', 'revoked']);
      const b = new FakeBackend({ contacts, now: () => T0 });
      const page = await b.listContacts(C, { limit: 500 });
      const byId = new Map(page.items.map((c) => [c.id, c.accessStatus]));
      for (const c of contacts) expect(byId.get(c.id), c.name).to.equal(c.accessStatus);
      const invited = contacts.find((c) => c.accessStatus === 'invited')!;
      const access = await b.getAccess(C, invited.id);
      expect(access.status).to.equal('invited');
      expect(access.userCode).to.match(/^8005551\d{3}$/);
      expect(Date.parse(access.invitationExpiresAt!)).to.be.greaterThan(T0.getTime());
      const history = await b.getAccessHistory(C, invited.id);
      expect(history.map((e) => e.action)).to.include('invitation-sent');
    });

    it('counts generated contacts when given a number', async () => {
      const b = new FakeBackend({ contacts: 120 });
      const page = await b.listContacts(C);
      expect(page.total).to.equal(120);
      expect(page.items).to.have.length(50);
    });
  });

  describe('contacts', () => {
    it('creates a trimmed contact with version 1 and lists it at once', async () => {
      const b = new FakeBackend({ contacts: [] });
      const created = await b.createContact(C, { ...MIREILLE, name: '  Mireille Couture  ', type: 'operations' });
      expect(created).to.include({ clientId: C, name: 'Mireille Couture', accessStatus: 'none', version: 1 });
      expect(created.id).to.be.a('string').and.not.equal('');
      expect(await b.getContact(C, created.id)).to.deep.equal(created);
      expect((await b.listContacts(C)).items).to.deep.equal([created]);
    });

    it('refuses what the server refuses, with field errors', async () => {
      const b = new FakeBackend();
      let e = await httpFailure(b.createContact(C, { name: '   ' }), 422);
      expect(e.errorsFor('name').map((x) => x.code)).to.deep.equal(['required']);
      e = await httpFailure(
        b.createContact(C, {
          name: 'x'.repeat(121),
          email: 'mireille@localhost',
          type: 'plumbing',
          phone: '1'.repeat(41),
          location: 'y'.repeat(201),
        }),
        422,
      );
      const codes = Object.fromEntries(e.fieldErrors.map((x) => [x.field, x.code]));
      expect(codes).to.deep.equal({
        name: 'too-long',
        email: 'email',
        type: 'unknown',
        phone: 'too-long',
        location: 'too-long',
      });
      expect(e.fieldErrors.every((x) => typeof x.message === 'string' && x.message !== '')).to.equal(true);
      // Nothing was created.
      expect((await b.listContacts(C)).total).to.equal(1);
      // Null and empty types are fine; a name of exactly 120 characters too.
      const ok = await b.createContact(C, { name: ` ${'x'.repeat(120)} `, type: '' });
      expect(ok.type).to.equal(null);
    });

    it('updates with a version bump and refuses a stale version with 412', async () => {
      const b = new FakeBackend();
      const before = await b.getContact(C, MIREILLE_ID);
      const after = await b.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Directrice' }, { version: 1 });
      expect(after).to.include({ title: 'Directrice', version: 2 });
      await httpFailure(b.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Stale' }, { version: before.version! }), 412);
      expect((await b.getContact(C, MIREILLE_ID)).title).to.equal('Directrice');
      // Without a version there is no check.
      expect((await b.updateContact(C, MIREILLE_ID, MIREILLE)).version).to.equal(3);
      await httpFailure(b.updateContact(C, MIREILLE_ID, { ...MIREILLE, name: '' }), 422);
      expect((await b.getContact(C, MIREILLE_ID)).version).to.equal(3);
    });

    it('answers 404 for an unknown contact or one of another client', async () => {
      const other = { ...HERVE_DAVID, id: 'x', code: 'x' };
      const b = new FakeBackend({ clients: [HERVE_DAVID, other] });
      await httpFailure(b.getContact(C, 'nope'), 404);
      await httpFailure(b.getContact('x', MIREILLE_ID), 404);
      await httpFailure(b.updateContact(C, 'nope', MIREILLE), 404);
      await httpFailure(b.getAccess(C, 'nope'), 404);
      await httpFailure(b.getAccessHistory(C, 'nope'), 404);
    });

    it('deletes with If-Match and revokes the access', async () => {
      const b = new FakeBackend();
      await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }));
      await httpFailure(b.deleteContact(C, MIREILLE_ID, { version: 7 }), 412);
      await b.deleteContact(C, MIREILLE_ID, { version: 1 });
      await httpFailure(b.getContact(C, MIREILLE_ID), 404);
      expect(b.peekAccess(C, MIREILLE_ID)?.status).to.equal('revoked');
      // The user code stays taken.
      const other = await b.createContact(C, { name: 'Autre' });
      await httpFailure(b.saveAccess(C, other.id, grant()), 409);
    });

    it('remembers idempotency keys: the same key creates nothing new', async () => {
      const b = new FakeBackend({ contacts: [] });
      const first = await b.createContact(C, { name: 'Zoé Roy' }, { idempotencyKey: 'k1' });
      const again = await b.createContact(C, { name: 'Zoé Roy' }, { idempotencyKey: 'k1' });
      expect(again).to.deep.equal(first);
      expect((await b.listContacts(C)).total).to.equal(1);
      await b.createContact(C, { name: 'Zoé Roy' }, { idempotencyKey: 'k2' });
      expect((await b.listContacts(C)).total).to.equal(2);
      expect(b.callCount('createContact')).to.equal(3);
    });

    it('a lost answer and a retry with the same key create one contact', async () => {
      const b = new FakeBackend({ contacts: [] });
      b.failNext('createContact', 'network', { afterCommit: true });
      const e = await rejection(b.createContact(C, { name: 'Luc Côté' }, { idempotencyKey: 'retry' }));
      expect(e).to.be.instanceOf(BackendError);
      expect((e as BackendError).kind).to.equal('network');
      const retried = await b.createContact(C, { name: 'Luc Côté' }, { idempotencyKey: 'retry' });
      expect(retried.name).to.equal('Luc Côté');
      expect((await b.listContacts(C)).total).to.equal(1);
    });

    it('answers copies: a caller cannot change the store', async () => {
      const b = new FakeBackend();
      const input = { ...MIREILLE };
      const created = await b.createContact(C, input);
      input.name = 'Changed input';
      created.name = 'Changed answer';
      (await b.listContacts(C)).items[0]!.name = 'Changed item';
      const choices = await b.getChoices();
      choices.branches.length = 0;
      (await b.getClient(C)).name = 'Changed client';
      expect((await b.getClient(C)).name).to.equal('Hervé David');
      expect((await b.getContact(C, created.id)).name).to.equal('Mireille Couture');
      expect((await b.getContact(C, MIREILLE_ID)).name).to.equal('Mireille Couture');
      expect((await b.getChoices()).branches).to.have.length(3);
    });
  });

  describe('list', () => {
    const people = [
      contact('Élise Tremblay', 'elise@a.com', 'p1'),
      contact('Jean-Philippe Côté', 'jp@b.com', 'p2'),
      contact('Zoé Éthier', 'zoe@c.com', 'p3'),
      contact('Éric Lavoie', 'boss@d.com', 'p4'),
      contact('emile Dubé', 'emile@e.com', 'p5'),
    ];

    it('sorts by name the French way, both ways', async () => {
      const b = new FakeBackend({ contacts: people });
      const names = (await b.listContacts(C)).items.map((c) => c.name);
      expect(names).to.deep.equal(['Élise Tremblay', 'emile Dubé', 'Éric Lavoie', 'Jean-Philippe Côté', 'Zoé Éthier']);
      const desc = (await b.listContacts(C, { sort: '-name' })).items.map((c) => c.name);
      expect(desc).to.deep.equal([...names].reverse());
    });

    it('sorts by e-mail and by access state', async () => {
      const b = new FakeBackend({ contacts: people });
      expect((await b.listContacts(C, { sort: 'email' })).items.map((c) => c.email)).to.deep.equal([
        'boss@d.com',
        'elise@a.com',
        'emile@e.com',
        'jp@b.com',
        'zoe@c.com',
      ]);
      expect((await b.listContacts(C, { sort: '-email' })).items[0]!.email).to.equal('zoe@c.com');
      await b.saveAccess(C, 'p3', grant({ userCode: 'z1', email: 'zoe@c.com', sendInvitation: true }));
      const byStatus = (await b.listContacts(C, { sort: '-accessStatus' })).items;
      expect(byStatus[0]!.name).to.equal('Zoé Éthier');
      expect(byStatus[0]!.accessStatus).to.equal('invited');
      expect((await b.listContacts(C, { sort: 'accessStatus' })).items.at(-1)!.name).to.equal('Zoé Éthier');
    });

    it('finds by the start of any word of the name or of the e-mail, ignoring case and accents', async () => {
      const b = new FakeBackend({ contacts: people });
      const find = async (q: string) => (await b.listContacts(C, { q })).items.map((c) => c.name).sort();
      expect(await find('eli')).to.deep.equal(['Élise Tremblay']);
      expect(await find('ÉTH')).to.deep.equal(['Zoé Éthier']);
      expect(await find('cote')).to.deep.equal(['Jean-Philippe Côté']);
      expect(await find('phil')).to.deep.equal(['Jean-Philippe Côté']);
      expect(await find('boss')).to.deep.equal(['Éric Lavoie']);
      expect(await find('e')).to.deep.equal(['emile Dubé', 'Éric Lavoie', 'Élise Tremblay', 'Zoé Éthier'].sort());
      expect(await find('avoie')).to.deep.equal([]);
      expect(await find('d.com')).to.deep.equal([]);
      expect(await find('zoé éth')).to.deep.equal(['Zoé Éthier']);
      expect(await find('  ')).to.have.length(5);
    });

    it('filters by access state and reports the total of matches', async () => {
      const contacts = seedContacts(40, C, { accessMix: true });
      const b = new FakeBackend({ contacts });
      const page = await b.listContacts(C, { accessStatus: 'active', limit: 2 });
      const expected = contacts.filter((c) => c.accessStatus === 'active').length;
      expect(expected).to.be.greaterThan(2);
      expect(page.total).to.equal(expected);
      expect(page.items).to.have.length(2);
      expect(page.items.every((c) => c.accessStatus === 'active')).to.equal(true);
    });

    it('pages with offset and limit (default 50)', async () => {
      const b = new FakeBackend({ contacts: 130 });
      const all = (await b.listContacts(C, { limit: 500 })).items;
      expect(all).to.have.length(130);
      const first = await b.listContacts(C);
      expect(first).to.include({ total: 130, offset: 0, limit: 50 });
      const last = await b.listContacts(C, { offset: 100, limit: 50 });
      expect(last.items.map((c) => c.id)).to.deep.equal(all.slice(100).map((c) => c.id));
      expect((await b.listContacts(C, { offset: 500 })).items).to.deep.equal([]);
    });

    it('refuses a query out of the contract with 400', async () => {
      const b = new FakeBackend();
      let e = await httpFailure(b.listContacts(C, { limit: 501 }), 400);
      expect(e.errorsFor('limit')).to.have.length(1);
      await httpFailure(b.listContacts(C, { limit: 0 }), 400);
      await httpFailure(b.listContacts(C, { offset: -1 }), 400);
      e = await httpFailure(b.listContacts(C, { q: 'x'.repeat(121) }), 400);
      expect(e.errorsFor('q')[0]!.code).to.equal('too-long');
      await httpFailure(b.listContacts(C, { sort: 'title' as 'name' }), 400);
    });
  });

  describe('access', () => {
    it('proposes an access for a contact without one', async () => {
      const b = new FakeBackend();
      const proposal = await b.getAccess(C, MIREILLE_ID);
      expect(proposal).to.deep.include({
        contactId: MIREILLE_ID,
        status: 'none',
        userCode: MIREILLE_USER_CODE,
        email: MIREILLE.email,
        role: 'client',
        userType: 'client-contact',
        allowedIps: [],
        branchId: null,
        invitedAt: null,
        version: 0,
      });
      expect(b.peekAccess(C, MIREILLE_ID)).to.equal(null);
    });

    it('proposes a user code that is the client code and three digits, not taken', async () => {
      const b = new FakeBackend({ contacts: seedContacts(5) });
      const codes = new Set<string>();
      for (const c of seedContacts(5)) {
        const p = await b.getAccess(C, c.id);
        expect(p.userCode).to.match(/^8005551\d{3}$/);
        await b.saveAccess(C, c.id, grant({ userCode: p.userCode, email: p.email || 'x@y.com' }));
        codes.add(p.userCode);
      }
      expect(codes.size).to.equal(5);
      const fresh = await b.createContact(C, { name: 'Nouveau' });
      expect(codes.has((await b.getAccess(C, fresh.id)).userCode)).to.equal(false);
    });

    it('saves and sends the invitation in one operation', async () => {
      let now = T0;
      const b = new FakeBackend({ now: () => now });
      const saved = await b.saveAccess(
        C,
        MIREILLE_ID,
        grant({ allowedIps: [' 10.0.0.0/8 ', '2001:db8::1'], branchId: 'mtl', sendInvitation: true }),
        { version: 0 },
      );
      expect(saved).to.deep.include({
        status: 'invited',
        userCode: MIREILLE_USER_CODE,
        allowedIps: ['10.0.0.0/8', '2001:db8::1'],
        branchId: 'mtl',
        invitedAt: T0.toISOString(),
        lastInvitationSentAt: T0.toISOString(),
        invitationExpiresAt: new Date(T0.getTime() + INVITATION_TTL_MS).toISOString(),
        version: 1,
      });
      expect((await b.getContact(C, MIREILLE_ID)).accessStatus).to.equal('invited');
      expect(await b.getAccess(C, MIREILLE_ID)).to.deep.equal(saved);

      // Re-send later: new dates, same first invitation, version bumped.
      now = new Date(T0.getTime() + 60_000);
      const resent = await b.sendInvitation(C, MIREILLE_ID);
      expect(resent.lastInvitationSentAt).to.equal(now.toISOString());
      expect(resent.invitationExpiresAt).to.equal(new Date(now.getTime() + INVITATION_TTL_MS).toISOString());
      expect(resent.invitedAt).to.equal(T0.toISOString());
      expect(resent.version).to.equal(2);

      // Past the expiry, the access reads as expired; a re-send makes it invited again.
      now = new Date(now.getTime() + INVITATION_TTL_MS + 1);
      expect((await b.getAccess(C, MIREILLE_ID)).status).to.equal('expired');
      expect((await b.listContacts(C, { accessStatus: 'expired' })).total).to.equal(1);
      expect((await b.sendInvitation(C, MIREILLE_ID)).status).to.equal('invited');
    });

    it('saves without e-mail: no invitation dates', async () => {
      const b = new FakeBackend();
      const saved = await b.saveAccess(C, MIREILLE_ID, grant());
      expect(saved).to.include({ status: 'none', invitedAt: null, lastInvitationSentAt: null, version: 1 });
      expect(b.peekAccess(C, MIREILLE_ID)).to.deep.equal(saved);
      const edited = await b.saveAccess(C, MIREILLE_ID, grant({ branchId: 'qc' }), { version: 1 });
      expect(edited).to.include({ branchId: 'qc', version: 2 });
    });

    it('refuses invalid fields with 422 and the index of a bad IP', async () => {
      const b = new FakeBackend();
      const e = await httpFailure(
        b.saveAccess(
          C,
          MIREILLE_ID,
          grant({ userCode: 'has space', email: 'nope', allowedIps: ['10.0.0.1', '123.542.654.785', 'fe80::1%eth0'], branchId: 'paris' }),
        ),
        422,
      );
      expect(e.fieldErrors.map((x) => [x.field, x.code, x.index])).to.deep.equal([
        ['userCode', 'invalid', undefined],
        ['email', 'email', undefined],
        ['allowedIps', 'ip', 1],
        ['allowedIps', 'ip', 2],
        ['branchId', 'unknown', undefined],
      ]);
      const required = await httpFailure(b.saveAccess(C, MIREILLE_ID, grant({ userCode: ' ', email: '' })), 422);
      expect(required.fieldErrors.map((x) => [x.field, x.code])).to.deep.equal([
        ['userCode', 'required'],
        ['email', 'required'],
      ]);
      const tooMany = await httpFailure(
        b.saveAccess(C, MIREILLE_ID, grant({ allowedIps: Array.from({ length: 21 }, (_, i) => `10.0.0.${i}`) })),
        422,
      );
      expect(tooMany.errorsFor('allowedIps')[0]!.code).to.equal('too-long');
      await httpFailure(b.saveAccess(C, MIREILLE_ID, grant({ userCode: 'x'.repeat(65) })), 422);
      expect(b.peekAccess(C, MIREILLE_ID)).to.equal(null);
    });

    it('refuses a user code taken by any access with 409 duplicate', async () => {
      const other = { ...HERVE_DAVID, id: '7', code: '7' };
      const b = new FakeBackend({
        clients: [HERVE_DAVID, other],
        contacts: [{ ...contact('Ailleurs', 'a@b.com', 'a1'), clientId: '7' }, ...seedContacts(1)],
      });
      await b.saveAccess('7', 'a1', grant({ userCode: 'ABC' }));
      const e = await httpFailure(b.saveAccess(C, `${C}-1`, grant({ userCode: 'abc' })), 409);
      expect(e.fieldErrors).to.have.length(1);
      expect(e.fieldErrors[0]).to.include({ field: 'userCode', code: 'duplicate' });
      expect(b.peekAccess(C, `${C}-1`)).to.equal(null);
      // Saving an access again with its own code is fine.
      expect((await b.saveAccess('7', 'a1', grant({ userCode: 'ABC' }))).version).to.equal(2);
    });

    it('refuses a stale version with 412 and changes nothing', async () => {
      const b = new FakeBackend();
      await b.saveAccess(C, MIREILLE_ID, grant(), { version: 0 });
      await httpFailure(b.saveAccess(C, MIREILLE_ID, grant({ branchId: 'mtl' }), { version: 0 }), 412);
      expect(b.peekAccess(C, MIREILLE_ID)).to.include({ branchId: null, version: 1 });
      await httpFailure(b.revokeAccess(C, MIREILLE_ID, { version: 0 }), 412);
      expect(b.peekAccess(C, MIREILLE_ID)!.status).to.equal('none');
    });

    it('replays a save with the same idempotency key, even with the old version', async () => {
      const b = new FakeBackend();
      const opts = { version: 0, idempotencyKey: 'save-1' };
      const first = await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }), opts);
      const again = await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }), opts);
      expect(again).to.deep.equal(first);
      expect(b.peekAccess(C, MIREILLE_ID)!.version).to.equal(1);
      const sent = (await b.getAccessHistory(C, MIREILLE_ID)).filter((e) => e.action === 'invitation-sent');
      expect(sent).to.have.length(1);
    });

    it('sends an invitation only for an access (409 otherwise)', async () => {
      const b = new FakeBackend();
      await httpFailure(b.sendInvitation(C, MIREILLE_ID), 409);
      await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }));
      await b.revokeAccess(C, MIREILLE_ID);
      await httpFailure(b.sendInvitation(C, MIREILLE_ID), 409);
    });

    it('revokes, records the trail newest first', async () => {
      const b = new FakeBackend({ now: () => T0 });
      await httpFailure(b.revokeAccess(C, MIREILLE_ID), 404);
      await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }));
      b.simulateAcceptance(C, MIREILLE_ID);
      expect((await b.getContact(C, MIREILLE_ID)).accessStatus).to.equal('active');
      const revoked = await b.revokeAccess(C, MIREILLE_ID, { version: 2 });
      expect(revoked).to.include({ status: 'revoked', revokedAt: T0.toISOString(), version: 3 });
      expect((await b.getContact(C, MIREILLE_ID)).accessStatus).to.equal('revoked');
      const history = await b.getAccessHistory(C, MIREILLE_ID);
      expect(history.map((e) => e.action)).to.deep.equal([
        'access-revoked',
        'invitation-accepted',
        'invitation-sent',
        'access-created',
      ]);
      expect(history[1]!.actor).to.equal(MIREILLE_USER_CODE);
      expect(history.every((e) => e.id && e.at && e.address)).to.equal(true);
      // Granting again re-invites.
      const again = await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }), { version: 3 });
      expect(again).to.include({ status: 'invited', revokedAt: null });
    });
  });

  describe('latency, abort and failures', () => {
    it('waits `latency` ms, changeable at run time', async () => {
      const b = new FakeBackend({ latency: 120 });
      let t = performance.now();
      await b.getChoices();
      expect(performance.now() - t).to.be.at.least(110);
      b.latency = 0;
      t = performance.now();
      await b.getChoices();
      // Far below the 120 ms it waited before, with room for a busy machine.
      expect(performance.now() - t).to.be.below(1000);
    });

    it('answers asynchronously even without latency', async () => {
      const b = new FakeBackend();
      let done = false;
      const p = b.getClient(C).then(() => (done = true));
      await Promise.resolve();
      expect(done).to.equal(false);
      await p;
      expect(done).to.equal(true);
    });

    it('rejects with the signal reason when aborted before or during the wait', async () => {
      const b = new FakeBackend({ latency: 10_000, contacts: [] });
      const before = new AbortController();
      before.abort(new DOMException('gone', 'AbortError'));
      expect(await rejection(b.getClient(C, { signal: before.signal }))).to.equal(before.signal.reason);

      const during = new AbortController();
      const t = performance.now();
      const p = b.createContact(C, { name: 'Jamais' }, { signal: during.signal });
      setTimeout(() => during.abort('user left'), 20);
      expect(await rejection(p)).to.equal('user left');
      // Long before the 10 s latency would have run out, even on a busy machine.
      expect(performance.now() - t).to.be.below(5000);
      b.latency = 0;
      expect((await b.listContacts(C)).total).to.equal(0);
    });

    it('switches every call to a failure mode and back', async () => {
      const b = new FakeBackend();
      b.fail = 'network';
      let e = (await rejection(b.getChoices())) as BackendError;
      expect(e).to.be.instanceOf(BackendError);
      expect([e.kind, e.status]).to.deep.equal(['network', 0]);
      b.fail = 'timeout';
      e = (await rejection(b.getClient(C))) as BackendError;
      expect([e.kind, e.status]).to.deep.equal(['timeout', 0]);
      b.fail = 'server-error';
      await httpFailure(b.createContact(C, { name: 'Rien' }), 500);
      b.fail = 'none';
      expect((await b.listContacts(C)).total).to.equal(1);
    });

    it('stale makes only the changing calls fail with 412', async () => {
      const b = new FakeBackend({ fail: 'stale' });
      expect((await b.getContact(C, MIREILLE_ID)).name).to.equal('Mireille Couture');
      await httpFailure(b.updateContact(C, MIREILLE_ID, MIREILLE), 412);
      await httpFailure(b.saveAccess(C, MIREILLE_ID, grant()), 412);
      await httpFailure(b.deleteContact(C, MIREILLE_ID), 412);
      expect((await b.getContact(C, MIREILLE_ID)).version).to.equal(1);
    });

    it('fails only the next call of one method', async () => {
      const b = new FakeBackend();
      const custom = new BackendError('http', 502, { type: 'about:blank', title: 'Bad Gateway', status: 502 });
      b.failNext('saveAccess', custom).failNext('saveAccess', 'timeout');
      expect(await rejection(b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true })))).to.equal(custom);
      expect(((await rejection(b.saveAccess(C, MIREILLE_ID, grant()))) as BackendError).kind).to.equal('timeout');
      expect(b.peekAccess(C, MIREILLE_ID)).to.equal(null);
      expect((await b.saveAccess(C, MIREILLE_ID, grant())).version).to.equal(1);
      b.failNext('getClient');
      await httpFailure(b.getClient(C), 500);
      expect((await b.getClient(C)).id).to.equal(C);
    });
  });

  describe('live events (watchClient)', () => {
    /** Opens a stream of client `clientId`: what it received so far, and its end. */
    function watch(b: FakeBackend, clientId = C, lastEventId?: string) {
      const received: LiveEvent[] = [];
      const abort = new AbortController();
      const ended = b.watchClient(clientId, (e) => received.push(e), { signal: abort.signal, ...(lastEventId ? { lastEventId } : {}) });
      ended.catch(() => undefined);
      return { received, abort, ended };
    }

    async function until(check: () => boolean): Promise<void> {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(check(), 'waited for the events').to.equal(true);
    }

    it('streams ready, then every change made through it, of its own client only, until aborted', async () => {
      const other = { ...HERVE_DAVID, id: 'autre', code: 'autre', name: 'Autre client' };
      const b = new FakeBackend({ clients: [HERVE_DAVID, other] });
      const stream = watch(b);
      const elsewhere = watch(b, 'autre');
      await until(() => stream.received.length === 1 && elsewhere.received.length === 1);
      expect(stream.received[0]).to.deep.equal({ id: '0', type: 'ready' });
      expect(b.watching(C)).to.equal(1);

      const created = await b.createContact(C, { name: 'Luc Live' });
      await b.updateContact(C, created.id, { name: 'Luc Live', title: 'Comptable' });
      await b.saveAccess(C, MIREILLE_ID, grant({ sendInvitation: true }));
      b.simulateAcceptance(C, MIREILLE_ID);
      await b.deleteContact(C, created.id);
      await until(() => stream.received.length === 7);
      expect(stream.received.slice(1).map((e) => [e.type, e.contactId])).to.deep.equal([
        ['contact-created', created.id],
        ['contact-updated', created.id],
        ['access-saved', MIREILLE_ID],
        ['invitation-sent', MIREILLE_ID],
        ['invitation-accepted', MIREILLE_ID],
        ['contact-deleted', created.id],
      ]);
      expect(stream.received.map((e) => e.id)).to.deep.equal(['0', '1', '2', '3', '4', '5', '6']);
      expect(elsewhere.received.map((e) => e.type)).to.deep.equal(['ready']);

      stream.abort.abort('left');
      expect(await rejection(stream.ended)).to.equal('left');
      expect(b.watching(C)).to.equal(0);
      await b.updateContact(C, MIREILLE_ID, MIREILLE);
      await new Promise((r) => setTimeout(r, 20));
      expect(stream.received).to.have.length(7);
      elsewhere.abort.abort();
    });

    it('streams what time changes, once each, as the server tells it: an access reaching its end, an invitation running out', async () => {
      let now = Date.parse('2026-06-01T12:00:00.000Z');
      const b = new FakeBackend({ contacts: 3, now: () => new Date(now) });
      const [ending, waiting, revoked] = b.peekContacts(C);
      const soon = '2026-06-01T14:00:00.000Z';
      await b.saveAccess(C, ending!.id, { userCode: 'fin1', email: 'fin1@example.com', accessExpiresAt: soon, sendInvitation: true });
      await b.saveAccess(C, waiting!.id, { userCode: 'lien2', email: 'lien2@example.com', sendInvitation: true });
      await b.saveAccess(C, revoked!.id, { userCode: 'rev3', email: 'rev3@example.com', accessExpiresAt: soon, sendInvitation: true });
      await b.revokeAccess(C, revoked!.id);
      const stream = watch(b);
      await until(() => stream.received.length === 1);
      const told = () => stream.received.filter((e) => e.type === 'access-ended' || e.type === 'invitation-expired').map((e) => [e.type, e.contactId]);

      b.tellTimeChanges();
      now += 3 * 3_600_000;
      b.tellTimeChanges();
      b.tellTimeChanges();
      await until(() => told().length === 1);
      now += 72 * 3_600_000;
      b.tellTimeChanges();
      await until(() => told().length === 2);
      await new Promise((r) => setTimeout(r, 20));
      // (the ending access's invitation ran out after it ended: no second event for it)
      expect(told()).to.deep.equal([
        ['access-ended', ending!.id],
        ['invitation-expired', waiting!.id],
      ]);
      const statuses = (await b.listContacts(C)).items.map((c) => [c.id, c.accessStatus]);
      expect(statuses).to.deep.include.members([
        [ending!.id, 'ended'],
        [waiting!.id, 'expired'],
        [revoked!.id, 'revoked'],
      ]);
      stream.abort.abort();
    });

    it('resumes after Last-Event-ID with what was missed, and says reset when it cannot', async () => {
      const b = new FakeBackend();
      await b.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Un' });
      await b.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Deux' });
      await b.createContact(C, { name: 'Trois' });

      const resumed = watch(b, C, '1');
      await until(() => resumed.received.length === 3);
      expect(resumed.received.map((e) => [e.id, e.type])).to.deep.equal([
        ['1', 'ready'],
        ['2', 'contact-updated'],
        ['3', 'contact-created'],
      ]);
      for (const unknown of ['99', 'abc']) {
        const reset = watch(b, C, unknown);
        await until(() => reset.received.length === 1);
        expect(reset.received[0]).to.deep.equal({ id: '3', type: 'reset' });
        reset.abort.abort();
      }
      resumed.abort.abort();
    });
  });

  describe('call log', () => {
    it('records every call with copies of its arguments', async () => {
      const b = new FakeBackend();
      const input = { name: 'Luc' };
      const controller = new AbortController();
      await b.createContact(C, input, { idempotencyKey: 'k', signal: controller.signal });
      input.name = 'changed';
      await b.listContacts(C, { q: 'lu' });
      b.fail = 'network';
      await rejection(b.getChoices());
      expect(b.calls.map((c) => c.method)).to.deep.equal(['createContact', 'listContacts', 'getChoices']);
      const [clientId, sent, options] = b.calls[0]!.args as [string, { name: string }, { signal: AbortSignal }];
      expect(clientId).to.equal(C);
      expect(sent.name).to.equal('Luc');
      expect(options.signal).to.equal(controller.signal);
      expect(b.callCount('createContact')).to.equal(1);
      expect(b.callCount('updateContact')).to.equal(0);
      expect(b.callCount()).to.equal(3);
      expect(b.callsOf('listContacts')[0]!.args).to.deep.equal([C, { q: 'lu' }]);
      b.resetCalls();
      expect(b.callCount()).to.equal(0);
    });
  });
});
