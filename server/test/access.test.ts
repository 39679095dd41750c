import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Access, AuditEvent, Contact, ContactPage, Problem } from '../../src/api/types.js';
import type { MailSender, OutgoingMail } from '../mail/transport.js';
import { BROWSING_CLIENT, MIREILLE, PUBLIC_URL, REFERENCE_CLIENT, type TestServer, countRows, snapshot, startServer } from './harness.js';

interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  date: string;
  language: string;
  text: string;
  html: string;
  links: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const TOKEN_LINK = new RegExp(`^${PUBLIC_URL.replace(/[.]/g, '\\.')}/invitation\\?token=([A-Za-z0-9_-]{43})$`);

/**
 * A transport whose mail server refuses every mail for good (an SMTP 550, as
 * nodemailer reports it) while `failing` is set, and can be slowed down. (A
 * failure that may pass is retried from the outbox: server/test/outbox.test.ts.)
 */
class SwitchableTransport implements MailSender {
  failing = false;
  delayMs = 0;
  sent: OutgoingMail[] = [];
  async sendMail(mail: OutgoingMail): Promise<{ messageId: string }> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failing) throw Object.assign(new Error('Can\'t send mail - all recipients were rejected: 550 5.1.1 No such user'), { code: 'EENVELOPE', responseCode: 550 });
    this.sent.push(mail);
    return { messageId: `<${this.sent.length}@test>` };
  }
}

async function setup(server: TestServer, client = REFERENCE_CLIENT, input: Record<string, unknown> = MIREILLE) {
  const res = await server.request<Contact>('POST', `/api/v1/clients/${client}/contacts`, { json: input });
  assert.equal(res.status, 201);
  const base = `/api/v1/clients/${client}/contacts/${res.body.id}`;
  return { contact: res.body, base, access: `${base}/access` };
}

async function mailbox(server: TestServer): Promise<MailboxEntry[]> {
  const res = await server.request<{ items: MailboxEntry[] }>('GET', '/dev/mailbox.json');
  assert.equal(res.status, 200);
  return res.body.items;
}

function tokenOf(mail: MailboxEntry): string {
  const link = mail.links.find((l) => TOKEN_LINK.test(l));
  assert.ok(link, `no invitation link in ${mail.text}`);
  return TOKEN_LINK.exec(link)![1]!;
}

