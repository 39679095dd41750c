/**
 * Two server instances on one PostgreSQL database: any instance serves any
 * request, because every piece of state lives in the database. (PostgreSQL
 * only: it is the engine for more than one machine; SQLite is the embedded
 * engine of one process. The SQLite pass of the suite does not register it.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Access, Contact } from '../../src/api/types.js';
import { Agent, GOOD_PASSWORD, accept, invite } from './agents.js';
import { ENGINE, REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, countRows, startTwoInstances } from './harness.js';

if (ENGINE === 'postgres') {
  describe('two instances on one PostgreSQL database', () => {
    let a: TestServer;
    let b: TestServer;
    let close: () => Promise<void>;
    // Both at the same moment, as one deployment's two processes start.
    before(async () => ({ a, b, close } = await startTwoInstances('shared', true)));
    after(async () => close?.());

    it('an invitation link works once across both, even when both receive it at the same moment', async () => {
      const invited = await invite(a, REFERENCE_CLIENT, { name: 'Lien Partagé' });
      const answers = await Promise.all([accept(a, invited.token), accept(b, invited.token)]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [204, 410]);
      assert.equal((await accept(b, invited.token)).status, 410, 'spent for every instance');
      assert.equal(await countRows(a.db, 'audit_events', "contact_id = ? AND action = 'invitation-accepted'", Number(invited.contact.id)), 1);
      // And the password set through one instance signs in through the other.
      assert.equal((await new Agent(b).signIn(invited.userCode, GOOD_PASSWORD)).status, 200);
    });

    it('failed sign-ins counted on one instance block the user on the other', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await new Agent(a).signIn('demo', `wrong password ${i}`)).status, 401);
      const blocked = await new Agent(b).signIn('demo', STAFF_PASSWORD);
      assert.equal(blocked.status, 429, 'even the right password waits');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    });

    it('one Idempotency-Key sent to both at once creates one contact; both answer with it', async () => {
      const send = (server: TestServer) =>
        server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, {
          json: { name: 'Une Seule Fois', email: 'une.seule@example.com' },
          headers: { 'idempotency-key': 'two-instances-one-contact' },
        });
      const answers = await Promise.all([send(a), send(b)]);
      assert.deepEqual(answers.map((r) => r.status), [201, 201]);
      assert.equal(answers[0]!.body.id, answers[1]!.body.id);
      assert.deepEqual(answers.map((r) => r.headers.get('idempotent-replayed')).sort(), ['true', null].sort());
      assert.equal(await countRows(b.db, 'contacts', 'name = ?', 'Une Seule Fois'), 1);
    });

    it('one If-Match sent to both at once changes the contact once: one 200, one 412 (and one delete)', async () => {
      for (let round = 0; round < 5; round++) {
        const created = await a.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { name: `Course ${round}` } });
        assert.equal(created.status, 201);
        const path = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}`;
        const headers = { 'if-match': `"${created.body.version}"` };
        const puts = await Promise.all(
          [a, b].map((server, i) => server.request<Contact>('PUT', path, { json: { name: `Course ${round} par ${i}` }, headers })),
        );
        assert.deepEqual(puts.map((r) => r.status).sort(), [200, 412], `round ${round}: PUT`);
        const winner = puts.find((r) => r.status === 200)!.body;
        assert.equal(winner.version, created.body.version + 1, 'changed once');
        assert.equal((await b.request<Contact>('GET', path)).body.name, winner.name);
        const deletes = await Promise.all([a, b].map((server) => server.request('DELETE', path, { headers: { 'if-match': `"${winner.version}"` } })));
        // The other one finds it changed (412), or already gone (404) when it came second.
        const [first, second] = deletes.map((r) => r.status).sort();
        assert.ok(first === 204 && (second === 404 || second === 412), `round ${round}: DELETE ${first}, ${second}`);
      }
    });

    it("one If-Match sent to both at once changes or revokes an access once: one 200, one 412; two first grants at once never give a 500", async () => {
      for (let round = 0; round < 5; round++) {
        const created = await a.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { name: `Accès ${round}` } });
        const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
        const userCode = `${REFERENCE_CLIENT}course${round}`;
        // Two first grants at once, without If-Match: one writes it, the other writes over it or is told it changed (409).
        const firsts = await Promise.all(
          [a, b].map((server, i) => server.request<Access>('PUT', access, { json: { userCode, email: `course${round}.${i}@example.com` } })),
        );
        const statuses = firsts.map((r) => r.status).sort();
        assert.ok(statuses[0] === 200 && (statuses[1] === 200 || statuses[1] === 409), `round ${round}: first grants ${statuses}`);
        const saved = (await a.request<Access>('GET', access)).body;

        const headers = { 'if-match': `"${saved.version}"` };
        const puts = await Promise.all(
          [a, b].map((server, i) => server.request<Access>('PUT', access, { json: { userCode, email: `change${round}.${i}@example.com` }, headers })),
        );
        assert.deepEqual(puts.map((r) => r.status).sort(), [200, 412], `round ${round}: PUT`);
        const winner = puts.find((r) => r.status === 200)!.body;
        assert.equal(winner.version, saved.version + 1, 'changed once');
        assert.equal((await b.request<Access>('GET', access)).body.email, winner.email);

        const revokes = await Promise.all([a, b].map((server) => server.request<Access>('DELETE', access, { headers: { 'if-match': `"${winner.version}"` } })));
        assert.deepEqual(revokes.map((r) => r.status).sort(), [200, 412], `round ${round}: DELETE`);
        assert.equal(await countRows(b.db, 'audit_events', "action = 'access-revoked' AND contact_id = ?", Number(created.body.id)), 1, 'revoked once');
      }
    });

    it('one user code given to two contacts at once, on each instance, goes to one: the other gets 409 duplicate-user-code, never a 500', async () => {
      for (let round = 0; round < 5; round++) {
        const contacts = await Promise.all(
          [0, 1].map((i) => a.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: { name: `Code ${round}.${i}` } })),
        );
        const access = (i: number) => `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${contacts[i]!.body.id}/access`;
        const race = (userCode: string, headers: (i: number) => Record<string, string>) =>
          Promise.all(
            [a, b].map((server, i) => server.request<Access>('PUT', access(i), { json: { userCode, email: `code${round}.${i}@example.com` }, headers: headers(i) })),
          );
        const check = (answers: Awaited<ReturnType<typeof race>>, what: string) => {
          assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], `round ${round}: ${what}`);
          const lost = answers.find((r) => r.status === 409)!.body as unknown as { type: string };
          assert.match(lost.type, /duplicate-user-code$/, `round ${round}: ${what}`);
        };
        // First grants.
        const firsts = await race(`${REFERENCE_CLIENT}pareil${round}`, () => ({}));
        check(firsts, 'first grants');
        // The loser gets an access of its own, then both change to one new code (If-Match: their own versions).
        const loser = firsts.findIndex((r) => r.status === 409);
        const own = await a.request<Access>('PUT', access(loser), { json: { userCode: `${REFERENCE_CLIENT}autre${round}`, email: `x${round}@example.com` } });
        assert.equal(own.status, 200);
        const versions = await Promise.all([0, 1].map(async (i) => (await a.request<Access>('GET', access(i))).body.version));
        check(await race(`${REFERENCE_CLIENT}neuf${round}`, (i) => ({ 'if-match': `"${versions[i]}"` })), 'changes');
      }
    });

    it('a session opened on one instance is known to the other', async () => {
      const agent = new Agent(a);
      assert.equal((await agent.signIn('stagiaire', STAFF_PASSWORD)).status, 200);
      const other = new Agent(b);
      other.cookie = agent.cookie;
      assert.equal((await other.request('GET', '/api/v1/session')).status, 200);
      assert.equal((await other.request('DELETE', '/api/v1/session')).status, 204);
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 401, 'signed out everywhere');
    });

    it('deleting a contact while another instance changes it: both go through, no deadlock (a 500)', async () => {
      const invited = await invite(a, REFERENCE_CLIENT, { name: 'Supprimée Pendant' }); // an access: the delete revokes it
      const id = Number(invited.contact.id);
      // Another instance's contact change, held open at its middle: the contact's row written, the client's
      // event counter (which every change takes before it commits) not yet.
      const other = new pg.Client({ connectionString: b.app.ctx.config.databaseUrl });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('UPDATE contacts SET title = $1 WHERE id = $2', ['Changée ailleurs', id]);
        const deleted = a.request('DELETE', `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${id}`);
        // The delete has done what comes before the contact's row, and waits for it (not a guess of how long it takes).
        const waiting = async () =>
          (await other.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0]!.n;
        for (let i = 0; (await waiting()) === 0; i++) {
          assert.ok(i < 100, 'the delete never waited for the contact held by the other change');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // The change goes on to its event, then commits: the delete must not hold the counter it needs meanwhile.
        await other.query('UPDATE client_event_counters SET last_seq = last_seq + 1 WHERE client_code = $1', [REFERENCE_CLIENT]);
        await other.query('COMMIT');
        assert.equal((await deleted).status, 204);
      } finally {
        await other.end();
      }
      assert.equal(await countRows(a.db, 'contacts', 'id = ?', id), 0);
      assert.equal(await countRows(a.db, 'accesses', 'contact_id = ?', id), 0);
    });
  });
}
