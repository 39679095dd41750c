/**
 * The whole chain as `npm start` runs it: the demo page signs the staff in,
 * the staff grant Mireille an access, the mail arrives in the mailbox,
 * Mireille follows the link, sets her password, signs in and updates her
 * client's phone number; the staff see the access active and its trail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Access, AuditEvent, Client, Contact, ContactPage, Session } from '../../src/api/types.js';
import { Agent, mailbox } from './agents.js';
import { MIREILLE, PUBLIC_URL, REFERENCE_CLIENT, type TestServer, startServer } from './harness.js';

describe('the whole chain', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ demoLogin: true });
  });
  after(() => server.close());

  it('grant → mail → link → password → sign-in → the client phone updated', async () => {
    // Staff: the demo page signs the browser in; the elements call the API with the cookie and X-Requested-With.
    const staff = new Agent(server);
    assert.equal((await staff.request('GET', '/')).status, 200);
    assert.ok(staff.cookie);
    const created = await staff.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE });
    assert.equal(created.status, 201);
    const base = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}`;
    const proposal = await staff.request<Access>('GET', `${base}/access`);
    assert.equal(proposal.body.userCode, '8005551216');
    const granted = await staff.request<Access>('PUT', `${base}/access`, {
      json: { userCode: proposal.body.userCode, email: MIREILLE.email, allowedIps: [], branchId: 'actbl-montreal', sendInvitation: true },
      headers: { 'idempotency-key': 'chain-grant-1' },
    });
    assert.equal(granted.status, 200);
    assert.equal(granted.body.status, 'invited');

    // Mireille: the mail, in French, with her user code and the link.
    const mail = (await mailbox(server)).find((m) => m.to === MIREILLE.email);
    assert.ok(mail);
    assert.equal(mail.language, 'fr');
    assert.match(mail.subject, /8005551216/);
    const link = mail.links.find((l) => l.startsWith(`${PUBLIC_URL}/invitation?token=`));
    assert.ok(link);

    // The link (PUBLIC_URL is the public origin; the test talks to the server directly).
    const url = new URL(link);
    const mireille = new Agent(server);
    const page = await mireille.request('GET', `${url.pathname}${url.search}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Choisissez votre mot de passe/);
    const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1];
    assert.equal(token, url.searchParams.get('token'));

    // The page's script posts the password.
    const password = 'Mon entrepôt de Montréal 2026';
    const accepted = await mireille.request('POST', '/api/v1/invitations/accept', {
      json: { token, password, passwordConfirmation: password },
    });
    assert.equal(accepted.status, 204);

    // The portal: sign in, see the client and its contacts, change the phone number.
    const portal = await mireille.request('GET', '/portal');
    assert.equal(portal.status, 200);
    assert.match(portal.text, /data-signed-in="false"/);
    assert.equal((await mireille.request('GET', '/api/v1/session')).status, 401);
    const signedIn = await mireille.signIn('8005551216', password);
    assert.equal(signedIn.status, 200);
    assert.match((await mireille.request('GET', '/portal')).text, /data-signed-in="true"/);
    const who = await mireille.request<Session>('GET', '/api/v1/session');
    assert.deepEqual(who.body, { kind: 'contact', userCode: '8005551216', name: MIREILLE.name, clientId: REFERENCE_CLIENT });
    const client = await mireille.request<Client>('GET', `/api/v1/clients/${REFERENCE_CLIENT}`);
    assert.equal(client.body.name, 'Hervé David');
    const list = await mireille.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`);
    assert.ok(list.body.items.some((c) => c.name === MIREILLE.name));
    const patched = await mireille.request<Client>('PATCH', `/api/v1/clients/${REFERENCE_CLIENT}`, { json: { phone: '514 555-0177' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.phone, '514 555-0177');

    // Staff see the new phone, the access active, and the trail.
    assert.equal((await staff.request<Client>('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).body.phone, '514 555-0177');
    assert.equal((await staff.request<Access>('GET', `${base}/access`)).body.status, 'active');
    const trail = await staff.request<{ items: AuditEvent[] }>('GET', `${base}/access/history`);
    assert.deepEqual(
      trail.body.items.map((e) => [e.action, e.actor]).reverse(),
      [
        ['access-created', 'demo'],
        ['invitation-sent', 'demo'],
        ['invitation-accepted', '8005551216'],
        ['login', '8005551216'],
      ],
    );
    for (const e of trail.body.items) assert.equal(e.address, '127.0.0.1');

    // Signing out ends it.
    assert.equal((await mireille.request('DELETE', '/api/v1/session')).status, 204);
    assert.equal((await mireille.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 401);
  });
});
