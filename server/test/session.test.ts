import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent, Problem, Session } from '../../src/api/types.js';
import { Agent, GOOD_PASSWORD, accept, invite, signedInContact } from './agents.js';
import { REFERENCE_CLIENT, STAFF_PASSWORD, type TestServer, countRows, startServer } from './harness.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function history(server: TestServer, base: string): Promise<AuditEvent[]> {
  const res = await server.request<{ items: AuditEvent[] }>('GET', `${base}/access/history`);
  assert.equal(res.status, 200);
  return res.body.items;
}

describe('sessions', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('a staff user signs in: HttpOnly, SameSite=Lax, Secure (HTTPS PUBLIC_URL) cookie of 256 random bits; only its hash is stored', async () => {
    const agent = new Agent(server);
    const res = await agent.signIn('demo', STAFF_PASSWORD);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { kind: 'staff', userCode: 'demo', name: 'Démo (personnel)', clientId: null });
    const [cookie] = res.headers.getSetCookie();
    assert.match(cookie ?? '', /^cae_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const id = agent.cookie!;
    assert.equal(await countRows(server.db, 'sessions', 'id_hash = ?', sha256(id)), 1);
    assert.equal(await countRows(server.db, 'sessions', 'id_hash = ?', id), 0);
    // User codes compare ignoring case, as the accesses' do.
    assert.equal((await new Agent(server).signIn('DEMO', STAFF_PASSWORD)).status, 200);
  });

  it('GET /session tells who is signed in; DELETE /session signs out and the cookie is dead', async () => {
    const agent = new Agent(server);
    await agent.signIn('stagiaire', STAFF_PASSWORD);
    const cookie = agent.cookie;
    const who = await agent.request<Session>('GET', '/api/v1/session');
    assert.equal(who.status, 200);
    assert.equal(who.body.userCode, 'stagiaire');
    const out = await agent.request('DELETE', '/api/v1/session');
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0] ?? '', /^cae_session=; .*Max-Age=0/);
    assert.equal(agent.cookie, undefined);
    agent.cookie = cookie;
    assert.equal((await agent.request('GET', '/api/v1/session')).status, 401);
    assert.equal((await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 401);
    // Signing out without a session is fine.
    assert.equal((await new Agent(server).request('DELETE', '/api/v1/session')).status, 204);
  });

  it('a new sign-in replaces the session the browser had', async () => {
    const agent = new Agent(server);
    await agent.signIn('demo', STAFF_PASSWORD);
    const first = agent.cookie;
    await agent.signIn('stagiaire', STAFF_PASSWORD);
    assert.notEqual(agent.cookie, first);
    assert.equal(await countRows(server.db, 'sessions', 'id_hash = ?', sha256(first!)), 0);
  });

  it('a session ends after 12 idle hours', async () => {
    const agent = new Agent(server);
    await agent.signIn('demo', STAFF_PASSWORD);
    server.clock.advanceHours(11);
    try {
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 200, 'used within 12 h');
      server.clock.advanceHours(11.9);
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 200, 'idle time counts from the last use');
      server.clock.advanceHours(12.1);
      const res = await agent.request('GET', '/api/v1/session');
      assert.equal(res.status, 401);
    } finally {
      server.clock.advanceHours(-35);
    }
  });

  it('a wrong bearer token is a 401, even with a good session cookie', async () => {
    const agent = new Agent(server);
    await agent.signIn('demo', STAFF_PASSWORD);
    const res = await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(res.status, 401);
  });

  it('a contact signs in after accepting; the trail records the sign-in with its address', async () => {
    const { agent, userCode, base, contact } = await signedInContact(server, REFERENCE_CLIENT);
    const who = await agent.request<Session>('GET', '/api/v1/session');
    assert.deepEqual(who.body, { kind: 'contact', userCode, name: contact.name, clientId: REFERENCE_CLIENT });
    const login = (await history(server, base)).find((e) => e.action === 'login');
    assert.ok(login);
    assert.equal(login.actor, userCode);
    assert.equal(login.address, '127.0.0.1');
  });

  it('wrong password, unknown user code, access not accepted yet, revoked access: the same 401; the trail keeps the refusals', async () => {
    const active = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, active.token)).status, 204);
    const pending = await invite(server, REFERENCE_CLIENT);
    const revoked = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, revoked.token)).status, 204);
    const revokedAgent = new Agent(server);
    assert.equal((await revokedAgent.signIn(revoked.userCode, GOOD_PASSWORD)).status, 200);
    assert.equal((await server.request('DELETE', `${revoked.base}/access`)).status, 200);
    assert.equal((await revokedAgent.request('GET', '/api/v1/session')).status, 401, 'revoking ends the sessions');

    const answers = [
      await new Agent(server).signIn(active.userCode, 'not the password at all'),
      await new Agent(server).signIn('nobody-by-that-code', GOOD_PASSWORD),
      await new Agent(server).signIn(pending.userCode, GOOD_PASSWORD),
      await new Agent(server).signIn(revoked.userCode, GOOD_PASSWORD),
      await new Agent(server).signIn('demo', 'not the password at all'),
    ];
    for (const res of answers) {
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, answers[0]!.body);
      assert.deepEqual(res.headers.getSetCookie(), []);
    }
    assert.equal((answers[0]!.body as unknown as Problem).detail, 'The user code or the password is wrong.');

    const refused = (await history(server, active.base)).find((e) => e.action === 'login-refused');
    assert.ok(refused);
    assert.equal(refused.detail, 'wrong password');
    assert.equal(refused.address, '127.0.0.1');
    assert.equal((await history(server, pending.base)).find((e) => e.action === 'login-refused')?.detail, 'access not active yet (invitation not accepted)');
    assert.equal((await history(server, revoked.base)).find((e) => e.action === 'login-refused')?.detail, 'access revoked');
  });

  it('a missing user code or password is a 422 per field', async () => {
    const res = await new Agent(server).request<Problem>('POST', '/api/v1/session', { json: { userCode: ' ' } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors?.map((e) => [e.field, e.code]), [
      ['userCode', 'required'],
      ['password', 'required'],
    ]);
  });

  it("a staff user's code cannot be given to a contact (one sign-in for both)", async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    const res = await server.request<Problem>('PUT', `${invited.base}/access`, { json: { userCode: 'Demo', email: invited.email } });
    assert.equal(res.status, 409);
    assert.deepEqual(res.body.errors?.map((e) => [e.field, e.code]), [['userCode', 'duplicate']]);
  });
});