describe('access', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  describe('proposal', () => {
    it('proposes an access when there is none: status none, a free user code, the contact e-mail, version 0', async () => {
      const { contact, access } = await setup(server);
      const res = await server.request<Access>('GET', access);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('etag'), '"0"');
      // The client's first contact gets the seed article's code.
      assert.equal(res.body.userCode, '8005551216');
      assert.deepEqual(res.body, {
        contactId: contact.id,
        userType: 'client-contact',
        role: 'client',
        userCode: res.body.userCode,
        email: MIREILLE.email,
        allowedIps: [],
        branchId: null,
        status: 'none',
        invitedAt: null,
        invitationExpiresAt: null,
        lastInvitationSentAt: null,
        activatedAt: null,
        revokedAt: null,
        accessExpiresAt: null,
        version: 0,
      });
      const again = await server.request<Access>('GET', access);
      assert.equal(again.body.userCode, res.body.userCode, 'the proposal is stable');
      assert.equal(await countRows(server.db, 'accesses', 'contact_id = ?', Number(contact.id)), 0, 'a proposal is not stored');
    });

    it('never proposes a user code somebody holds', async () => {
      const a = await setup(server, REFERENCE_CLIENT, { name: 'Alpha' });
      const b = await setup(server, REFERENCE_CLIENT, { name: 'Beta' });
      const proposedForB = (await server.request<Access>('GET', b.access)).body.userCode;
      const saved = await server.request<Access>('PUT', a.access, { json: { userCode: proposedForB, email: 'alpha@example.com' } });
      assert.equal(saved.status, 200);
      const next = (await server.request<Access>('GET', b.access)).body.userCode;
      assert.notEqual(next, proposedForB);
      assert.match(next, /^8005551\d{3}$/);
      assert.equal(await countRows(server.db, 'accesses', 'user_code = ?', next), 0);
    });
  });

  describe('save and send the invitation', () => {
    it('saves the access and sends the invitation in one call', async () => {
      const { contact, access, base } = await setup(server, REFERENCE_CLIENT, { ...MIREILLE, email: 'mireille@hervedavid.com' });
      const proposal = (await server.request<Access>('GET', access)).body;
      const before = server.clock.now();
      const res = await server.request<Access>('PUT', access, {
        json: {
          userCode: proposal.userCode,
          email: MIREILLE.email,
          allowedIps: ['203.0.113.7', ' 10.0.0.0/8 ', '2001:db8::/32', '::ffff:192.0.2.1'],
          branchId: 'actbl-montreal',
          sendInvitation: true,
        },
        headers: { 'if-match': '"0"' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('etag'), `"${res.body.version}"`);
      assert.equal(res.body.status, 'invited');
      assert.equal(res.body.userCode, proposal.userCode);
      assert.equal(res.body.email, MIREILLE.email);
      assert.deepEqual(res.body.allowedIps, ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32', '::ffff:192.0.2.1']);
      assert.equal(res.body.branchId, 'actbl-montreal');
      assert.equal(res.body.version, 1);
      assert.ok(res.body.invitedAt && Date.parse(res.body.invitedAt) >= before.getTime() - 1000);
      assert.equal(res.body.lastInvitationSentAt, res.body.invitedAt);
      const ttl = Date.parse(res.body.invitationExpiresAt!) - Date.parse(res.body.invitedAt!);
      assert.equal(ttl, 72 * 3_600_000);

      const read = await server.request<Access>('GET', access);
      assert.deepEqual(read.body, res.body);
      const listed = await server.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts?q=mireille`);
      assert.equal(listed.body.items.find((c) => c.id === contact.id)?.accessStatus, 'invited');
      assert.equal((await server.request<Contact>('GET', base)).body.accessStatus, 'invited');

      // The mail: in French (the client's language), to the access e-mail, with the user code and the link.
      const mail = (await mailbox(server)).find((m) => m.to === MIREILLE.email);
      assert.ok(mail);
      assert.equal(mail.language, 'fr');
      assert.match(mail.subject, new RegExp(proposal.userCode));
      assert.match(mail.subject, /code d'utilisateur/);
      assert.match(mail.text, /Bonjour Mireille Couture/);
      assert.match(mail.text, new RegExp(`Votre code d'utilisateur : ${proposal.userCode}`));
      assert.match(mail.text, /mot de passe confidentiel/);
      assert.match(mail.text, /Ce lien expire le .+ \(dans 72 heures\)/);
      assert.match(mail.html, /<a href="https:\/\/portal\.example\.test\/invitation\?token=/);

      // Only the token's SHA-256 is stored.
      const token = tokenOf(mail);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      const rows = await server.db.all('SELECT * FROM invitations WHERE contact_id = ?', Number(contact.id)) as { token_hash: string }[];
      assert.deepEqual(rows.map((r) => r.token_hash), [sha256(token)]);
      for (const table of ['invitations', 'accesses', 'audit_events', 'idempotency_keys']) {
        const dump = JSON.stringify(await server.db.all(`SELECT * FROM ${table}`));
        assert.ok(!dump.includes(token), `the raw token is in ${table}`);
      }

      // The trail.
      const history = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`);
      assert.deepEqual(history.body.items.map((e) => e.action), ['invitation-sent', 'access-created']);
      for (const e of history.body.items) {
        assert.equal(e.actor, 'api-token');
        assert.equal(e.address, '127.0.0.1');
        assert.ok(Math.abs(Date.parse(e.at) - before.getTime()) < 5000);
      }
    });

    it('writes the e-mail in English for an English client', async () => {
      const { access } = await setup(server, BROWSING_CLIENT, { name: 'Olivia Grant', email: 'olivia.grant@example.com' });
      const proposal = (await server.request<Access>('GET', access)).body;
      assert.match(proposal.userCode, /^8005552\d{3}$/);
      const res = await server.request<Access>('PUT', access, {
        json: { userCode: proposal.userCode, email: proposal.email, sendInvitation: true },
      });
      assert.equal(res.status, 200);
      const mail = (await mailbox(server)).find((m) => m.to === 'olivia.grant@example.com');
      assert.ok(mail);
      assert.equal(mail.language, 'en');
      assert.equal(mail.subject, `Your user code ${proposal.userCode} has been created`);
      assert.match(mail.text, /Hello Olivia Grant/);
      assert.match(mail.text, /set your own confidential password/);
      assert.match(mail.text, /This link expires on .+ \(in 72 hours\)/);
    });

    it('saves without e-mail when sendInvitation is false or absent', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Sans Courriel' });
      const mails = (await mailbox(server)).length;
      const res = await server.request<Access>('PUT', access, { json: { userCode: `x-${contact.id}`, email: 'sans@example.com' } });
      assert.equal(res.status, 200);
      // Saved, but granted to nobody until an invitation leaves.
      assert.equal(res.body.status, 'none');
      assert.equal(res.body.version, 1);
      assert.equal(res.body.invitedAt, null);
      assert.equal(res.body.lastInvitationSentAt, null);
      assert.equal((await mailbox(server)).length, mails);
      assert.equal(await countRows(server.db, 'invitations', 'contact_id = ?', Number(contact.id)), 0);
      // Saving the same values again changes nothing.
      const same = await server.request<Access>('PUT', access, { json: { userCode: `x-${contact.id}`, email: 'sans@example.com' } });
      assert.equal(same.body.version, 1);
      const changed = await server.request<Access>('PUT', access, { json: { userCode: `x-${contact.id}`, email: 'autre@example.com' } });
      assert.equal(changed.body.version, 2);
      const history = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`);
      assert.deepEqual(history.body.items.map((e) => e.action), ['access-updated', 'access-created']);
      assert.match(history.body.items[0]?.detail ?? '', /email/);
      const listed = await server.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts?accessStatus=none&limit=500`);
      assert.ok(listed.body.items.some((c) => c.id === contact.id));
      // The invitation makes it invited.
      const sent = await server.request<Access>('POST', `${access}/invitation`);
      assert.equal(sent.status, 200);
      assert.equal(sent.body.status, 'invited');
      assert.ok(sent.body.invitedAt);
    });

    it('ignores status, role, userType, contactId and dates in the body', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Forceur' });
      const res = await server.request<Access>('PUT', access, {
        json: {
          userCode: `forceur-${contact.id}`,
          email: 'forceur@example.com',
          status: 'active',
          role: 'admin',
          userType: 'employee',
          contactId: '1',
          activatedAt: '2020-01-01T00:00:00Z',
          version: 99,
        },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'none');
      assert.equal(res.body.role, 'client');
      assert.equal(res.body.userType, 'client-contact');
      assert.equal(res.body.contactId, contact.id);
      assert.equal(res.body.activatedAt, null);
      assert.equal(res.body.version, 1);
    });
  });

  describe('rules (nothing written)', () => {
    let access: string;
    let userCode: string;
    before(async () => {
      const made = await setup(server, REFERENCE_CLIENT, { name: 'Règles Strictes', email: 'regles@example.com' });
      access = made.access;
      userCode = (await server.request<Access>('GET', access)).body.userCode;
    });

    const cases: [string, Record<string, unknown>, string, string, number?][] = [
      ['the seed article IP 123.542.654.785', { allowedIps: ['123.542.654.785'] }, 'allowedIps', 'ip', 0],
      ['an octal-looking IP', { allowedIps: ['10.0.0.1', '010.1.1.1'] }, 'allowedIps', 'ip', 1],
      ['a short IP', { allowedIps: ['1.2.3'] }, 'allowedIps', 'ip', 0],
      ['a hex IP', { allowedIps: ['192.0.2.1', '2001:db8::1', '0x7f.0.0.1'] }, 'allowedIps', 'ip', 2],
      ['an IPv6 zone id', { allowedIps: ['fe80::1%eth0'] }, 'allowedIps', 'ip', 0],
      ['a CIDR prefix too long', { allowedIps: ['10.0.0.0/33'] }, 'allowedIps', 'ip', 0],
      ['an empty IP entry', { allowedIps: [''] }, 'allowedIps', 'ip', 0],
      ['an IP entry not a string', { allowedIps: [42] }, 'allowedIps', 'invalid', 0],
      ['allowedIps not an array', { allowedIps: '10.0.0.1' }, 'allowedIps', 'invalid'],
      ['more than 20 IPs', { allowedIps: Array.from({ length: 21 }, (_, i) => `10.0.0.${i}`) }, 'allowedIps', 'too-long'],
      ['an unknown branch', { branchId: 'actbl-toronto' }, 'branchId', 'unknown'],
      ['a branch id not a string', { branchId: 7 }, 'branchId', 'invalid'],
      ['a missing user code', { userCode: undefined }, 'userCode', 'required'],
      ['a blank user code', { userCode: '  ' }, 'userCode', 'required'],
      ['a user code with a space', { userCode: '8005551 216' }, 'userCode', 'invalid'],
      ['a user code too long', { userCode: '8'.repeat(65) }, 'userCode', 'too-long'],
      ['a missing e-mail', { email: undefined }, 'email', 'required'],
      ['an empty e-mail', { email: '' }, 'email', 'required'],
      ['a bad e-mail', { email: 'mireille.couture@hervedavid' }, 'email', 'email'],
      ['an e-mail too long', { email: `${'m'.repeat(250)}@hervedavid.com` }, 'email', 'too-long'],
      ['sendInvitation not a boolean', { sendInvitation: 'yes' }, 'sendInvitation', 'invalid'],
    ];
    for (const [label, patch, field, code, index] of cases) {
      it(`refuses ${label} with 422`, async () => {
        const body: Record<string, unknown> = { userCode, email: 'regles@example.com', sendInvitation: true, ...patch };
        const before = await snapshot(server.db);
        const res = await server.request<Problem>('PUT', access, { json: body });
        assert.equal(res.status, 422, res.text);
        const error = res.body.errors?.find((e) => e.field === field);
        assert.ok(error, JSON.stringify(res.body.errors));
        assert.equal(error.code, code);
        assert.equal(typeof error.message, 'string');
        if (index !== undefined) assert.equal(error.index, index);
        assert.deepEqual(await snapshot(server.db), before);
      });
    }

    it('refuses a user code held by another user with 409 (ignoring case) and overwrites nothing', async () => {
      const holder = await setup(server, REFERENCE_CLIENT, { name: 'Titulaire' });
      const taken = await server.request<Access>('PUT', holder.access, { json: { userCode: 'Mireille-216', email: 'titulaire@example.com' } });
      assert.equal(taken.status, 200);
      for (const code of ['Mireille-216', 'mireille-216']) {
        const before = await snapshot(server.db);
        const res = await server.request<Problem>('PUT', access, { json: { userCode: code, email: 'regles@example.com', sendInvitation: true } });
        assert.equal(res.status, 409);
        assert.deepEqual(res.body.errors?.map((e) => [e.field, e.code]), [['userCode', 'duplicate']]);
        assert.deepEqual(await snapshot(server.db), before);
      }
      const stillHolder = await server.request<Access>('GET', holder.access);
      assert.equal(stillHolder.body.userCode, 'Mireille-216');
      // The holder may save its own code again.
      const own = await server.request<Access>('PUT', holder.access, { json: { userCode: 'mireille-216', email: 'titulaire@example.com' } });
      assert.equal(own.status, 200);
    });
  });

  describe('ETag / If-Match on the access', () => {
    it('refuses a stale If-Match on PUT and DELETE with 412 and changes nothing', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Version Test' });
      const code = `version-${contact.id}`;
      const first = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'v@example.com' }, headers: { 'if-match': '"0"' } });
      assert.equal(first.status, 200);
      for (const [method, tag] of [
        ['PUT', '"0"'],
        ['PUT', '"2"'],
        ['DELETE', '"0"'],
        ['DELETE', '"5"'],
      ] as const) {
        const before = await snapshot(server.db);
        const res = await server.request<Problem>(method, access, {
          headers: { 'if-match': tag },
          ...(method === 'PUT' ? { json: { userCode: code, email: 'changed@example.com', sendInvitation: true } } : {}),
        });
        assert.equal(res.status, 412, `${method} ${tag}`);
        assert.deepEqual(await snapshot(server.db), before);
      }
      const ok = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'w@example.com' }, headers: { 'if-match': '"1"' } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('etag'), '"2"');
    });

    it('does not let "*" or a version other than 0 create an access', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Étoile' });
      for (const tag of ['*', '"1"']) {
        const res = await server.request('PUT', access, { json: { userCode: `star-${contact.id}`, email: 's@example.com' }, headers: { 'if-match': tag } });
        assert.equal(res.status, 412, tag);
      }
      assert.equal(await countRows(server.db, 'accesses', 'contact_id = ?', Number(contact.id)), 0);
    });
  });

  describe('re-send, revoke, expiry', () => {
    it('re-sends with a new link; the previous link stops working', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Renvoi', email: 'renvoi@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      const saved = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'renvoi@example.com', sendInvitation: true } });
      const firstToken = tokenOf((await mailbox(server)).find((m) => m.to === 'renvoi@example.com')!);
      server.clock.advanceHours(1);

      const res = await server.request<Access>('POST', `${access}/invitation`);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'invited');
      assert.equal(res.body.version, saved.body.version + 1);
      assert.equal(res.headers.get('etag'), `"${res.body.version}"`);
      assert.equal(res.body.invitedAt, saved.body.invitedAt);
      assert.ok(Date.parse(res.body.lastInvitationSentAt!) > Date.parse(saved.body.lastInvitationSentAt!));
      assert.ok(Date.parse(res.body.invitationExpiresAt!) > Date.parse(saved.body.invitationExpiresAt!));

      const mails = (await mailbox(server)).filter((m) => m.to === 'renvoi@example.com');
      assert.equal(mails.length, 2);
      const secondToken = tokenOf(mails[0]!);
      assert.notEqual(secondToken, firstToken);
      const rows = await server.db.all('SELECT token_hash, invalidated_at, invalidated_reason FROM invitations WHERE contact_id = ? ORDER BY id', Number(contact.id)) as { token_hash: string; invalidated_at: string | null; invalidated_reason: string | null }[];
      assert.equal(rows.length, 2);
      assert.equal(rows[0]?.token_hash, sha256(firstToken));
      assert.equal(rows[0]?.invalidated_reason, 'superseded');
      assert.ok(rows[0]?.invalidated_at);
      assert.equal(rows[1]?.token_hash, sha256(secondToken));
      assert.equal(rows[1]?.invalidated_at, null);

      const history = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`);
      assert.deepEqual(history.body.items.map((e) => e.action), ['invitation-sent', 'invitation-sent', 'access-created']);
    });

    it('revokes: status revoked, the pending link dead; re-sending is refused until it is saved again', async () => {
      const { access, contact, base } = await setup(server, REFERENCE_CLIENT, { name: 'Révoquée', email: 'revoquee@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      const saved = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'revoquee@example.com', sendInvitation: true } });
      const res = await server.request<Access>('DELETE', access, { headers: { 'if-match': `"${saved.body.version}"` } });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'revoked');
      assert.ok(res.body.revokedAt);
      assert.equal(res.body.version, saved.body.version + 1);
      const pending = await countRows(server.db, 'invitations', 'contact_id = ? AND invalidated_at IS NULL AND used_at IS NULL', Number(contact.id));
      assert.equal(pending, 0);
      assert.equal(await countRows(server.db, 'invitations', "contact_id = ? AND invalidated_reason = 'revoked'", Number(contact.id)), 1);
      assert.equal((await server.request<Contact>('GET', base)).body.accessStatus, 'revoked');

      // Revoking again changes nothing.
      const twice = await server.request<Access>('DELETE', access);
      assert.equal(twice.body.version, res.body.version);

      const before = await snapshot(server.db);
      const resend = await server.request<Problem>('POST', `${access}/invitation`);
      assert.equal(resend.status, 409);
      assert.deepEqual(await snapshot(server.db), before);

      const history = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`);
      assert.equal(history.body.items[0]?.action, 'access-revoked');

      // Saved without an invitation it stays revoked (fields may change).
      const edited = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'revoquee2@example.com' } });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.status, 'revoked');
      assert.equal(edited.body.email, 'revoquee2@example.com');
      server.clock.advanceHours(1);
      // Saved with an invitation it is granted again.
      const again = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'revoquee@example.com', sendInvitation: true } });
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'invited');
      assert.equal(again.body.revokedAt, null);
      assert.ok(Date.parse(again.body.invitedAt!) > Date.parse(saved.body.invitedAt!), 'a fresh grant');
      const trail = await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`);
      assert.deepEqual(trail.body.items.slice(0, 3).map((e) => e.action), ['invitation-sent', 'access-updated', 'access-updated']);
      assert.match(trail.body.items[1]?.detail ?? '', /granted again/);
    });

    it('refuses to re-send or revoke when there is no access', async () => {
      const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Personne' });
      const before = await snapshot(server.db);
      assert.equal((await server.request('POST', `${access}/invitation`)).status, 409);
      assert.equal((await server.request('DELETE', access)).status, 404);
      assert.deepEqual(await snapshot(server.db), before);
    });

    it('reports an unused link as expired once its time is up (injected clock)', async () => {
      const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Expirée', email: 'expiree@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      await server.request('PUT', access, { json: { userCode: code, email: 'expiree@example.com', sendInvitation: true } });
      server.clock.advanceHours(71);
      assert.equal((await server.request<Access>('GET', access)).body.status, 'invited');
      server.clock.advanceHours(2);
      assert.equal((await server.request<Access>('GET', access)).body.status, 'expired');
      const expired = await server.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts?accessStatus=expired`);
      assert.ok(expired.body.items.some((c) => c.id === contact.id));
      const invited = await server.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts?accessStatus=invited&limit=500`);
      assert.ok(!invited.body.items.some((c) => c.id === contact.id));
      const resent = await server.request<Access>('POST', `${access}/invitation`);
      assert.equal(resent.body.status, 'invited');
    });
  });

  describe('deleting the contact', () => {
    it('removes its access and its links, keeps the trail, and frees the user code', async () => {
      const { access, contact, base } = await setup(server, REFERENCE_CLIENT, { name: 'Partante', email: 'partante@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      await server.request('PUT', access, { json: { userCode: code, email: 'partante@example.com', sendInvitation: true } });
      const res = await server.request('DELETE', base);
      assert.equal(res.status, 204);
      const id = Number(contact.id);
      assert.equal(await countRows(server.db, 'accesses', 'contact_id = ?', id), 0);
      assert.equal(await countRows(server.db, 'invitations', 'contact_id = ?', id), 0);
      assert.equal(await countRows(server.db, 'audit_events', "contact_id = ? AND action = 'access-revoked'", id), 1);
      assert.equal((await server.request('GET', access)).status, 404);
      const other = await setup(server, REFERENCE_CLIENT, { name: 'Héritière' });
      const reuse = await server.request<Access>('PUT', other.access, { json: { userCode: code, email: 'h@example.com' } });
      assert.equal(reuse.status, 200);
    });
  });

  describe('Idempotency-Key on PUT access and POST invitation', () => {
    it('replays the first answer and sends no second mail', async () => {
      const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Idem Potent', email: 'idem@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      const body = { userCode: code, email: 'idem@example.com', sendInvitation: true };
      const first = await server.request<Access>('PUT', access, { json: body, headers: { 'idempotency-key': 'k1', 'if-match': '"0"' } });
      assert.equal(first.status, 200);
      const again = await server.request<Access>('PUT', access, { json: body, headers: { 'idempotency-key': 'k1', 'if-match': '"0"' } });
      assert.equal(again.status, 200);
      assert.equal(again.text, first.text);
      assert.equal(again.headers.get('etag'), first.headers.get('etag'));
      assert.equal((await mailbox(server)).filter((m) => m.to === 'idem@example.com').length, 1);

      const before = await snapshot(server.db);
      const different = await server.request<Problem>('PUT', access, {
        json: { ...body, email: 'other@example.com' },
        headers: { 'idempotency-key': 'k1' },
      });
      assert.equal(different.status, 422);
      assert.deepEqual(await snapshot(server.db), before);

      const r1 = await server.request<Access>('POST', `${access}/invitation`, { headers: { 'idempotency-key': 'send-1' } });
      const r2 = await server.request<Access>('POST', `${access}/invitation`, { headers: { 'idempotency-key': 'send-1' } });
      assert.equal(r1.status, 200);
      assert.equal(r2.text, r1.text);
      assert.equal((await mailbox(server)).filter((m) => m.to === 'idem@example.com').length, 2);
    });
  });
});

describe('access with a failing or slow mail transport', () => {
  let server: TestServer;
  const transport = new SwitchableTransport();
  before(async () => {
    server = await startServer({ mailTransport: transport });
  });
  after(() => server.close());

  it('answers 502 and saves nothing when the mail server refuses the first invitation', async () => {
    const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Hors Ligne', email: 'horsligne@example.com' });
    const proposal = (await server.request<Access>('GET', access)).body;
    transport.failing = true;
    const before = await snapshot(server.db);
    const res = await server.request<Problem>('PUT', access, {
      json: { userCode: proposal.userCode, email: 'horsligne@example.com', sendInvitation: true },
      headers: { 'idempotency-key': 'retry-me' },
    });
    assert.equal(res.status, 502);
    assert.match(res.body.detail ?? '', /Nothing was saved/);
    assert.deepEqual(await snapshot(server.db), before);
    assert.equal((await server.request<Access>('GET', access)).body.status, 'none');

    // The same key works once mail is back: the failure was not recorded.
    transport.failing = false;
    const retry = await server.request<Access>('PUT', access, {
      json: { userCode: proposal.userCode, email: 'horsligne@example.com', sendInvitation: true },
      headers: { 'idempotency-key': 'retry-me' },
    });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.status, 'invited');
    assert.equal(transport.sent.at(-1)?.to, 'horsligne@example.com');
  });

  it('restores the previous access and keeps the previous link when a re-send or an update is refused', async () => {
    const { access, contact } = await setup(server, REFERENCE_CLIENT, { name: 'Deuxième Essai', email: 'essai@example.com' });
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const saved = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'essai@example.com', sendInvitation: true } });
    assert.equal(saved.status, 200);
    transport.failing = true;
    const before = await snapshot(server.db);
    assert.equal((await server.request('POST', `${access}/invitation`)).status, 502);
    assert.deepEqual(await snapshot(server.db), before);
    const update = await server.request('PUT', access, {
      json: { userCode: `${code}9`, email: 'nouveau@example.com', allowedIps: ['192.0.2.0/24'], sendInvitation: true },
    });
    assert.equal(update.status, 502);
    assert.deepEqual(await snapshot(server.db), before);
    transport.failing = false;
    const pending = await countRows(server.db, 'invitations', 'contact_id = ? AND invalidated_at IS NULL', Number(contact.id));
    assert.equal(pending, 1, 'the first link still works');
    assert.deepEqual((await server.request<Access>('GET', access)).body, saved.body);
  });

  it('serialises concurrent calls with one Idempotency-Key: one mail, one answer', async () => {
    const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Double Clic', email: 'double@example.com' });
    const code = (await server.request<Access>('GET', access)).body.userCode;
    transport.delayMs = 150;
    const sentBefore = transport.sent.length;
    try {
      const body = { userCode: code, email: 'double@example.com', sendInvitation: true };
      const [a, b] = await Promise.all([
        server.request<Access>('PUT', access, { json: body, headers: { 'idempotency-key': 'dbl' } }),
        server.request<Access>('PUT', access, { json: body, headers: { 'idempotency-key': 'dbl' } }),
      ]);
      assert.equal(a.status, 200);
      assert.equal(b.text, a.text);
      assert.equal(transport.sent.length, sentBefore + 1);
    } finally {
      transport.delayMs = 0;
    }
  });

  it('keeps only a redacted copy of the link when the mail leaves the server', async () => {
    const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Rédigée', email: 'redigee@example.com' });
    const code = (await server.request<Access>('GET', access)).body.userCode;
    await server.request('PUT', access, { json: { userCode: code, email: 'redigee@example.com', sendInvitation: true } });
    const sent = transport.sent.at(-1)!;
    const token = TOKEN_LINK.exec(sent.text.split('\n').find((l) => TOKEN_LINK.test(l))!)![1]!;
    const dump = JSON.stringify(await snapshot(server.db));
    assert.ok(!dump.includes(token), 'the raw token is stored somewhere');
    assert.ok(dump.includes(sha256(token)));
    const row = await server.db.get("SELECT text, status FROM mailbox WHERE to_address = 'redigee@example.com'") as { text: string; status: string };
    assert.equal(row.status, 'sent');
    assert.match(row.text, /token=\[redacted\]/);
  });
});

describe('invitation link lifetime setting', () => {
  it('uses invitationTtlHours', async () => {
    const server = await startServer({ invitationTtlHours: 2 });
    try {
      const { access } = await setup(server, REFERENCE_CLIENT, { name: 'Courte Durée', email: 'courte@example.com' });
      const code = (await server.request<Access>('GET', access)).body.userCode;
      const res = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'courte@example.com', sendInvitation: true } });
      assert.equal(Date.parse(res.body.invitationExpiresAt!) - Date.parse(res.body.invitedAt!), 2 * 3_600_000);
      const mail = (await mailbox(server))[0]!;
      assert.match(mail.text, /\(dans 2 heures\)/);
    } finally {
      await server.close();
    }
  });
});
