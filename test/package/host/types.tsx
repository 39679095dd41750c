/**
 * Proof that the shipped types are real, not `any`: every `@ts-expect-error`
 * below must meet an error, or tsc fails with "Unused '@ts-expect-error'
 * directive" (which is what an `any` would give).
 */
import type { GlobalComponents } from 'vue';
import { RestBackend, type Access, type ClientEventType, type Contact, type LiveEvent, type WatchOptions } from 'client-access-elements';
import { RestBackend as BundleRestBackend } from 'client-access-elements/bundle';
import manifest from 'client-access-elements/custom-elements.json';
import { ClientContacts, ContactDialog, GrantAccessDialog } from 'client-access-elements/react';
import type {} from 'client-access-elements/jsx';
import type {} from 'client-access-elements/vue';

// The contract's types (generated from openapi.yaml).
// @ts-expect-error a contact is an object
export const notAContact: Contact = 42;
// @ts-expect-error an access has no such status
export const badStatus: Access['status'] = 'lost';

// A host's own backend streams its live events with the package's types (the changes time makes included).
export const timeChange: LiveEvent = { id: '7', type: 'access-ended', contactId: '42' };
export const resume: WatchOptions = { lastEventId: timeChange.id };
// @ts-expect-error no such event
export const badEvent: ClientEventType = 'access-lost';

// Events, without annotations, on document, window and an element.
document.addEventListener('contact-saved', (e) => {
  const name: string = e.detail.contact.name;
  // @ts-expect-error `created` is a boolean
  const created: string = e.detail.created;
  void name;
  void created;
});
window.addEventListener('access-saved', (e) => {
  // @ts-expect-error `invitationSent` is a boolean
  const sent: number = e.detail.invitationSent;
  void sent;
});
document.querySelector('contact-dialog')?.addEventListener('request-close', (e) => {
  // @ts-expect-error `source` is one of the close sources
  e.detail.source = 'elsewhere';
});

// The elements' properties.
const table = document.createElement('client-contacts');
// @ts-expect-error `clientId` is a string
table.clientId = 8005551;
// @ts-expect-error the REST backend needs an endpoint string
new RestBackend({ endpoint: 1 });
// @ts-expect-error the bundle has the same types
new BundleRestBackend({ endpoint: 1 });

// The manifest, as JSON.
export const schemaVersion: string = manifest.schemaVersion;
// @ts-expect-error `modules` is an array
export const modules: string = manifest.modules;

// React components: typed properties and event props.
export const reactHost = (
  <>
    <ClientContacts
      clientId="8005551"
      onContactSaved={(e) => {
        // @ts-expect-error a contact's name is a string
        const n: number = e.detail.contact.name;
        void n;
      }}
    />
    {/* @ts-expect-error `clientId` is a string */}
    <ContactDialog clientId={8005551} />
    <GrantAccessDialog
      onAccessRevoked={(e) => {
        // @ts-expect-error `access` is an Access
        const a: string = e.detail.access;
        void a;
      }}
    />
  </>
);

// React 19 with the tags themselves (client-access-elements/jsx).
export const tagsHost = (
  <client-contacts
    client-id="8005551"
    oncontact-saved={(e) => {
      // @ts-expect-error a contact's name is a string
      const n: number = e.detail.contact.name;
      void n;
    }}
  />
);
// @ts-expect-error not a tag of ours
export const unknownTag = <client-contact client-id="8005551" />;

// Vue 3: the tags in GlobalComponents (client-access-elements/vue).
type ContactsProps = InstanceType<GlobalComponents['client-contacts']>['$props'];
export const vueProps: ContactsProps = { 'client-id': '8005551' };
// @ts-expect-error `client-id` is a string
export const badVueProps: ContactsProps = { 'client-id': 8005551 };
