/**
 * The events the elements fire. Each is a class with a typed `detail`, bubbles
 * and is composed (it crosses shadow roots up to the document and the window),
 * and is listed in `GlobalEventHandlersEventMap`, which `HTMLElementEventMap`,
 * `DocumentEventMap` and `WindowEventMap` extend: `el.addEventListener(...)`,
 * `document.addEventListener(...)` and `window.addEventListener(...)` all give
 * `e.detail` its type without an annotation. Names: `<thing>-<past participle>` for what happened,
 * `request-close` / `contact-open` (cancelable) for what is about to happen.
 */
import type { Access, Contact } from '../api/types.js';

abstract class ClientAccessEvent<D> extends Event {
  readonly detail: D;
  constructor(type: string, detail: D, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}

export interface ContactSavedDetail {
  contact: Contact;
  /** True when the contact was just created, false for an update. */
  created: boolean;
}

/** A contact was created or updated (the saved contact, as the backend returned it). */
export class ContactSavedEvent extends ClientAccessEvent<ContactSavedDetail> {
  static readonly type = 'contact-saved';
  constructor(detail: ContactSavedDetail) {
    super(ContactSavedEvent.type, detail);
  }
}

export interface AccessDetail {
  clientId: string;
  access: Access;
}

export interface AccessSavedDetail extends AccessDetail {
  /** True when the invitation e-mail was sent with the save. */
  invitationSent: boolean;
  /** True when the access was just created. */
  created: boolean;
}

/** A contact's access was created or changed. */
export class AccessSavedEvent extends ClientAccessEvent<AccessSavedDetail> {
  static readonly type = 'access-saved';
  constructor(detail: AccessSavedDetail) {
    super(AccessSavedEvent.type, detail);
  }
}

/** The invitation e-mail was sent (with a save, or re-sent alone). */
export class InvitationSentEvent extends ClientAccessEvent<AccessDetail> {
  static readonly type = 'invitation-sent';
  constructor(detail: AccessDetail) {
    super(InvitationSentEvent.type, detail);
  }
}

/** A contact's access was revoked. */
export class AccessRevokedEvent extends ClientAccessEvent<AccessDetail> {
  static readonly type = 'access-revoked';
  constructor(detail: AccessDetail) {
    super(AccessRevokedEvent.type, detail);
  }
}

export interface ContactDeletedDetail {
  clientId: string;
  /** The deleted contact's id. */
  contactId: string;
}

/** A contact was deleted (with its portal access, which ended with it). */
export class ContactDeletedEvent extends ClientAccessEvent<ContactDeletedDetail> {
  static readonly type = 'contact-deleted';
  constructor(detail: ContactDeletedDetail) {
    super(ContactDeletedEvent.type, detail);
  }
}

export type CloseSource = 'close-button' | 'escape' | 'backdrop';

export interface RequestCloseDetail {
  source: CloseSource;
}

/**
 * A dialog is about to close. Cancelable: `preventDefault()` keeps it open
 * (the host may want to ask something first). Unsaved edits are asked about
 * after this event, when it was not cancelled.
 */
export class RequestCloseEvent extends ClientAccessEvent<RequestCloseDetail> {
  static readonly type = 'request-close';
  constructor(detail: RequestCloseDetail) {
    super(RequestCloseEvent.type, detail, true);
  }
}

export interface ContactOpenDetail {
  clientId: string;
  /** The contact to open, or null for a new one. */
  contactId: string | null;
}

/**
 * `<client-contacts>` is about to open a contact (or a new one) in its dialog.
 * Cancelable: a host that shows contacts its own way calls `preventDefault()`.
 */
export class ContactOpenEvent extends ClientAccessEvent<ContactOpenDetail> {
  static readonly type = 'contact-open';
  constructor(detail: ContactOpenDetail) {
    super(ContactOpenEvent.type, detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-saved': ContactSavedEvent;
    'contact-deleted': ContactDeletedEvent;
    'access-saved': AccessSavedEvent;
    'invitation-sent': InvitationSentEvent;
    'access-revoked': AccessRevokedEvent;
    'request-close': RequestCloseEvent;
    'contact-open': ContactOpenEvent;
  }
}