describe('sign-in timing', () => {
  let server: TestServer;
  before(async () => {
    // A real hash cost (2^14) so the difference would show; limits out of the way.
    server = await startServer({ passwordHashCost: 14, loginMaxFailuresPerUser: 1000, loginMaxFailuresPerAddress: 1000 });
  });
  after(() => server.close());

  /**
   * The CPU time (ms) of this process — the server runs in it, and its hashes in libuv's threads — over one sign-in:
   * unlike wall time, it is not stretched by other jobs competing for the machine.
   */
  async function cpuOf(signIn: () => Promise<{ status: number }>, status: number): Promise<number> {
    const start = process.cpuUsage();
    assert.equal((await signIn()).status, status);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  }
  const timed = (userCode: string, password: string) => cpuOf(() => new Agent(server).signIn(userCode, password), 401);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it('a wrong user code costs as much as a wrong password (a hash is verified either way)', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, invited.token)).status, 204);
    const wrongPassword: number[] = [];
    const wrongCode: number[] = [];
    const good: number[] = [];
    await timed('warm-up', 'x');
    for (let i = 0; i < 7; i++) {
      wrongPassword.push(await timed(invited.userCode, `wrong password ${i}`));
      wrongCode.push(await timed(`nobody-${i}`, `wrong password ${i}`));
      good.push(await cpuOf(() => new Agent(server).signIn(invited.userCode, GOOD_PASSWORD), 200));
    }
    const [p, c, g] = [median(wrongPassword), median(wrongCode), median(good)];
    assert.ok(c > 0.5 * g, `an unknown user code (${c.toFixed(1)} ms) costs a hash like a sign-in (${g.toFixed(1)} ms)`);
    assert.ok(c / p > 0.5 && c / p < 2, `wrong code ${c.toFixed(1)} ms vs wrong password ${p.toFixed(1)} ms`);
  });
});

