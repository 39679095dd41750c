/**
 * `<client-contacts>`' live updates (src/client-contacts/live.ts) against the
 * fake backend's `watchClient`: a change made "elsewhere" (straight on the
 * backend, as another staff member would) shows in the table and in the open
 * dialog without a reload; an open dialog with unsaved edits is not overwritten.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { FakeBackend, SEED_CLIENT_ID } from '../src/testing/index.js';

const C = SEED_CLIENT_ID;

function text(node: Element): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function names(el: ClientContacts): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="name-button"]')].map(text);
}

function count(el: ClientContacts): string {
  return text(el.shadowRoot!.querySelector('.count')!);
}

async function setup(live?: 'off') {
  const backend = new FakeBackend({ contacts: 3 });
  const el = await fixture<ClientContacts>(
    live
      ? html`<client-contacts client-id=${C} live=${live} .backend=${backend}></client-contacts>`
      : html`<client-contacts client-id=${C} .backend=${backend}></client-contacts>`,
  );
  await waitUntil(() => names(el).length === 3, 'the contacts did not load', { timeout: 4000 });
  return { el, backend };
}

/** Waits up to 2 s (the promise of the feature). */
function within2s(check: () => boolean, message: string): Promise<void> {
  return waitUntil(check, message, { timeout: 2000, interval: 20 });
}

async function openOn(el: ClientContacts, name: string): Promise<ContactDialog> {
  const button = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="name-button"]')].find((b) => text(b) === name)!;
  button.click();
  let dialog: ContactDialog | null = null;
  await waitUntil(() => (dialog = el.shadowRoot!.querySelector<ContactDialog>('contact-dialog[open]')), 'the dialog did not open', { timeout: 4000 });
  await waitUntil(() => dialog!.shadowRoot!.querySelector('#field-name'), 'the form did not show', { timeout: 4000 });
  return dialog!;
}

const field = (dialog: ContactDialog, name: string) => dialog.shadowRoot!.querySelector<HTMLInputElement>(`#field-${name}`)!;
const banner = (dialog: ContactDialog | GrantAccessDialog) => dialog.shadowRoot!.querySelector<HTMLElement>('[part~="banner"]');

/** The contact dialog's key: `<grant-access-dialog>` on its contact, once its access has loaded. */
async function openAccessOf(dialog: ContactDialog): Promise<GrantAccessDialog> {
  await waitUntil(() => !dialog.shadowRoot!.querySelector<HTMLButtonElement>('.icon-button.key')?.disabled, 'no key', { timeout: 4000 });
  dialog.shadowRoot!.querySelector<HTMLButtonElement>('.icon-button.key')!.click();
  let grant: GrantAccessDialog | null = null;
  await waitUntil(() => (grant = dialog.shadowRoot!.querySelector<GrantAccessDialog>('grant-access-dialog[open]')), 'the access dialog did not open', { timeout: 4000 });
  await waitUntil(() => grant!.shadowRoot!.querySelector<HTMLInputElement>('#field-userCode')?.value, 'the access did not load', { timeout: 4000 });
  return grant!;
}

