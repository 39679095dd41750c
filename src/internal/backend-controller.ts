import { ContextConsumer } from '@lit/context';
import type { ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import { DEFAULT_ENDPOINT, RestBackend, type RestBackendOptions } from '../api/rest-backend.js';
import { clientAccessContext } from '../context.js';
import type { Choices } from '../api/types.js';

/** What an element exposes for the controller to find its backend. */
export interface BackendHost extends ReactiveElement {
  /** A backend object set by the host; wins over everything. */
  backend: ContactsBackend | null;
  /** The element's own `endpoint` attribute; wins over the context's backend. */
  endpoint: string | null;
}

/**
 * Finds the backend of an element: its `backend` property, else a REST backend
 * on its `endpoint` attribute (called the provider's way: its `fetch`,
 * `headers`, `credentials`), else the nearest provider's backend (context),
 * else a REST backend on `/api/v1`. Re-renders the host when the provider's
 * value changes.
 */
export class BackendController {
  private readonly consumer: ContextConsumer<typeof clientAccessContext, BackendHost>;

  constructor(private readonly host: BackendHost) {
    this.consumer = new ContextConsumer(host, { context: clientAccessContext, subscribe: true });
  }

  get backend(): ContactsBackend {
    const config = this.consumer.value;
    if (this.host.backend) return this.host.backend;
    if (this.host.endpoint === null && config) return config.backend;
    return restBackend(this.host.endpoint ?? DEFAULT_ENDPOINT, config?.rest);
  }
}

type Transport = Omit<RestBackendOptions, 'endpoint'>;
const NO_TRANSPORT: Transport = {};
const restBackends = new WeakMap<Transport, Map<string, RestBackend>>();

/**
 * The one way the elements make a REST backend: one per endpoint and way of
 * calling it (`transport`, a provider's), so elements on the same endpoint
 * share caches and a re-render makes no new one.
 */
export function restBackend(endpoint: string, transport: Transport = NO_TRANSPORT): RestBackend {
  let byEndpoint = restBackends.get(transport);
  if (!byEndpoint) restBackends.set(transport, (byEndpoint = new Map()));
  let backend = byEndpoint.get(endpoint);
  if (!backend) byEndpoint.set(endpoint, (backend = new RestBackend({ ...transport, endpoint })));
  return backend;
}

const choicesCache = new WeakMap<ContactsBackend, Promise<Choices>>();

/** The choice lists, fetched once per backend for the page's life (a failure is not kept). */
export function choicesOf(backend: ContactsBackend): Promise<Choices> {
  let pending = choicesCache.get(backend);
  if (!pending) {
    pending = backend.getChoices();
    choicesCache.set(backend, pending);
    pending.catch(() => choicesCache.delete(backend));
  }
  return pending;
}
