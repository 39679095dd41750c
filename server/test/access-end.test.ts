/**
 * The end of an access (issue 13, item 6): `accessExpiresAt` saved and read,
 * a past end refused, the status `ended` (read, filtered and sorted by the
 * list), sign-in refused (403 access-ended), the sessions ended, invitations
 * refused, and a later end or none giving the access back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Access, AuditEvent, Contact, ContactPage, Problem, Session } from '../../src/api/types.js';
import { Agent, GOOD_PASSWORD, accept, invite, mailbox, signedInContact } from './agents.js';
import { REFERENCE_CLIENT, type TestServer, countRows, startServer } from './harness.js';

const HOUR = 3_600_000;

describe('the end of an access (accessExpiresAt)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  /** The server's clock moved by `ms`, as an ISO date-time. */
  const inMs = (ms: number) => new Date(server.clock.now().getTime() + ms).toISOString();

  async function contactWithAccess(name: string, accessExpiresAt: string | null) {
    const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.com` } });
    assert.equal(created.status, 201);
    const path = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
    const proposal = (await server.request<Access>('GET', path)).body;
    const saved = await server.request<Access>('PUT', path, { json: { userCode: proposal.userCode, email: proposal.email, accessExpiresAt } });
    return { contact: created.body, path, saved };
  }

  it('saves the end sent as an RFC 3339 date-time with an offset, reads it back in UTC, and says so in the history', async () => {
    const end = new Date(server.clock.now().getTime() + 30 * 24 * HOUR);
    end.setUTCHours(4, 59, 59, 999);
    const withOffset = `${end.toISOString().slice(0, 10)}T23:59:59.999-05:00`;
    const { path, saved } = await contactWithAccess('Fin Offset', withOffset);
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.accessExpiresAt, new Date(withOffset).toISOString());
    const read = await server.request<Access>('GET', path);
    assert.equal(read.body.accessExpiresAt, new Date(withOffset).toISOString());
    const history = await server.request<{ items: AuditEvent[] }>('GET', `${path}/history`);
    assert.match(history.body.items[0]!.detail ?? '', /until \d{4}-\d{2}-\d{2}T/);
  });

  it('refuses an end already past (422 past-date on accessExpiresAt) and one that is not a date-time, saving nothing', async () => {
    const past = await contactWithAccess('Fin Passee', inMs(-60_000));
    assert.equal(past.saved.status, 422);
    const problem = past.saved.body as unknown as Problem;
    assert.match(problem.type, /validation-failed$/);
    assert.deepEqual(problem.errors?.map((e) => [e.field, e.code]), [['accessExpiresAt', 'past-date']]);
    assert.equal(await countRows(server.db, 'accesses', 'contact_id = ?', Number(past.contact.id)), 0);

    const garbled = await contactWithAccess('Fin Illisible', '31/12/2030');
    assert.equal(garbled.saved.status, 422);
    assert.deepEqual((garbled.saved.body as unknown as Problem).errors?.map((e) => [e.field, e.code]), [['accessExpiresAt', 'invalid']]);
  });

  it('signs the person out and refuses her sign-in (403 access-ended) once the end has passed; a later end gives the access back', async () => {
    const person = await signedInContact(server, REFERENCE_CLIENT);
    const access = `${person.base}/access`;
    const current = (await server.request<Access>('GET', access)).body;
    const body = { userCode: person.userCode, email: person.email, accessExpiresAt: inMs(2 * HOUR) };
    assert.equal((await server.request<Access>('PUT', access, { json: body })).status, 200);
    assert.equal((await person.agent.request<Session>('GET', '/api/v1/session')).status, 200, 'her session works before the end');
    assert.equal(current.status, 'active');

    server.clock.advanceHours(3);
    const ended = await server.request<Access>('GET', access);
    assert.equal(ended.body.status, 'ended');
    const session = await person.agent.request('GET', '/api/v1/session');
    assert.equal(session.status, 401, 'her session ended');
    assert.equal(await countRows(server.db, 'sessions', 'contact_id = ?', Number(person.contact.id)), 0);

    const signIn = await new Agent(server).signIn(person.userCode, GOOD_PASSWORD);
    assert.equal(signIn.status, 403);
    assert.match((signIn.body as unknown as Problem).type, /access-ended$/);
    const wrong = await new Agent(server).signIn(person.userCode, 'not her password at all');
    assert.equal(wrong.status, 401, 'a wrong password still answers the same 401');

    // Sent back unchanged (as read), the past end saves: the access stays ended.
    const unchanged = await server.request<Access>('PUT', access, { json: { ...body, email: `again.${person.email}`, accessExpiresAt: ended.body.accessExpiresAt } });
    assert.equal(unchanged.status, 200, unchanged.text);
    assert.equal(unchanged.body.status, 'ended');

    const cleared = await server.request<Access>('PUT', access, { json: { ...body, accessExpiresAt: null } });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.body.status, 'active');
    assert.equal(cleared.body.accessExpiresAt, null);
    assert.equal((await new Agent(server).signIn(person.userCode, GOOD_PASSWORD)).status, 200, 'she signs in again with her password');
  });

  it('refuses the invitation link, a re-send and a new link once the access has ended', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    const access = `${invited.base}/access`;
    const body = { userCode: invited.userCode, email: invited.email, accessExpiresAt: inMs(HOUR) };
    assert.equal((await server.request<Access>('PUT', access, { json: body })).status, 200);
    server.clock.advanceHours(2); // the link (72 h) is still good, the access is over

    assert.equal((await accept(server, invited.token)).status, 410);
    const page = await server.request('GET', `/invitation?token=${invited.token}`, { anonymous: true });
    assert.equal(page.status, 410, 'the invitation page is the dead link page');

    const mails = (await mailbox(server)).length;
    const renewed = await new Agent(server).request('POST', '/api/v1/invitations/renew', { json: { token: invited.token } });
    assert.equal(renewed.status, 202);
    const resent = await server.request<Problem>('POST', `${access}/invitation`);
    assert.equal(resent.status, 409);
    assert.match(resent.body.type, /access-ended$/);
    const sendAgain = await server.request<Problem>('PUT', access, { json: { ...body, accessExpiresAt: (await server.request<Access>('GET', access)).body.accessExpiresAt, sendInvitation: true } });
    assert.equal(sendAgain.status, 409);
    assert.match(sendAgain.body.type, /access-ended$/);
    assert.equal((await mailbox(server)).length, mails, 'no mail went');

    const later = await server.request<Access>('PUT', access, { json: { ...body, accessExpiresAt: inMs(48 * HOUR) } });
    assert.equal(later.body.status, 'invited', 'a later end: the pending invitation is back');
    assert.equal((await accept(server, invited.token)).status, 204);
  });

  it('leaves a revoked access revoked when its end moves', async () => {
    const { path, saved } = await contactWithAccess('Fin Revoquee', inMs(HOUR));
    assert.equal(saved.status, 200);
    assert.equal((await server.request<Access>('DELETE', path)).status, 200);
    const moved = await server.request<Access>('PUT', path, { json: { userCode: saved.body.userCode, email: saved.body.email, accessExpiresAt: inMs(10 * HOUR) } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.status, 'revoked');
    server.clock.advanceHours(20);
    assert.equal((await server.request<Access>('GET', path)).body.status, 'revoked', 'past its end, still revoked (not ended)');
  });

  it('lists the ended accesses under accessStatus=ended and sorts them between expired and revoked', async () => {
    const list = (query: string) => server.request<ContactPage>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts?q=triage&limit=50&${query}`);
    const expired = await contactWithAccess('Triage Expire', null);
    assert.equal((await server.request('POST', `${expired.path}/invitation`)).status, 200);
    const ended = await contactWithAccess('Triage Termine', inMs(HOUR));
    const revoked = await contactWithAccess('Triage Revoque', null);
    assert.equal((await server.request('DELETE', revoked.path)).status, 200);
    const active = await signedInContact(server, REFERENCE_CLIENT, { name: 'Triage Actif' });
    server.clock.advanceHours(73); // the invitation expired, the access ended

    const byStatus = await list('sort=accessStatus');
    assert.deepEqual(
      byStatus.body.items.map((c) => [c.name, c.accessStatus]),
      [
        [active.contact.name, 'active'],
        [expired.contact.name, 'expired'],
        [ended.contact.name, 'ended'],
        [revoked.contact.name, 'revoked'],
      ],
    );
    const descending = await list('sort=-accessStatus');
    assert.deepEqual(descending.body.items.map((c) => c.accessStatus), ['revoked', 'ended', 'expired', 'active']);
    const filtered = await list('accessStatus=ended');
    assert.deepEqual(filtered.body.items.map((c) => c.id), [ended.contact.id]);
    assert.equal(filtered.body.total, 1);
    const contact = await server.request<Contact>('GET', `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${ended.contact.id}`);
    assert.equal(contact.body.accessStatus, 'ended');
  });
});
