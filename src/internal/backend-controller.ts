import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { ContactsBackend } from '../api/backend.js';
import { RestBackend } from '../api/rest-backend.js';
import { clientAccessContext } from '../context.js';
import type { Choices } from '../api/types.js';

/** What an element exposes for the controller to find its backend. */
export interface BackendHost extends ReactiveElement {
  /** A backend object set by the host; wins over everything. */
  backend: ContactsBackend | null;
  /** The element's own `endpoint` attribute; wins over the context. */
  endpoint: string | null;
}

/**
 * Finds the backend of an element: its `backend` property, else a REST backend
 * on its `endpoint` attribute, else the one of the nearest provider (context),
 * else a REST backend on `/api/v1`. Re-renders the host when the provider's
 * value changes.
 */
export class BackendController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientAccessContext, BackendHost>;

  constructor(private readonly host: BackendHost) {
    this.consumer = new ContextConsumer(host, { context: clientAccessContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {}

  get backend(): ContactsBackend {
    if (this.host.backend) return this.host.backend;
    const endpoint = this.host.endpoint ?? (this.consumer.value ? null : '/api/v1');
    return endpoint === null ? this.consumer.value!.backend : restBackendFor(endpoint);
  }
}

const restBackends = new Map<string, RestBackend>();

/** One REST backend per endpoint on the page, so elements on the same endpoint share caches. */
function restBackendFor(endpoint: string): RestBackend {
  let backend = restBackends.get(endpoint);
  if (!backend) {
    backend = new RestBackend(endpoint);
    restBackends.set(endpoint, backend);
  }
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