describe('sign-in throttle', () => {
  let server: TestServer;
  before(async () => {
    // X-Forwarded-For from 127.0.0.1 is believed: the tests choose their address.
    server = await startServer({
      trustProxy: ['127.0.0.1'],
      loginMaxFailuresPerUser: 3,
      loginMaxFailuresPerAddress: 5,
      loginWindowMinutes: 15,
    });
  });
  after(() => server.close());

  let n = 0;
  /** A fresh address for every call unless given. */
  const from = (address = `192.0.2.${++n}`) => ({ 'x-forwarded-for': address });

  it('per user code: 3 failures (from 3 addresses) block it, right password included, until the window ends', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, invited.token)).status, 204);
    for (let i = 0; i < 3; i++) assert.equal((await new Agent(server, from()).signIn(invited.userCode, 'wrong wrong wrong')).status, 401);
    const blocked = await new Agent(server, from()).signIn(invited.userCode, GOOD_PASSWORD);
    assert.equal(blocked.status, 429);
    assert.equal((blocked.body as unknown as Problem).type, 'urn:client-access:problem:too-many-attempts');
    const retry = Number(blocked.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 15 * 60, `Retry-After ${retry}`);
    assert.match((await history(server, invited.base)).find((e) => e.action === 'login-refused')?.detail ?? '', /blocked for 15 min/);
    // Another user is not blocked.
    assert.equal((await new Agent(server, from()).signIn('demo', STAFF_PASSWORD)).status, 200);
    // Reset by the end of the window.
    server.clock.advanceHours(0.26);
    try {
      assert.equal((await new Agent(server, from()).signIn(invited.userCode, GOOD_PASSWORD)).status, 200);
    } finally {
      server.clock.advanceHours(-0.26);
    }
  });

  it('per user code: a success clears its count', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, invited.token)).status, 204);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) assert.equal((await new Agent(server, from()).signIn(invited.userCode, 'wrong wrong wrong')).status, 401);
      assert.equal((await new Agent(server, from()).signIn(invited.userCode, GOOD_PASSWORD)).status, 200, `round ${round}`);
    }
  });

  it('per address: 5 failures with any user codes block the address, not the others; the window resets it', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    assert.equal((await accept(server, invited.token)).status, 204);
    const address = from('203.0.113.77');
    for (let i = 0; i < 5; i++) assert.equal((await new Agent(server, address).signIn(`guess-${i}`, 'wrong wrong wrong')).status, 401);
    assert.equal((await new Agent(server, address).signIn(invited.userCode, GOOD_PASSWORD)).status, 429);
    assert.equal((await new Agent(server, address).signIn('demo', STAFF_PASSWORD)).status, 429);
    assert.equal((await new Agent(server, from()).signIn(invited.userCode, GOOD_PASSWORD)).status, 200, 'from elsewhere');
    server.clock.advanceHours(0.26);
    try {
      assert.equal((await new Agent(server, address).signIn(invited.userCode, GOOD_PASSWORD)).status, 200);
    } finally {
      server.clock.advanceHours(-0.26);
    }
  });

  it('per address: an IPv6 address counts by its /64, an IPv4-mapped one as the IPv4 address', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await new Agent(server, from(`2001:db8:77:1::${i + 1}`)).signIn(`v6-guess-${i}`, 'wrong wrong wrong');
      assert.equal(res.status, 401);
    }
    assert.equal((await new Agent(server, from('2001:db8:77:1:ffff::9')).signIn('demo', STAFF_PASSWORD)).status, 429);
    assert.equal((await new Agent(server, from('2001:db8:77:2::1')).signIn('demo', STAFF_PASSWORD)).status, 200);

    for (let i = 0; i < 5; i++) assert.equal((await new Agent(server, from('198.51.100.99')).signIn(`v4-guess-${i}`, 'wrong')).status, 401);
    assert.equal((await new Agent(server, from('::ffff:198.51.100.99')).signIn('demo', STAFF_PASSWORD)).status, 429);
  });
});

