/**
 * React components for the four tags (`client-access-elements/react`), made
 * with `@lit/react`: properties are set as properties (objects and functions
 * too: `backend`, `headers`, `fetch`, `query`, `contact`), and each event has a
 * typed `on…` prop. Works in React 18 and 19; `react` is a peer dependency.
 *
 * This module defines the four elements when it loads, the dialogs included (a
 * page that imports a dialog's component uses it). React 19 hosts may write
 * the tags instead, typed by `client-access-elements/jsx`.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ClientAccessProvider as ClientAccessProviderElement } from '../client-access-provider/client-access-provider.js';
import { ClientContacts as ClientContactsElement } from '../client-contacts/client-contacts.js';
import { ContactDialog as ContactDialogElement } from '../contact-dialog/contact-dialog.js';
import type {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactDeletedEvent,
  ContactOpenEvent,
  ContactSavedEvent,
  InvitationSentEvent,
  RequestCloseEvent,
} from '../events/events.js';
import { GrantAccessDialog as GrantAccessDialogElement } from '../grant-access-dialog/grant-access-dialog.js';

const accessEvents = {
  onAccessSaved: 'access-saved' as EventName<AccessSavedEvent>,
  onInvitationSent: 'invitation-sent' as EventName<InvitationSentEvent>,
  onAccessRevoked: 'access-revoked' as EventName<AccessRevokedEvent>,
  onRequestClose: 'request-close' as EventName<RequestCloseEvent>,
};

const contactEvents = {
  ...accessEvents,
  onContactSaved: 'contact-saved' as EventName<ContactSavedEvent>,
  onContactDeleted: 'contact-deleted' as EventName<ContactDeletedEvent>,
};

/** Every event reaches the table (the dialogs are inside it) and the provider (they bubble). */
const allEvents = {
  ...contactEvents,
  onContactOpen: 'contact-open' as EventName<ContactOpenEvent>,
};

/** `<client-access-provider>`: one backend and one locale for the elements inside it. */
export const ClientAccessProvider = createComponent({
  react: React,
  tagName: 'client-access-provider',
  elementClass: ClientAccessProviderElement,
  events: allEvents,
  displayName: 'ClientAccessProvider',
});

/** `<client-contacts>`: a client's contacts table, with its dialogs. */
export const ClientContacts = createComponent({
  react: React,
  tagName: 'client-contacts',
  elementClass: ClientContactsElement,
  events: allEvents,
  displayName: 'ClientContacts',
});

/** `<contact-dialog>`: create or edit one contact (`ref.current.show()`). */
export const ContactDialog = createComponent({
  react: React,
  tagName: 'contact-dialog',
  elementClass: ContactDialogElement,
  events: contactEvents,
  displayName: 'ContactDialog',
});

/** `<grant-access-dialog>`: grant, change or revoke a contact's portal access (`ref.current.show()`). */
export const GrantAccessDialog = createComponent({
  react: React,
  tagName: 'grant-access-dialog',
  elementClass: GrantAccessDialogElement,
  events: accessEvents,
  displayName: 'GrantAccessDialog',
});

export type {
  ClientAccessProviderElement,
  ClientContactsElement,
  ContactDialogElement,
  GrantAccessDialogElement,
};
