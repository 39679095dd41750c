/**
 * Client access elements: importing this module defines
 * `<client-access-provider>` and `<client-contacts>`, and exports their
 * classes, the event classes, the context, the backend interface and the REST
 * client. Nothing else is public (`src/internal/` may change at any time).
 *
 * The dialogs are modules of their own, loaded on first use so that a page
 * showing the table pays for the table only: `<client-contacts>` loads
 * `<contact-dialog>`, which loads `<grant-access-dialog>`. A page that uses a
 * dialog on its own imports it (`client-access-elements/contact-dialog`,
 * `client-access-elements/grant-access-dialog`, or the bundle's
 * `contact-dialog.bundle.js` / `grant-access-dialog.bundle.js`), or calls
 * `loadContactDialog()` / `loadGrantAccessDialog()`; a dialog tag already in
 * the page's markup when this module runs is loaded by itself.
 */
import { loadContactDialog, loadGrantAccessDialog } from './internal/lazy.js';

export { ClientAccessProvider } from './client-access-provider/client-access-provider.js';
export { ClientContacts } from './client-contacts/client-contacts.js';
export type { ContactDialog } from './contact-dialog/contact-dialog.js';
export type { GrantAccessDialog } from './grant-access-dialog/grant-access-dialog.js';
export { loadContactDialog, loadGrantAccessDialog };

if (typeof document !== 'undefined') {
  if (document.querySelector('contact-dialog')) void loadContactDialog();
  if (document.querySelector('grant-access-dialog')) void loadGrantAccessDialog();
}

export {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactDeletedEvent,
  ContactOpenEvent,
  ContactSavedEvent,
  InvitationSentEvent,
  RequestCloseEvent,
} from './events/events.js';
export type {
  AccessDetail,
  AccessSavedDetail,
  CloseSource,
  ContactDeletedDetail,
  ContactOpenDetail,
  ContactSavedDetail,
  RequestCloseDetail,
} from './events/events.js';

export { clientAccessContext } from './context.js';
export type { ClientAccessConfig } from './context.js';

export type { CallOptions, ContactsBackend, CreateOptions, LiveEvent, UpdateOptions, WatchOptions } from './api/backend.js';
export { BackendError, isBackendError } from './api/backend-error.js';
export type { BackendErrorKind } from './api/backend-error.js';
export { TokenKeeper, type GetToken, type HostToken } from './api/host-token.js';
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
  ClientEvent,
  ClientEventType,
  Contact,
  ContactInput,
  ContactPage,
  ContactQuery,
  ContactSort,
  FieldError,
  FieldErrorCode,
  Problem,
} from './api/types.js';