describe('allowed addresses', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ trustProxy: ['127.0.0.1'], loginMaxFailuresPerUser: 100, loginMaxFailuresPerAddress: 100 });
  });
  after(() => server.close());

  it('signs in only from the allowed addresses and blocks: IPv4, IPv6, CIDR edges, IPv4-mapped IPv6', async () => {
    const invited = await invite(server, REFERENCE_CLIENT, { allowedIps: ['203.0.113.0/24', '2001:db8:10::/48', '198.51.100.7'] });
    assert.equal((await accept(server, invited.token)).status, 204);
    const signIn = (address: string, password = GOOD_PASSWORD) =>
      new Agent(server, { 'x-forwarded-for': address }).signIn(invited.userCode, password);
    const inside = ['203.0.113.0', '203.0.113.255', '::ffff:203.0.113.9', '2001:db8:10::', '2001:db8:10:ffff:ffff:ffff:ffff:ffff', '198.51.100.7'];
    const outside = ['203.0.112.255', '203.0.114.0', '198.51.100.8', '2001:db8:f:ffff:ffff:ffff:ffff:ffff', '2001:db8:11::', '::ffff:198.51.100.8', '10.0.0.1'];
    for (const address of inside) assert.equal((await signIn(address)).status, 200, address);
    for (const address of outside) {
      const res = await signIn(address);
      assert.equal(res.status, 403, address);
      assert.equal((res.body as unknown as Problem).type, 'urn:client-access:problem:address-not-allowed');
      assert.deepEqual(res.headers.getSetCookie(), [], `${address}: no session`);
    }
    // A wrong password from outside is the usual 401 (the 403 needs the right password).
    assert.equal((await signIn('203.0.114.0', 'wrong wrong wrong')).status, 401);
    const refused = (await history(server, invited.base)).filter((e) => e.detail === 'address outside the allowed addresses');
    assert.deepEqual(refused.map((e) => e.address).sort(), [...outside].sort());
  });

  it('a session used from another address gets 403 there; a narrower list applies at once', async () => {
    const { agent, base, email } = await signedInContact(server, REFERENCE_CLIENT, { allowedIps: ['203.0.113.0/24'] }, { 'x-forwarded-for': '203.0.113.5' });
    assert.equal((await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 200);
    agent.headers['x-forwarded-for'] = '192.0.2.1';
    const res = await agent.request<Problem>('GET', `/api/v1/clients/${REFERENCE_CLIENT}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.type, 'urn:client-access:problem:address-not-allowed');
    agent.headers['x-forwarded-for'] = '203.0.113.5';
    const userCode = (await server.request<{ userCode: string }>('GET', `${base}/access`)).body.userCode;
    assert.equal((await server.request('PUT', `${base}/access`, { json: { userCode, email, allowedIps: ['203.0.113.200'] } })).status, 200);
    assert.equal((await agent.request('GET', `/api/v1/clients/${REFERENCE_CLIENT}`)).status, 403);
  });
});

describe('the address without TRUST_PROXY', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('is the socket address: X-Forwarded-For is ignored', async () => {
    const invited = await invite(server, REFERENCE_CLIENT, { allowedIps: ['203.0.113.5'] });
    assert.equal((await accept(server, invited.token, GOOD_PASSWORD, { 'x-forwarded-for': '203.0.113.5' })).status, 204);
    const res = await new Agent(server, { 'x-forwarded-for': '203.0.113.5' }).signIn(invited.userCode, GOOD_PASSWORD);
    assert.equal(res.status, 403);
    const events = await history(server, invited.base);
    assert.ok(events.length > 0);
    for (const e of events) assert.notEqual(e.address, '203.0.113.5');
    assert.equal(events.find((e) => e.action === 'login-refused')?.address, '127.0.0.1');
  });
});
