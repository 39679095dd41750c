/**
 * `client-access-elements/testing`: an in-memory backend to render the
 * elements without any server, for a host's Storybook, demos and tests (the
 * one our own stories and element tests use).
 *
 * ```ts
 * import 'client-access-elements';
 * import { FakeBackend, SEED_CLIENT_ID } from 'client-access-elements/testing';
 *
 * const provider = document.querySelector('client-access-provider')!;
 * provider.backend = new FakeBackend({ contacts: 40, latency: 300 });
 * // <client-access-provider><client-contacts client-id="8005551"></client-contacts></client-access-provider>
 * ```
 *
 * Not part of the main entry: a page that does not import this module does
 * not load it. It throws the main entry's `BackendError`, so
 * `isBackendError()` and `instanceof` work on its failures.
 */
export {
  FakeBackend,
  HERVE_DAVID,
  INVITATION_TTL_MS,
  MIREILLE,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CHOICES,
  SEED_CLIENT_ID,
  httpError,
  seedContacts,
} from './fake-backend.js';
export type {
  BackendMethod,
  FailNextOptions,
  Failure,
  FailureMode,
  FakeBackendOptions,
  RecordedCall,
  SeedOptions,
} from './fake-backend.js';
