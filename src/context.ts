import { createContext } from '@lit/context';
import type { ContactsBackend } from './api/backend.js';
import type { RestBackendOptions } from './api/rest-backend.js';

/** What `<client-access-provider>` hands to every element inside it. */
export interface ClientAccessConfig {
  /** The backend every element inside uses. */
  backend: ContactsBackend;
  /**
   * How the provider reaches a REST API (`fetch`, `headers`, `credentials`): an
   * element inside with an `endpoint` of its own calls it the same way.
   */
  rest?: Omit<RestBackendOptions, 'endpoint'>;
}

/**
 * The context the elements consume. A host may provide it itself (with
 * `ContextProvider` from `@lit/context`) instead of using the provider element,
 * for instance to hand a fake backend to the elements in tests and stories.
 */
export const clientAccessContext = createContext<ClientAccessConfig | undefined>(Symbol('client-access'));
