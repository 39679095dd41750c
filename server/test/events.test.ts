/**
 * GET /clients/{clientId}/events (Server-Sent Events): each change of a
 * client's contacts reaches an open stream, whoever made it and whichever
 * instance handled it; reconnection resumes with Last-Event-ID; the rights are
 * the list's. Runs on both engines (npm run test:server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact } from '../../src/api/types.js';
import { Agent, accept, invite, signedInContact } from './agents.js';
import { changes, openEvents } from './event-stream.js';
import { BROWSING_CLIENT, ENGINE, MIREILLE, REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, countRows, startServer, startTwoInstances, takeAway } from './harness.js';

const contacts = (client = REFERENCE_CLIENT) => `/api/v1/clients/${client}/contacts`;

describe('live events', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('a stream begins with retry and ready (the last number), then tells each contact change with increasing ids', async () => {
    const stream = await openEvents(server, REFERENCE_CLIENT);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(stream.headers.get('cache-control'), 'no-store');
    const ready = await stream.next((e) => e.event === 'ready');
    assert.deepEqual(stream.retries, [2000]);
    assert.deepEqual(ready.body, {});

    const created = await server.request<Contact>('POST', contacts(), { json: MIREILLE });
    const id = created.body.id;
    const updated = await server.request<Contact>('PUT', `${contacts()}/${id}`, { json: { ...MIREILLE, title: 'Directrice' } });
    assert.equal(updated.status, 200);
    assert.equal((await server.request('DELETE', `${contacts()}/${id}`)).status, 204);
    await stream.next((e) => e.event === 'contact-deleted');
    stream.close();

    assert.deepEqual(changes(stream), [
      ['contact-created', id],
      ['contact-updated', id],
      ['contact-deleted', id],
    ]);
    const ids = stream.received.map((e) => Number(e.id));
    assert.deepEqual(ids.slice(1), [ids[0]! + 1, ids[0]! + 2, ids[0]! + 3], 'one number per change, after ready\'s');
    const event = stream.received[1]!.body;
    assert.deepEqual(Object.keys(event).sort(), ['at', 'contactId', 'type']);
    assert.ok(!Number.isNaN(Date.parse(String(event['at']))));
  });

  it('tells the access changes: saved, invitation sent, accepted by the contact, revoked', async () => {
    const stream = await openEvents(server, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');
    const invited = await invite(server, REFERENCE_CLIENT, { name: 'Mireille Direct' });
    assert.equal((await accept(server, invited.token)).status, 204);
    assert.equal((await server.request('DELETE', `${invited.base}/access`)).status, 200);
    await stream.next((e) => e.event === 'access-revoked');
    stream.close();
    const id = invited.contact.id;
    assert.deepEqual(changes(stream), [
      ['contact-created', id],
      ['access-saved', id],
      ['invitation-sent', id],
      ['invitation-accepted', id],
      ['access-revoked', id],
    ]);
  });

  it('a refused change writes no event', async () => {
    const before = await countRows(server.db, 'client_events');
    assert.equal((await server.request('POST', contacts(), { json: { name: '' } })).status, 422);
    const id = (await server.request<Contact>('POST', contacts(), { json: { name: 'Version Fixe' } })).body.id;
    assert.equal((await server.request('PUT', `${contacts()}/${id}`, { json: { name: 'Autre' }, headers: { 'if-match': '"99"' } })).status, 412);
    assert.equal(await countRows(server.db, 'client_events'), before + 1, 'only the creation');
  });

  it('resumes after Last-Event-ID; an unknown or pruned position gets reset', async () => {
    const first = await openEvents(server, REFERENCE_CLIENT);
    const ready = await first.next((e) => e.event === 'ready');
    first.close();
    const a = (await server.request<Contact>('POST', contacts(), { json: { name: 'Pendant La Coupure' } })).body.id;
    const b = (await server.request<Contact>('POST', contacts(), { json: { name: 'Aussi Pendant' } })).body.id;

    const resumed = await openEvents(server, REFERENCE_CLIENT, { 'last-event-id': ready.id! });
    await resumed.next((e) => e.body['contactId'] === b);
    resumed.close();
    assert.equal(resumed.received[0]!.event, 'ready');
    assert.equal(resumed.received[0]!.id, ready.id);
    assert.deepEqual(changes(resumed), [
      ['contact-created', a],
      ['contact-created', b],
    ]);

    for (const junk of ['abc', '-1', '999999999']) {
      const stream = await openEvents(server, REFERENCE_CLIENT, { 'last-event-id': junk });
      const reset = await stream.next(() => true);
      stream.close();
      assert.equal(reset.event, 'reset', junk);
      assert.ok(Number(reset.id) >= Number(ready.id) + 2);
    }

    // A day later the events are gone: resuming from before them is a reset.
    await server.app.ctx.events.prune(new Date(Date.now() + 60_000));
    const late = await openEvents(server, REFERENCE_CLIENT, { 'last-event-id': ready.id! });
    const reset = await late.next(() => true);
    late.close();
    assert.equal(reset.event, 'reset');
  });

  it("a page of the list says where the events stood (liveEventId): a stream opened from it brings a change made after the page", async () => {
    const page = await server.request<{ liveEventId: string }>('GET', `${contacts()}?limit=5`);
    assert.match(page.body.liveEventId, /^\d+$/);
    const made = (await server.request<Contact>('POST', contacts(), { json: { name: 'Entre Page Et Flux' } })).body.id;
    const stream = await openEvents(server, REFERENCE_CLIENT, { 'last-event-id': page.body.liveEventId });
    await stream.next((e) => e.body['contactId'] === made);
    stream.close();
    assert.equal(stream.received[0]!.event, 'ready');
    assert.deepEqual(changes(stream), [['contact-created', made]]);
  });

  it('has the rights of the list: 401 without credentials, 404 outside them; a host token in the header works', async () => {
    const anonymous = await fetch(`${server.base}/api/v1/clients/${REFERENCE_CLIENT}/events`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /problem\+json/);
    const trainee = new Agent(server);
    assert.equal((await trainee.signIn('stagiaire', STAFF_PASSWORD)).status, 200);
    const cookie = { cookie: `cae_session=${trainee.cookie}` };
    const outside = await openEvents(server, REFERENCE_CLIENT, cookie);
    assert.equal(outside.status, 404);
    const inside = await openEvents(server, BROWSING_CLIENT, cookie);
    assert.equal(inside.status, 200);
    inside.close();

    const minted = await server.request<{ token: string }>('POST', '/api/v1/host-tokens', {
      json: { clientIds: [REFERENCE_CLIENT], user: { id: 'erp-42', name: 'Roger Point' } },
    });
    const host = await openEvents(server, REFERENCE_CLIENT, { authorization: `Bearer ${minted.body.token}` });
    assert.equal(host.status, 200);
    await host.next((e) => e.event === 'ready');
    const id = (await server.request<Contact>('POST', contacts(), { json: { name: 'Vu Par Roger' } })).body.id;
    await host.next((e) => e.body['contactId'] === id);
    host.close();
    assert.equal((await openEvents(server, BROWSING_CLIENT, { authorization: `Bearer ${minted.body.token}` })).status, 404);
  });

  it('a portal session limited to a branch gets the events of its branch\'s contacts only', async () => {
    const client = REFERENCE_CLIENT;
    const { agent } = await signedInContact(server, client, { branchId: 'actbl-laval', name: 'Laval Moi' });
    const stream = await openEvents(server, client, { cookie: `cae_session=${agent.cookie}` });
    assert.equal(stream.status, 200);
    await stream.next((e) => e.event === 'ready');
    const laval = await invite(server, client, { branchId: 'actbl-laval', name: 'Laval Collègue' });
    const quebec = await invite(server, client, { branchId: 'actbl-quebec', name: 'Québec Collègue' });
    // The Laval colleague's events after its access names the branch; none of the Québec one's.
    await stream.next((e) => e.event === 'invitation-sent' && e.body['contactId'] === laval.contact.id);
    const marker = await invite(server, client, { branchId: 'actbl-laval', name: 'Laval Fin' });
    await stream.next((e) => e.event === 'invitation-sent' && e.body['contactId'] === marker.contact.id);
    stream.close();
    assert.ok(!stream.received.some((e) => e.body['contactId'] === quebec.contact.id), JSON.stringify(changes(stream)));
  });

  it('closes without waiting for the keep-alive timeout when a client dropped its stream but kept the connection', { timeout: 30_000 }, async () => {
    // fetch, aborted, keeps the socket open: the connection outlives its stream, kept alive (10 minutes here).
    const other = await startServer({ keepAliveTimeoutMs: 600_000 });
    const stream = await openEvents(other, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await new Promise((resolve) => other.app.server.getConnections((_, n) => resolve(n))), 1, 'the connection is still open');
    await other.close(); // (it waited the 10 minutes before)
  });

  it('the server ends its open streams when it closes', async () => {
    const other = await startServer();
    const stream = await openEvents(other, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');
    await other.close();
    await stream.ended;
  });
});

describe('live events of what time changes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('tells what time changes, once each, at the moment it happened: an access reaching its end, an invitation running out', async () => {
    const HOUR = 3_600_000;
    const tell = () => server.app.ctx.timeChanges.tell(server.clock.now());
    await tell(); // from now on
    /** A contact invited, its access ending `endsIn` ms from now (null: no end). */
    const invited = async (name: string, endsIn: number | null) => {
      const created = await server.request<Contact>('POST', contacts(), { json: { name } });
      const path = `${contacts()}/${created.body.id}/access`;
      const accessExpiresAt = endsIn === null ? null : new Date(server.clock.now().getTime() + endsIn).toISOString();
      const saved = await server.request<{ invitationExpiresAt: string }>('PUT', path, {
        json: { userCode: `temps${created.body.id}`, email: `temps.${created.body.id}@example.com`, accessExpiresAt, sendInvitation: true },
      });
      assert.equal(saved.status, 200, saved.text);
      return { id: created.body.id, path, accessExpiresAt, invitationExpiresAt: saved.body.invitationExpiresAt };
    };
    const ending = await invited('Fin Dans Deux Heures', 2 * HOUR); // ended before its link runs out: one event
    const revoked = await invited('Révoquée Avant La Fin', 2 * HOUR); // revoked: it does not end
    assert.equal((await server.request('DELETE', revoked.path)).status, 200);
    const waiting = await invited('Lien Qui Expire', null);
    const stream = await openEvents(server, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');

    // (the seeded contacts' invitations run out too, at their own moments: only this test's are counted)
    const ours = [ending.id, revoked.id, waiting.id];
    const mine = () => changes(stream).filter(([, id]) => ours.includes(id));
    await tell();
    server.clock.advanceHours(3);
    await tell();
    assert.equal(await tell(), 0, 'told once');
    const ended = await stream.next((e) => e.event === 'access-ended' && e.body['contactId'] === ending.id);
    assert.deepEqual(ended.body, { type: 'access-ended', contactId: ending.id, at: ending.accessExpiresAt });
    server.clock.advanceHours(72);
    await tell();
    const expired = await stream.next((e) => e.event === 'invitation-expired' && e.body['contactId'] === waiting.id);
    assert.deepEqual(expired.body, { type: 'invitation-expired', contactId: waiting.id, at: waiting.invitationExpiresAt });
    assert.equal(await tell(), 0, 'told once');
    stream.close();
    assert.deepEqual(mine(), [
      ['access-ended', ending.id],
      ['invitation-expired', waiting.id],
    ]);
    // What the events tell is what the list says.
    const list = await server.request<{ items: Contact[] }>('GET', `${contacts()}?q=${encodeURIComponent('Fin Dans')}`);
    assert.equal(list.body.items[0]!.accessStatus, 'ended');
    const other = await server.request<{ items: Contact[] }>('GET', `${contacts()}?q=${encodeURIComponent('Lien Qui')}`);
    assert.equal(other.body.items[0]!.accessStatus, 'expired');
  });
});