describe('<client-contacts> live updates', function () {
  this.timeout(20_000);

  it('shows a contact created, changed or deleted elsewhere within 2 s, in the sort order, with the count', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const before = names(el);

    const created = await backend.createContact(C, { name: 'Aaron Premier', email: 'aaron@example.com' });
    await within2s(() => names(el)[0] === 'Aaron Premier', 'the new contact did not show at its place');
    expect(count(el)).to.equal('4 contacts');

    const first = backend.peekContacts(C).find((c) => c.name === before[1])!;
    await backend.updateContact(C, first.id, { ...first, name: 'Zoé Dernière' });
    await within2s(() => names(el).at(-1) === 'Zoé Dernière', 'the renamed contact did not move to its place');

    await backend.deleteContact(C, created.id);
    await within2s(() => !names(el).includes('Aaron Premier'), 'the deleted contact stayed');
    expect(count(el)).to.equal('3 contacts');
  });

  it('a contact deleted in the dialog goes once: the table drops her row, the stream then reports it without a second removal or an error', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const [first, second, third] = names(el);
    const dialog = await openOn(el, second!);
    const remove = dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="delete-button"]')!;
    remove.click();
    let confirm: HTMLDialogElement | null = null;
    await waitUntil(() => (confirm = dialog.shadowRoot!.querySelector('dialog.confirm[open]')), 'no question');
    const lists = backend.callCount('listContacts');
    confirm!.querySelectorAll<HTMLButtonElement>('button')[1]!.click();
    await within2s(() => !names(el).includes(second!), 'the row stayed');
    expect(count(el)).to.equal('2 contacts');
    // The stream reports the deletion: the table reads its pages again, and finds them as it shows them.
    await within2s(() => backend.callCount('listContacts') > lists, 'the stream did not report the deletion');
    await el.updateComplete;
    expect(names(el)).to.deep.equal([first, third]);
    expect(count(el)).to.equal('2 contacts');
    expect(el.shadowRoot!.querySelector('[part~="error"]')).to.be.null;
    expect(dialog.open).to.be.false;
  });

  it('turns an access badge active when the contact accepts the invitation', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    await backend.saveAccess(C, target.id, { userCode: `${C}900`, email: 'x@example.com', sendInvitation: true });
    const badge = () => text(el.shadowRoot!.querySelectorAll('[part~="status-badge"]')[names(el).indexOf(target.name)]!);
    await within2s(() => badge() === 'Invitation envoyée', `the badge says ${badge()}`);
    backend.simulateAcceptance(C, target.id);
    await within2s(() => badge() === 'Actif', `the badge says ${badge()}`);
  });

  for (const positioned of [true, false]) {
  it(`shows a change made after the table read its first page but before its stream opened (${positioned ? "resumed from the page's liveEventId" : 'a backend without liveEventId: read again'})`, async () => {
    const backend = new FakeBackend({ contacts: 3 });
    if (!positioned) {
      const list = backend.listContacts.bind(backend);
      backend.listContacts = async (...args: Parameters<FakeBackend['listContacts']>) => ({ ...(await list(...args)), liveEventId: undefined });
    }
    const watch = backend.watchClient.bind(backend);
    // The table has read its first page when its (lazy) live chunk opens the stream: a change lands between.
    let first = true;
    backend.watchClient = async (...args: Parameters<FakeBackend['watchClient']>) => {
      if (first) await backend.createContact(C, { name: 'Aaron Entre-deux' });
      first = false;
      return watch(...args);
    };
    const el = await fixture<ClientContacts>(html`<client-contacts client-id=${C} .backend=${backend}></client-contacts>`);
    await within2s(() => names(el).includes('Aaron Entre-deux'), 'the contact created before the stream opened did not show');
    expect(count(el)).to.equal('4 contacts');
  });
  }

  it('live="off" opens no stream and shows nothing by itself', async () => {
    const { el, backend } = await setup('off');
    await backend.createContact(C, { name: 'Aaron Premier' });
    await new Promise((r) => setTimeout(r, 600));
    expect(backend.callCount('watchClient')).to.equal(0);
    expect(names(el)).not.to.include('Aaron Premier');
    el.live = 'on';
    await within2s(() => backend.watching(C) === 1, 'turning it on opened no stream');
  });

  it('keeps no connection once removed from the document, and opens one again when put back', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const parent = el.parentElement!;
    el.remove();
    expect(backend.watching()).to.equal(0);
    parent.append(el);
    await within2s(() => backend.watching(C) === 1, 'no stream after coming back');
  });

  it('connects again with back-off when the stream fails', async () => {
    const backend = new FakeBackend({ contacts: 3 });
    backend.failNext('watchClient', 'network');
    const el = await fixture<ClientContacts>(html`<client-contacts client-id=${C} .backend=${backend}></client-contacts>`);
    await waitUntil(() => backend.watching(C) === 1, 'it did not connect again', { timeout: 4000 });
    expect(backend.callCount('watchClient')).to.equal(2);
    await backend.createContact(C, { name: 'Aaron Premier' });
    await within2s(() => names(el).includes('Aaron Premier'), 'no update after reconnecting');
  });

  it('refreshes an open dialog without unsaved edits silently', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    const dialog = await openOn(el, target.name);
    await backend.updateContact(C, target.id, { ...target, title: 'Directrice des achats' });
    await within2s(() => field(dialog, 'title').value === 'Directrice des achats', 'the dialog kept the old title');
    expect(banner(dialog)).to.equal(null);
  });

  it("refreshes an open dialog's access when it changed elsewhere: accepted, then revoked", async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    await backend.saveAccess(C, target.id, { userCode: `${C}901`, email: 'y@example.com', sendInvitation: true });
    const dialog = await openOn(el, target.name);
    const state = () => text(dialog.shadowRoot!.querySelector('[part~="access"]') ?? dialog);
    await within2s(() => state().includes('Invitation envoyée'), `the access says ${state()}`);
    // Its history open: it is read again too.
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('.history-toggle')!.click();
    const history = () => text(dialog.shadowRoot!.querySelector('[part~="history"]') ?? dialog);
    await within2s(() => history().includes('Invitation envoyée'), `the history says ${history()}`);
    backend.simulateAcceptance(C, target.id);
    await within2s(() => state().includes('Actif'), `the access says ${state()}`);
    await within2s(() => history().includes('Invitation acceptée'), `the history says ${history()}`);
    await backend.revokeAccess(C, target.id);
    await within2s(() => state().includes('Révoqué'), `the access says ${state()}`);
    expect(banner(dialog)).to.equal(null);
  });

  it('the access dialog open on top follows its access changed elsewhere: accepted, then its e-mail changed', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    await backend.saveAccess(C, target.id, { userCode: `${C}902`, email: 'y@example.com', sendInvitation: true });
    const grant = await openAccessOf(await openOn(el, target.name));
    const state = () => text(grant.shadowRoot!.querySelector('[part~="access-state"]') ?? grant);
    expect(state()).to.contain('Invitation envoyée');
    backend.simulateAcceptance(C, target.id);
    await within2s(() => state().includes('Actif'), `the access dialog says ${state()}`);
    const access = (await backend.getAccess(C, target.id))!;
    await backend.saveAccess(C, target.id, { userCode: access.userCode, email: 'z@example.com' }, { version: access.version });
    const email = () => grant.shadowRoot!.querySelector<HTMLInputElement>('#field-email')!.value;
    await within2s(() => email() === 'z@example.com', `the access dialog shows ${email()}`);
    expect(banner(grant)).to.equal(null);
  });

  it('the access dialog never overwrites unsaved edits: it says the access changed and offers to reload', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    await backend.saveAccess(C, target.id, { userCode: `${C}903`, email: 'y@example.com', sendInvitation: true });
    const grant = await openAccessOf(await openOn(el, target.name));
    const ips = grant.shadowRoot!.querySelector<HTMLInputElement>('#field-allowedIps')!;
    ips.focus();
    await sendKeys({ type: '203.0.113.9' });
    const access = (await backend.getAccess(C, target.id))!;
    await backend.saveAccess(C, target.id, { userCode: access.userCode, email: 'z@example.com' }, { version: access.version });
    await within2s(() => banner(grant) !== null, 'no banner');
    expect(banner(grant)!.getAttribute('role')).to.equal('alert');
    expect(text(banner(grant)!)).to.contain("Cet accès a été modifié par quelqu'un d'autre.");
    expect(ips.value, 'what was typed stays').to.equal('203.0.113.9');
    expect(grant.shadowRoot!.querySelector<HTMLInputElement>('#field-email')!.value).to.equal('y@example.com');
    [...banner(grant)!.querySelectorAll('button')].find((b) => text(b) === 'Recharger')!.click();
    await within2s(() => grant.shadowRoot!.querySelector<HTMLInputElement>('#field-email')?.value === 'z@example.com', 'the reload did not show the new values');
  });

  it('never overwrites unsaved edits: it says the contact changed and offers to reload', async () => {
    const { el, backend } = await setup();
    await within2s(() => backend.watching(C) === 1, 'no stream opened');
    const target = backend.peekContacts(C)[0]!;
    const dialog = await openOn(el, target.name);
    field(dialog, 'department').focus();
    await sendKeys({ type: 'Achats' });
    await backend.updateContact(C, target.id, { ...target, title: 'Directrice des achats' });
    await within2s(() => banner(dialog) !== null, 'no banner');
    expect(banner(dialog)!.getAttribute('role')).to.equal('alert');
    expect(text(banner(dialog)!)).to.contain("Ce contact a été modifié par quelqu'un d'autre.");
    expect(field(dialog, 'department').value).to.contain('Achats');
    expect(field(dialog, 'title').value).to.equal(target.title);

    const reload = [...banner(dialog)!.querySelectorAll('button')].find((b) => text(b) === 'Recharger')!;
    reload.click();
    // It asks before discarding the edits; the answer "discard" reloads.
    const confirm = await waitUntil(() => dialog.shadowRoot!.querySelector('dialog.confirm[open]'), 'no question', { timeout: 2000 }).then(
      () => dialog.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!,
    );
    const discard = [...confirm.querySelectorAll('button')].find((b) => text(b) === 'Abandonner')!;
    discard.click();
    await within2s(() => field(dialog, 'title')?.value === 'Directrice des achats', 'the reload did not show the new values');
  });
});
