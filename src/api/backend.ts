import type {
  Access,
  AccessInput,
  AuditEvent,
  Choices,
  ClientEventType,
  Client,
  Contact,
  ContactInput,
  ContactPage,
  ContactQuery,
} from './types.js';

/** Options every backend call takes. */
export interface CallOptions {
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of the calls that create something: a retry sends the same key. */
export interface CreateOptions extends CallOptions {
  idempotencyKey?: string;
}

/** Options of the calls that change an existing resource. */
export interface UpdateOptions extends CallOptions {
  /** The `version` last read; a stale one makes the call fail with status 412. */
  version?: number;
}

/** One event of `watchClient`. */
export interface LiveEvent {
  /** Its place in the client's stream: given back as `lastEventId`, a new connection resumes after it. */
  id: string;
  /** What changed (read it again), or `ready` (connected) or `reset` (changes were missed: read everything again). */
  type: ClientEventType | 'ready' | 'reset';
  /** The contact that changed (none for `ready` and `reset`). */
  contactId?: string;
}

/** Options of `watchClient`. */
export interface WatchOptions extends CallOptions {
  /** The `id` of the last event received: the changes after it come first. */
  lastEventId?: string;
}

/**
 * Every call the elements make. `RestBackend` implements it over the REST
 * contract of `openapi.yaml`; a host whose URLs differ implements it itself and
 * hands the object to `<client-access-provider>` (or to an element's `backend`
 * property). Failures reject with a `BackendError`.
 */
export interface ContactsBackend {
  getClient(clientId: string, options?: CallOptions): Promise<Client>;
  listContacts(clientId: string, query?: ContactQuery, options?: CallOptions): Promise<ContactPage>;
  getContact(clientId: string, contactId: string, options?: CallOptions): Promise<Contact>;
  createContact(clientId: string, input: ContactInput, options?: CreateOptions): Promise<Contact>;
  updateContact(clientId: string, contactId: string, input: ContactInput, options?: UpdateOptions): Promise<Contact>;
  deleteContact(clientId: string, contactId: string, options?: UpdateOptions): Promise<void>;
  /** The choice lists (contact types, branches, user types, roles). */
  getChoices(options?: CallOptions): Promise<Choices>;
  /** The contact's access, or a proposal for one (`status: 'none'`). */
  getAccess(clientId: string, contactId: string, options?: CallOptions): Promise<Access>;
  /** Creates or updates the access; `input.sendInvitation` sends the e-mail in the same operation. */
  saveAccess(
    clientId: string,
    contactId: string,
    input: AccessInput,
    options?: UpdateOptions & CreateOptions,
  ): Promise<Access>;
  /** Sends the invitation e-mail again with a new link. */
  sendInvitation(clientId: string, contactId: string, options?: CreateOptions): Promise<Access>;
  revokeAccess(clientId: string, contactId: string, options?: UpdateOptions): Promise<Access>;
  /** The audit trail of the contact's access, newest first. */
  getAccessHistory(clientId: string, contactId: string, options?: CallOptions): Promise<AuditEvent[]>;
  /**
   * Optional: calls `onEvent` with each change of the client's contacts, whoever makes it, until
   * `options.signal` aborts (the promise rejects with its reason) or the stream ends (it resolves: connect
   * again with the last `id`). Rejects with a `BackendError` when the connection fails. Without it the
   * elements do not update by themselves.
   */
  watchClient?(clientId: string, onEvent: (event: LiveEvent) => void, options?: WatchOptions): Promise<void>;
}
