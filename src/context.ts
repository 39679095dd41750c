import { createContext } from '@lit/context';
import type { ContactsBackend } from './api/backend.js';

/** What `<client-access-provider>` hands to every element inside it. */
export interface ClientAccessConfig {
  /** The backend every element inside uses. */
  backend: ContactsBackend;
  /** The locale asked for (`fr-CA`, `en`...), or null to follow the page's `lang`. */
  locale: string | null;
}

/**
 * The context the elements consume. A host may provide it itself (with
 * `ContextProvider` from `@lit/context`) instead of using the provider element,
 * for instance to hand a fake backend to the elements in tests and stories.
 */
export const clientAccessContext = createContext<ClientAccessConfig | undefined>(Symbol('client-access'));