// (SQLite only: a PostgreSQL database taken away answers no read either)
if (ENGINE === 'sqlite') describe('live events of what time changes, SQLite held by another process', () => {
  it('a sweep with nothing to tell writes nothing: it does not wait for the lock (a write would stall the process for the busy timeout, then fail)', async () => {
    const server = await startServer();
    try {
      await server.app.ctx.timeChanges.tell(server.clock.now()); // the first sweep sets the moment
      const bringBack = await takeAway({ database: server.app.ctx.store.sqlite!.name });
      try {
        assert.equal(await server.app.ctx.timeChanges.tell(server.clock.now()), 0);
      } finally {
        await bringBack();
      }
    } finally {
      await server.close();
    }
  });
});

describe('live events across two instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  let close: () => Promise<void>;
  before(async () => ({ a, b, close } = await startTwoInstances('live', false)));
  after(async () => close?.());

  it('a change made through instance A reaches a stream opened on instance B within 2 s', async () => {
    const stream = await openEvents(b, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');
    const started = Date.now();
    const created = await a.request<Contact>('POST', contacts(), { json: { name: 'Écrit Sur A' } });
    await stream.next((e) => e.event === 'contact-created' && e.body['contactId'] === created.body.id, 2_000);
    const invited = await invite(a, REFERENCE_CLIENT, { name: 'Invitée Sur A' });
    assert.equal((await accept(a, invited.token)).status, 204);
    await stream.next((e) => e.event === 'invitation-accepted' && e.body['contactId'] === invited.contact.id, 2_000);
    stream.close();
    assert.ok(Date.now() - started < 10_000);
  });

  it('what time changes is told once when both instances sweep at the same moment, and reaches a stream on either', async () => {
    // Both at once on PostgreSQL. SQLite is one instance by design: two in one process would wait for each
    // other's file lock in one thread, so they sweep one after the other there.
    const sweep = (s: TestServer) => s.app.ctx.timeChanges.tell(s.clock.now());
    const both = async () => (ENGINE === 'postgres' ? Promise.all([sweep(a), sweep(b)]) : [await sweep(a), await sweep(b)]);
    await both();
    const created = await a.request<Contact>('POST', contacts(), { json: { name: 'Fin Sur Deux Instances' } });
    const soon = new Date(a.clock.now().getTime() + 3_600_000).toISOString();
    const saved = await a.request('PUT', `${contacts()}/${created.body.id}/access`, {
      json: { userCode: `deux${created.body.id}`, email: `deux.${created.body.id}@example.com`, accessExpiresAt: soon, sendInvitation: true },
    });
    assert.equal(saved.status, 200, saved.text);
    const stream = await openEvents(b, REFERENCE_CLIENT);
    await stream.next((e) => e.event === 'ready');
    a.clock.advanceHours(2);
    b.clock.advanceHours(2);
    const told = await both();
    assert.equal(Math.min(...told), 0, `one instance told them all: ${told.join(', ')}`);
    await stream.next((e) => e.event === 'access-ended' && e.body['contactId'] === created.body.id, 2_000);
    stream.close();
    assert.equal(await countRows(a.db, 'client_events', "type = 'access-ended' AND contact_id = ?", Number(created.body.id)), 1);
  });
});
