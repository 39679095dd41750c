import { expect } from '@open-wc/testing';
import { BackendError } from '../../src/api/backend-error.js';
import { TokenKeeper } from '../../src/api/host-token.js';
import { RestBackend } from '../../src/api/rest-backend.js';

/** A host's getToken(): hands out token-1, token-2... expiring `ttl` ms after `clock.now`. */
function mintingHost(clock: { now: number }, ttl: number | null = 900_000) {
  const asked: string[] = [];
  const getToken = async () => {
    const token = `token-${asked.length + 1}`;
    asked.push(token);
    return { token, expiresAt: ttl === null ? null : new Date(clock.now + ttl).toISOString() };
  };
  return { asked, getToken };
}

/** A backend that accepts only the tokens in `valid`, recording the Authorization it got. */
function guardedFetch(valid: Set<string>) {
  const seen: (string | null)[] = [];
  const fn = async (_input: RequestInfo | URL, init: RequestInit = {}) => {
    const auth = new Headers(init.headers).get('Authorization');
    seen.push(auth);
    const ok = auth !== null && valid.has(auth.replace(/^Bearer /, ''));
    return ok
      ? new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'Content-Type': 'application/json' } })
      : new Response(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }), {
          status: 401,
          headers: { 'Content-Type': 'application/problem+json' },
        });
  };
  return { seen, fetch: fn as typeof fetch };
}

describe('TokenKeeper', () => {
  it('asks once for concurrent callers and keeps the token until shortly before it expires', async () => {
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const host = mintingHost(clock, 900_000);
    const keeper = new TokenKeeper(host.getToken, () => clock.now);
    const first = await Promise.all([keeper.token(), keeper.token(), keeper.token()]);
    expect(first).to.deep.equal(['token-1', 'token-1', 'token-1']);
    clock.now += 860_000; // 40 s before expiry: still kept
    expect(await keeper.token()).to.equal('token-1');
    clock.now += 20_000; // 20 s before expiry: renewed
    expect(await keeper.token()).to.equal('token-2');
    expect(host.asked).to.deep.equal(['token-1', 'token-2']);
  });

  it('renews a short-lived token a tenth of its life before it ends', async () => {
    const clock = { now: 0 };
    const host = mintingHost(clock, 60_000);
    const keeper = new TokenKeeper(host.getToken, () => clock.now);
    await keeper.token();
    clock.now = 53_000;
    expect(await keeper.token()).to.equal('token-1');
    clock.now = 54_000;
    expect(await keeper.token()).to.equal('token-2');
  });

  it('asks again after a failed getToken()', async () => {
    let calls = 0;
    const keeper = new TokenKeeper(async () => {
      calls += 1;
      if (calls === 1) throw new Error('host backend down');
      return 'fresh';
    });
    let failure: unknown;
    await keeper.token().catch((e) => (failure = e));
    expect((failure as Error).message).to.equal('host backend down');
    expect(await keeper.token()).to.equal('fresh');
  });

  it('accepts a bare string and keeps it until it is refused', async () => {
    let n = 0;
    const keeper = new TokenKeeper(() => `t${++n}`);
    expect(await keeper.token()).to.equal('t1');
    expect(await keeper.token()).to.equal('t1');
    keeper.refused('t1');
    keeper.refused('t1'); // a second 401 on the same token asks only once more
    expect(await keeper.token()).to.equal('t2');
    expect(n).to.equal(2);
  });
});

describe('RestBackend with getToken', () => {
  it('sends the host token as a bearer token, asking the host once for several calls', async () => {
    const clock = { now: Date.now() };
    const host = mintingHost(clock);
    const api = guardedFetch(new Set(['token-1']));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: api.fetch, getToken: host.getToken });
    await Promise.all([backend.getChoices(), backend.getClient('8005551')]);
    await backend.getChoices();
    expect(api.seen).to.deep.equal(['Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
    expect(host.asked).to.deep.equal(['token-1']);
  });

  it('on a 401 asks for a new token and tries the call once more', async () => {
    const clock = { now: Date.now() };
    const host = mintingHost(clock);
    const valid = new Set(['token-1']);
    const api = guardedFetch(valid);
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: api.fetch, getToken: host.getToken });
    await backend.getChoices();
    valid.clear(); // the host backend revoked token-1 early
    valid.add('token-2');
    expect(await backend.getChoices()).to.deep.equal({ ok: true });
    expect(api.seen).to.deep.equal(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
  });

  it('gives the call up after the second 401', async () => {
    const host = mintingHost({ now: Date.now() });
    const api = guardedFetch(new Set());
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: api.fetch, getToken: host.getToken });
    let failure: unknown;
    await backend.getChoices().catch((e) => (failure = e));
    expect(failure).to.be.instanceOf(BackendError);
    expect((failure as BackendError).status).to.equal(401);
    expect(api.seen).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends no Authorization header without getToken', async () => {
    const api = guardedFetch(new Set());
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: api.fetch });
    await backend.getChoices().catch(() => undefined);
    expect(api.seen).to.deep.equal([null]);
  });
});
