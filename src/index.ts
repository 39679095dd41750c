/**
 * Client access elements: importing this module defines
 * `<client-access-provider>`, `<client-contacts>`, `<contact-dialog>` and
 * `<grant-access-dialog>`, and exports their classes, the event classes, the
 * context, the backend interface and the REST client. Nothing else is public
 * (`src/internal/` may change at any time).
 */
export { ClientAccessProvider } from './client-access-provider/client-access-provider.js';
export { ClientContacts } from './client-contacts/client-contacts.js';
export { ContactDialog } from './contact-dialog/contact-dialog.js';
export { GrantAccessDialog } from './grant-access-dialog/grant-access-dialog.js';

export {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactOpenEvent,
  ContactSavedEvent,
  InvitationSentEvent,
  RequestCloseEvent,
} from './events/events.js';
export type {
  AccessDetail,
  AccessSavedDetail,
  CloseSource,
  ContactOpenDetail,
  ContactSavedDetail,
  RequestCloseDetail,
} from './events/events.js';

export { clientAccessContext } from './context.js';
export type { ClientAccessConfig } from './context.js';

export type { CallOptions, ContactsBackend, CreateOptions, UpdateOptions } from './api/backend.js';
export { BackendError, isBackendError } from './api/backend-error.js';
export type { BackendErrorKind } from './api/backend-error.js';
export { RestBackend, newIdempotencyKey } from './api/rest-backend.js';
export type { RestBackendOptions } from './api/rest-backend.js';
export { ACCESS_STATUSES } from './api/types.js';
export type {
  Access,
  AccessInput,
  AccessStatus,
  AuditEvent,
  Choice,
  Choices,
  Client,
  Contact,
  ContactInput,
  ContactPage,
  ContactQuery,
  ContactSort,
  FieldError,
  FieldErrorCode,
  Problem,
} from './api/types.js';
