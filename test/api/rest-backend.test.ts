import { expect } from '@open-wc/testing';
import { BackendError } from '../../src/api/backend-error.js';
import { RestBackend, newIdempotencyKey } from '../../src/api/rest-backend.js';

interface Call {
  url: string;
  init: RequestInit;
  headers: Headers;
}

/** A fake fetch that records calls and answers with `respond`. */
function fakeFetch(respond: (call: Call) => Response | Promise<Response> = () => json({})) {
  const calls: Call[] = [];
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(input), init, headers: new Headers(init.headers) };
    calls.push(call);
    return respond(call);
  };
  return { calls, fetch: fn as typeof fetch };
}

function json(body: unknown, status = 200, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

const contact = { name: 'Mireille Couture', email: 'mireille.couture@hervedavid.com' };

describe('RestBackend', () => {
  it('joins the endpoint and the path, encoding ids', async () => {
    const f = fakeFetch();
    const backend = new RestBackend({ endpoint: 'https://erp.example/api/v1/', fetch: f.fetch });
    await backend.getContact('8005551', 'a/b');
    expect(f.calls[0]!.url).to.equal('https://erp.example/api/v1/clients/8005551/contacts/a%2Fb');
    expect(f.calls[0]!.init.method).to.equal('GET');
  });

  it('sends the list query, leaving out empty values', async () => {
    const f = fakeFetch(() => json({ items: [], total: 0, offset: 0, limit: 50 }));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    await backend.listContacts('8005551', { q: 'cou', sort: '-name', offset: 50, limit: 50, accessStatus: undefined });
    expect(f.calls[0]!.url).to.equal('/api/v1/clients/8005551/contacts?q=cou&sort=-name&offset=50&limit=50');
  });

  it("uses the host's fetch, headers (evaluated per call) and credentials", async () => {
    const f = fakeFetch();
    let token = 'one';
    const backend = new RestBackend({
      endpoint: '/api/v1',
      fetch: f.fetch,
      headers: () => ({ 'X-CSRF-Token': token }),
      credentials: 'include',
    });
    await backend.getChoices();
    token = 'two';
    await backend.getChoices();
    expect(f.calls.map((c) => c.headers.get('X-CSRF-Token'))).to.deep.equal(['one', 'two']);
    expect(f.calls[0]!.init.credentials).to.equal('include');
    expect(f.calls[0]!.headers.get('X-Requested-With')).to.equal('client-access-elements');
  });

  it('sends JSON bodies and an Idempotency-Key on creating calls, the given one when there is one', async () => {
    const f = fakeFetch(() => json({ id: '1' }, 201));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    await backend.createContact('8005551', contact, { idempotencyKey: 'key-1' });
    await backend.createContact('8005551', contact);
    await backend.sendInvitation('8005551', '1');
    const [first, second, third] = f.calls;
    expect(first!.init.method).to.equal('POST');
    expect(first!.headers.get('Content-Type')).to.equal('application/json');
    expect(JSON.parse(String(first!.init.body))).to.deep.equal(contact);
    expect(first!.headers.get('Idempotency-Key')).to.equal('key-1');
    expect(second!.headers.get('Idempotency-Key')).to.match(/^[0-9a-f]{32}$/);
    expect(third!.headers.get('Idempotency-Key')).to.match(/^[0-9a-f]{32}$/);
    expect(third!.init.body).to.equal(undefined);
  });

  it('sends If-Match with the version on updates, and none without one', async () => {
    const f = fakeFetch(() => json({}));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    await backend.updateContact('8005551', '1', contact, { version: 3 });
    await backend.revokeAccess('8005551', '1', { version: 2 });
    await backend.updateContact('8005551', '1', contact);
    expect(f.calls[0]!.init.method).to.equal('PUT');
    expect(f.calls[0]!.headers.get('If-Match')).to.equal('"3"');
    expect(f.calls[1]!.init.method).to.equal('DELETE');
    expect(f.calls[1]!.headers.get('If-Match')).to.equal('"2"');
    expect(f.calls[2]!.headers.has('If-Match')).to.equal(false);
  });

  it('turns problem details into a BackendError carrying the field errors', async () => {
    const problem = {
      type: 'https://example/validation',
      title: 'Invalid access',
      status: 422,
      detail: 'One field is invalid.',
      errors: [{ field: 'allowedIps', code: 'ip', message: 'Not an IP address', index: 0 }],
    };
    const f = fakeFetch(() => json(problem, 422, 'application/problem+json'));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    const error = await backend
      .saveAccess('8005551', '1', { userCode: 'x', email: 'a@b.ca', allowedIps: ['123.542.654.785'] })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BackendError);
    const e = error as BackendError;
    expect(e.kind).to.equal('http');
    expect(e.status).to.equal(422);
    expect(e.message).to.equal('One field is invalid.');
    expect(e.errorsFor('allowedIps')).to.deep.equal(problem.errors);
    expect(e.errorsFor('email')).to.deep.equal([]);
  });

  it('gives a BackendError for an error page that is not a problem', async () => {
    const f = fakeFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch, retries: 0 });
    const e = (await backend.getClient('8005551').catch((x: unknown) => x)) as BackendError;
    expect(e).to.be.instanceOf(BackendError);
    expect(e.status).to.equal(502);
    expect(e.problem?.title).to.equal('Bad Gateway');
    expect(e.fieldErrors).to.deep.equal([]);
  });

  it('gives a network BackendError when fetch fails', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    const e = (await backend.getClient('8005551').catch((x: unknown) => x)) as BackendError;
    expect(e).to.be.instanceOf(BackendError);
    expect(e.kind).to.equal('network');
    expect(e.status).to.equal(0);
  });

  /** A fetch that never answers until its signal aborts, like the real one. */
  const hangingFetch = fakeFetch(
    (call) =>
      new Promise<Response>((_, reject) => {
        const signal = call.init.signal!;
        signal.addEventListener('abort', () => reject(signal.reason));
      }),
  );

  it('passes an AbortSignal to fetch, and rejects with its reason when the caller aborts', async () => {
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: hangingFetch.fetch });
    const controller = new AbortController();
    const pending = backend.getClient('8005551', { signal: controller.signal }).catch((x: unknown) => x);
    controller.abort();
    const e = (await pending) as DOMException;
    expect(e).not.to.be.instanceOf(BackendError);
    expect(e.name).to.equal('AbortError');
    expect(hangingFetch.calls.at(-1)!.init.signal!.aborted).to.equal(true);
  });

  it('fails with a timeout BackendError when no answer comes in time', async () => {
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: hangingFetch.fetch, timeout: 30 });
    const e = (await backend.getClient('8005551').catch((x: unknown) => x)) as BackendError;
    expect(e).to.be.instanceOf(BackendError);
    expect(e.kind).to.equal('timeout');
  });

  describe('an answer to try again (502, 503, 504)', () => {
    const unavailable = (retryAfter: string | null = '0') =>
      new Response(JSON.stringify({ type: 'urn:client-access:problem:database-unavailable', title: 'Service Unavailable', status: 503 }), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json', ...(retryAfter === null ? {} : { 'Retry-After': retryAfter }) },
      });
    /** Answers `failures` (one per call) first, then `ok`. */
    const failing = (failures: (() => Response)[], ok: () => Response = () => json({ id: '1' }, 201)) => {
      const times: number[] = [];
      const f = fakeFetch(() => {
        times.push(performance.now());
        return (failures[times.length - 1] ?? ok)();
      });
      return { ...f, times };
    };

    it('sends a read again after Retry-After, and gives its answer', async () => {
      const f = failing([() => unavailable('0'), () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Retry-After': '0' } })], () => json({ id: '8005551' }));
      const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
      expect(await backend.getClient('8005551')).to.deep.equal({ id: '8005551' });
      expect(f.calls.map((c) => c.url)).to.deep.equal(Array(3).fill('/api/v1/clients/8005551'));
    });

    it('sends a creating call again with the same Idempotency-Key and body', async () => {
      const f = failing([() => unavailable('0'), () => new Response(null, { status: 504, headers: { 'Retry-After': '0' } })]);
      const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
      expect(await backend.createContact('8005551', contact)).to.deep.equal({ id: '1' });
      expect(f.calls).to.have.length(3);
      const keys = new Set(f.calls.map((c) => c.headers.get('Idempotency-Key')));
      expect(keys.size).to.equal(1);
      expect(f.calls.every((c) => c.init.method === 'POST' && c.init.body === JSON.stringify(contact))).to.equal(true);
    });

    it('does not send again a change that carries no Idempotency-Key (an update, a deletion, a revocation)', async () => {
      const f = failing([unavailable, unavailable, unavailable]);
      const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
      for (const call of [
        () => backend.updateContact('8005551', '1', contact, { version: 3 }),
        () => backend.deleteContact('8005551', '1', { version: 3 }),
        () => backend.revokeAccess('8005551', '1', { version: 3 }),
      ]) {
        const e = (await call().catch((x: unknown) => x)) as BackendError;
        expect(e).to.be.instanceOf(BackendError);
        expect(e.status).to.equal(503);
      }
      expect(f.calls.map((c) => c.init.method)).to.deep.equal(['PUT', 'DELETE', 'DELETE']);
    });

    it('gives up after `retries` more tries (2 by default) with the last answer; 500 is not tried again', async () => {
      const always = failing(Array(10).fill(unavailable));
      const e = (await new RestBackend({ endpoint: '/api/v1', fetch: always.fetch }).getClient('8005551').catch((x: unknown) => x)) as BackendError;
      expect(e.status).to.equal(503);
      expect(e.problem?.type).to.equal('urn:client-access:problem:database-unavailable');
      expect(always.calls).to.have.length(3);
      const once = failing(Array(10).fill(unavailable));
      await new RestBackend({ endpoint: '/api/v1', fetch: once.fetch, retries: 1 }).getClient('8005551').catch(() => undefined);
      expect(once.calls).to.have.length(2);
      const broken = failing(Array(10).fill(() => json({ title: 'Internal Server Error' }, 500)));
      await new RestBackend({ endpoint: '/api/v1', fetch: broken.fetch }).getClient('8005551').catch(() => undefined);
      expect(broken.calls).to.have.length(1);
    });

    it('waits 1 s without Retry-After, the date of an HTTP-date one', async () => {
      const f = failing([() => unavailable(null), () => unavailable(new Date(Date.now() + 3000).toUTCString())], () => json({}));
      await new RestBackend({ endpoint: '/api/v1', fetch: f.fetch }).getChoices();
      const [first, second, third] = f.times as [number, number, number];
      // (the upper bounds leave room for a busy machine's late timers)
      expect(second - first).to.be.within(950, 4000);
      // An HTTP date has whole seconds: the wait is 2 to 3 s (not the 1 s of an answer without one).
      expect(third - second).to.be.within(1950, 6000);
    });

    it('gives up at once, with the answer, when Retry-After would end past the timeout', async () => {
      const f = failing([() => unavailable('5')]);
      const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch, timeout: 3000 });
      const started = performance.now();
      const e = (await backend.getClient('8005551').catch((x: unknown) => x)) as BackendError;
      expect(e.kind).to.equal('http');
      expect(e.status).to.equal(503);
      expect(f.calls).to.have.length(1);
      expect(performance.now() - started).to.be.below(1000);
    });

    it("stops waiting when the caller aborts, with the signal's reason, and sends nothing more", async () => {
      const f = failing([() => unavailable('10')]);
      const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch, timeout: 30_000 });
      const controller = new AbortController();
      const pending = backend.getClient('8005551', { signal: controller.signal }).catch((x: unknown) => x);
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      const e = (await pending) as DOMException;
      expect(e.name).to.equal('AbortError');
      expect(f.calls).to.have.length(1);
    });
  });

  it('resolves a 204 to undefined and unwraps the history items', async () => {
    const f = fakeFetch((call) =>
      call.init.method === 'DELETE' ? new Response(null, { status: 204 }) : json({ items: [{ id: 'e1' }] }),
    );
    const backend = new RestBackend({ endpoint: '/api/v1', fetch: f.fetch });
    expect(await backend.deleteContact('8005551', '1')).to.equal(undefined);
    expect(await backend.getAccessHistory('8005551', '1')).to.deep.equal([{ id: 'e1' }]);
  });

  it('makes distinct 128-bit idempotency keys', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).to.equal(100);
  });
});
