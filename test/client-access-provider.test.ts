import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/client-access-provider/client-access-provider.js';
import type { ClientAccessProvider } from '../src/client-access-provider/client-access-provider.js';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';

interface Request {
  url: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
}

/**
 * A `fetch` that answers the calls of `<client-contacts>` with an empty list and its live event stream with
 * `ready`, held open until aborted (as the server does), and records them.
 */
function recordingFetch() {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    requests.push({ url, headers: new Headers(init?.headers), credentials: init?.credentials });
    if (url.endsWith('/events')) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('event: ready\ndata: {}\n\n'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }
    const body = url.endsWith('/choices')
      ? { contactTypes: [], branches: [], userTypes: [], roles: [] }
      : { items: [], total: 0, offset: 0, limit: 100 };
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, requests };
}

async function setup(inner: (f: typeof fetch) => ReturnType<typeof html>) {
  const { fetch, requests } = recordingFetch();
  const provider = await fixture<ClientAccessProvider>(inner(fetch));
  const el = provider.querySelector<ClientContacts>('client-contacts');
  if (!el) throw new Error('no <client-contacts> in the provider');
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="empty"]'), 'the list did not load');
  // The live stream opens after the first page (a lazy chunk): every request of the first load is made then.
  await waitUntil(() => requests.some((r) => r.url.endsWith('/events')), 'the live stream did not open');
  return { provider, el, requests, fetch };
}

describe('<client-access-provider>', () => {
  describe('properties', () => {
    it('makes no request when the host gives it new headers and fetch functions, and uses the newest at the next request', async () => {
      const { provider, el, requests, fetch } = await setup(
        (f) => html`<client-access-provider endpoint="/x/api" .fetch=${f} .headers=${() => ({ 'X-Token': 'first' })}>
          <client-contacts client-id="1"></client-contacts>
        </client-access-provider>`,
      );
      const before = requests.length;
      expect(before).to.be.greaterThan(0);
      expect(requests[0]!.url).to.match(/^\/x\/api\//);
      expect(requests[0]!.headers.get('X-Token')).to.equal('first');
      for (let i = 1; i <= 5; i++) {
        provider.headers = () => ({ 'X-Token': `render-${i}` });
        provider.fetch = (input, init) => fetch(input, init);
        await provider.updateComplete;
        await el.updateComplete;
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(requests.length).to.equal(before);

      await el.refresh();
      expect(requests.length).to.equal(before + 1);
      expect(requests.at(-1)!.headers.get('X-Token')).to.equal('render-5');
    });

    it('gives the elements a new backend when the endpoint changes', async () => {
      const { provider, el, requests } = await setup(
        (f) => html`<client-access-provider endpoint="/one" .fetch=${f}>
          <client-contacts client-id="1"></client-contacts>
        </client-access-provider>`,
      );
      provider.endpoint = '/two';
      await waitUntil(() => requests.some((r) => r.url.startsWith('/two/')), 'the new endpoint was not called');
      await el.updateComplete;
    });

    it('sends the host token from getToken, asking once, and a new getToken function makes no request', async () => {
      let minted = 0;
      const mint = async () => ({ token: `host-token-${++minted}`, expiresAt: new Date(Date.now() + 900_000).toISOString() });
      const { provider, el, requests } = await setup(
        (f) => html`<client-access-provider .fetch=${f} .getToken=${mint}>
          <client-contacts client-id="1"></client-contacts>
        </client-access-provider>`,
      );
      const before = requests.length;
      expect(requests.map((r) => r.headers.get('Authorization'))).to.deep.equal(Array(before).fill('Bearer host-token-1'));
      for (let i = 0; i < 5; i++) {
        provider.getToken = () => mint();
        await provider.updateComplete;
        await el.updateComplete;
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(requests.length).to.equal(before);
      await el.refresh();
      expect(requests.at(-1)!.headers.get('Authorization')).to.equal('Bearer host-token-1');
      expect(minted).to.equal(1);
    });

    it("calls an element's own endpoint with the provider's fetch, headers and credentials", async () => {
      const { requests } = await setup(
        (f) => html`<client-access-provider credentials="include" .fetch=${f} .headers=${{ 'X-Token': 't' }}>
          <client-contacts client-id="1" endpoint="/own/api"></client-contacts>
        </client-access-provider>`,
      );
      const own = requests.filter((r) => r.url.startsWith('/own/api/'));
      expect(own.length).to.be.greaterThan(0);
      for (const r of own) {
        expect(r.headers.get('X-Token')).to.equal('t');
        expect(r.credentials).to.equal('include');
      }
    });
  });
});
