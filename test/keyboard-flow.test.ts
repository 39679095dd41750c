/**
 * The whole staff flow by keyboard only, through the three elements together:
 * open the table's "+", add a contact, grant her access (an invalid IP address
 * first), save, re-send the invitation, revoke, close. After every step the
 * focused element (deep, through the shadow roots) is a control of the flow,
 * never `<body>`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import { FakeBackend, SEED_CLIENT_ID } from '../src/testing/index.js';

/** The focused element, through the shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Fails when the focus dropped to `<body>` (or nowhere); returns the focused element. */
function focused(step: string): HTMLElement {
  const active = deepActive();
  expect(active, `${step}: nothing is focused`).to.exist;
  expect(active!.tagName, `${step}: the focus dropped to <body>`).not.to.equal('BODY');
  return active as HTMLElement;
}

/** Presses Tab (or `key`) until `matches` holds for the focused element (the focus never on <body> meanwhile). */
async function tabTo(step: string, matches: (el: HTMLElement) => boolean, key = 'Tab', max = 40): Promise<HTMLElement> {
  for (let i = 0; i < max; i++) {
    const el = focused(step);
    if (matches(el)) return el;
    if (key === 'Shift+Tab') {
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
    } else await sendKeys({ press: key });
  }
  throw new Error(`${step}: not reached in ${max} presses of ${key}`);
}

const label = (name: string) => (el: HTMLElement) => el.getAttribute('aria-label') === name;
const part = (name: string) => (el: HTMLElement) => (el.getAttribute('part') ?? '').split(' ').includes(name);
const id = (name: string) => (el: HTMLElement) => el.id === name;
const text = (name: string) => (el: HTMLElement) => el.textContent?.trim() === name;

/** The open dialogs' elements, found through the table's shadow root. */
function dialogs(table: ClientContacts) {
  const contact = () => table.shadowRoot!.querySelector('contact-dialog')!;
  const grant = () => contact().shadowRoot!.querySelector('grant-access-dialog')!;
  return { contact, grant };
}

describe('the staff flow by keyboard only', () => {
  it('keeps the focus on a control at every step: add, grant (invalid IP, then saved), re-send, revoke, close', async function () {
    this.timeout(60_000);
    const fake = new FakeBackend({ contacts: [] });
    const table = await fixture<ClientContacts>(html`<client-contacts client-id=${SEED_CLIENT_ID} .backend=${fake}></client-contacts>`);
    const { contact, grant } = dialogs(table);
    await waitUntil(() => table.shadowRoot!.querySelector('[part~="empty"]'), 'the table did not load');

    // Open: Tab from the page to "+", Enter.
    await sendKeys({ press: 'Tab' });
    await tabTo('reach "+"', label('Ajouter un contact'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => contact()?.open, 'the contact dialog did not open');
    await waitUntil(() => deepActive()?.id === 'field-name', 'Nom did not get the focus');

    // Add a contact: her name and e-mail address (the invitation goes there), Enter submits.
    await sendKeys({ type: 'Mireille Couture' });
    await tabTo('reach the e-mail field', id('field-email'));
    await sendKeys({ type: 'mireille.couture@hervedavid.com' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fake.callCount('createContact') === 1, 'the contact was not created');
    await waitUntil(() => contact().shadowRoot!.querySelector('.status')?.textContent?.includes('Enregistré avec succès'));
    focused('after the save');

    // Grant access: Tab to the key, Enter; the grant dialog takes the focus.
    await tabTo('reach the key', label('Accès'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => grant()?.open, 'the grant dialog did not open');
    await waitUntil(() => grant().shadowRoot!.querySelector<HTMLInputElement>('#field-userCode')?.value, 'the proposal did not load');
    focused('the grant dialog opened');

    // An invalid IP address (the seed's own example): refused next to the field, which gets the focus.
    await tabTo('reach the IP field', id('field-allowedIps'));
    await sendKeys({ type: '123.542.654.785' });
    await tabTo('reach the save button', part('save-button'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepActive()?.id === 'field-allowedIps', 'the invalid IP field did not get the focus');
    expect(fake.callCount('saveAccess')).to.equal(0);

    // Corrected, saved (and the invitation sent): the focus stays on the button.
    (deepActive() as HTMLInputElement).select();
    await sendKeys({ type: '203.0.113.7' });
    await tabTo('reach the save button again', part('save-button'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fake.callCount('saveAccess') === 1, 'the access was not saved');
    await waitUntil(() => grant().shadowRoot!.querySelector('.status')?.textContent?.includes('Enregistré avec succès'));
    focused('after the access was saved');

    // Escape closes the grant dialog: the focus goes back to the key.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !grant().open, 'the grant dialog did not close');
    expect(focused('the grant dialog closed').getAttribute('aria-label')).to.equal('Accès');

    // Re-send: the envelope keeps the focus while it sends and after.
    await tabTo('reach the envelope', label('Envoyer les informations de connexion'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fake.callCount('sendInvitation') === 1, 'the invitation was not sent again');
    await waitUntil(() => contact().shadowRoot!.querySelector('.status')?.textContent?.includes('Un courriel a été envoyé'));
    expect(focused('after the re-send').getAttribute('aria-label')).to.equal('Envoyer les informations de connexion');

    // Revoke: back in the grant dialog, the revoke button, then the confirmation.
    await tabTo('back to the key', label('Accès'), 'Shift+Tab');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => grant().open && grant().shadowRoot!.querySelector('[part~="revoke-button"]'), 'no revoke button');
    await tabTo('reach the revoke button', part('revoke-button'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => grant().shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')?.open, 'no confirmation');
    await tabTo('reach the confirmation', text("Révoquer l'accès"));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fake.callCount('revokeAccess') === 1, 'the access was not revoked');
    await waitUntil(() => !grant().shadowRoot!.querySelector('[part~="revoke-button"]'));
    focused('after the revoke');

    // Close both dialogs with Escape: the focus ends on "+", where the flow started.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !grant().open, 'the grant dialog did not close');
    focused('the grant dialog closed again');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !contact().open, 'the contact dialog did not close');
    expect(focused('both dialogs closed').getAttribute('aria-label')).to.equal('Ajouter un contact');
  });
});
