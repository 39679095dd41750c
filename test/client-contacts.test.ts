import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { Access, Contact } from '../src/api/types.js';
import '../src/client-access-provider/client-access-provider.js';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactDeletedEvent,
  ContactOpenEvent,
  ContactSavedEvent,
  InvitationSentEvent,
} from '../src/events/events.js';
import { FakeBackend, MIREILLE, MIREILLE_ID, SEED_CLIENT_ID, seedContacts } from '../src/testing/index.js';

const C = SEED_CLIENT_ID;
const COLUMNS_FR = ['Nom', 'Titre', 'Département', 'Type', 'Adresse courriel', 'Téléphone', 'Cellulaire', 'Télécopieur', 'Accès'];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function root(el: ClientContacts): ShadowRoot {
  if (!el.shadowRoot) throw new Error('client-contacts has no shadow root');
  return el.shadowRoot;
}

/** The element matching `selector` in the shadow root; throws when there is none. */
function $<E extends Element = HTMLElement>(el: ClientContacts, selector: string): E {
  const found = root(el).querySelector<E>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

function $$<E extends Element = HTMLElement>(el: ClientContacts, selector: string): E[] {
  return [...root(el).querySelectorAll<E>(selector)];
}

function text(node: Element): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The data rows in the DOM, in table order. */
function rows(el: ClientContacts): HTMLElement[] {
  return $$(el, '[role="row"][part~="row"]').sort(
    (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
  );
}

function rowTexts(row: Element): string[] {
  return [...row.querySelectorAll('[role="rowheader"], [role="cell"]')].map(text);
}

/** The name button of a contact, by its visible name. */
function nameButton(el: ClientContacts, name: string): HTMLButtonElement {
  const button = $$<HTMLButtonElement>(el, '[part~="name-button"]').find((b) => text(b) === name);
  if (!button) throw new Error(`no name button "${name}"`);
  return button;
}

function buttonNamed(el: ClientContacts, name: string): HTMLButtonElement {
  const button = $$<HTMLButtonElement>(el, 'button').find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);
  if (!button) throw new Error(`no button named "${name}"`);
  return button;
}

function listCalls(backend: FakeBackend) {
  return backend.calls.filter((c) => c.method === 'listContacts');
}

function lastQuery(backend: FakeBackend): Record<string, unknown> {
  const calls = listCalls(backend);
  return calls[calls.length - 1]!.args[1] as Record<string, unknown>;
}

/** Waits until the virtualizer has sized the table for all its rows. */
async function sized(el: ClientContacts, rowCount: number): Promise<HTMLElement> {
  const table = $(el, '[role="table"]');
  const rowHeight = () => rows(el)[0]?.getBoundingClientRect().height ?? 0;
  await waitUntil(() => table.scrollHeight >= rowHeight() * rowCount, 'the table was not sized for its rows');
  return table;
}

/** Waits until the first page is shown: no loading message, not busy, rows drawn if any. */
async function loaded(el: ClientContacts): Promise<void> {
  await waitUntil(
    () =>
      root(el).querySelector('[part~="loading"]') === null &&
      root(el).querySelector('[role="table"]')?.getAttribute('aria-busy') === 'false' &&
      (root(el).querySelector('[part~="empty"], [part~="error"]') !== null ||
        root(el).querySelector('[part~="name-button"]') !== null),
    'the contacts did not load',
    { timeout: 4000 },
  );
}

async function setup(options: { backend?: FakeBackend; clientId?: string; wait?: boolean } = {}) {
  const backend = options.backend ?? new FakeBackend();
  const el = await fixture<ClientContacts>(
    html`<client-contacts client-id=${options.clientId ?? C} .backend=${backend}></client-contacts>`,
  );
  if (options.wait !== false) await loaded(el);
  return { el, backend };
}

function contact(overrides: Partial<Contact>): Contact {
  return {
    id: 'x',
    clientId: C,
    name: 'X',
    title: '',
    department: '',
    type: null,
    email: '',
    phone: '',
    mobile: '',
    fax: '',
    location: '',
    accessStatus: 'none',
    version: 1,
    ...overrides,
  };
}

function access(contactId: string, status: Access['status']): Access {
  return {
    contactId,
    userType: 'client-contact',
    role: 'client',
    userCode: '8005551216',
    email: MIREILLE.email!,
    allowedIps: [],
    branchId: null,
    status,
    invitedAt: null,
    invitationExpiresAt: null,
    lastInvitationSentAt: null,
    version: 1,
  };
}

async function typeInFilter(el: ClientContacts, value: string): Promise<void> {
  $<HTMLInputElement>(el, '#filter').focus();
  await sendKeys({ type: value });
}

/** Waits until `find` returns something, and returns it. */
async function until<T>(find: () => T | null | undefined | false, message?: string): Promise<T> {
  let found: T | null | undefined | false;
  await waitUntil(() => (found = find()), message, { timeout: 3000 });
  return found as T;
}

/**
 * The nested contact dialog, opened once and closed again (it stays in the
 * shadow root): the table hears the events that come out of it.
 */
async function nestedDialog(el: ClientContacts): Promise<ContactDialog> {
  buttonNamed(el, 'Ajouter un contact').click();
  const dialog = await openDialog(el);
  await dialog.hide();
  return dialog;
}

/** The open contact dialog. */
function openDialog(el: ClientContacts): Promise<ContactDialog> {
  return until(() => root(el).querySelector<ContactDialog>('contact-dialog[open]'), 'the contact dialog did not open');
}

function focused(el: ClientContacts): Element | null {
  return root(el).activeElement;
}

async function withLang<T>(lang: string, work: () => Promise<T>): Promise<T> {
  const before = document.documentElement.lang;
  document.documentElement.lang = lang;
  try {
    return await work();
  } finally {
    document.documentElement.lang = before;
  }
}

// ---------------------------------------------------------------------------

describe('<client-contacts>', function () {
  // axe and the 10,000-contact fake are slow on a busy 2-core machine.
  this.timeout(20_000);
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  // The virtualizer draws the rows inside the window's viewport: start each test at the top.
  beforeEach(() => window.scrollTo(0, 0));

  afterEach(async () => {
    // Leave the page in French whatever a test did.
    document.documentElement.lang = '';
    await waitUntil(() => document.documentElement.lang === '');
  });

  describe('rendering', () => {
    it('shows the section heading, its hint and the nine columns', async () => {
      const { el } = await setup();
      const heading = $(el, 'h2');
      expect(text(heading)).to.equal('Contacts associés à ce client');
      expect(text($(el, '.hint'))).to.equal('Ajoutez ou administrez ici les contacts associés à ce client');
      const headers = $$(el, '[role="columnheader"]');
      expect(headers.map(text).map((t) => t.replace(/[▲▼↕]/g, '').trim())).to.deep.equal(COLUMNS_FR);
      // Shown in capitals as in the seed (NOM, TITRE...), read as words.
      expect(getComputedStyle(headers[0]!).textTransform).to.equal('uppercase');
      expect($(el, '[role="table"]').getAttribute('aria-labelledby')).to.equal(heading.id);
    });

    it("shows each contact's fields, the type's label and the access state as text", async () => {
      const { el } = await setup();
      expect(rows(el)).to.have.length(1);
      expect(rowTexts(rows(el)[0]!)).to.deep.equal([
        'Mireille Couture',
        'Responsable stock',
        'Logistique',
        'Opérations',
        'mireille.couture@hervedavid.com',
        '521 1224 6321',
        '524 1478 1263',
        '521 1582 1132',
        'Aucun accès',
      ]);
      expect(text($(el, '[part~="status-badge"]'))).to.equal('Aucun accès');
    });

    it('names every access state in words', async () => {
      const { el } = await setup({ backend: new FakeBackend({ contacts: seedContacts(10, C, { accessMix: true }) }) });
      await waitUntil(() => rows(el).length === 10);
      const badges = new Set($$(el, '[part~="status-badge"]').map(text));
      expect([...badges].sort()).to.deep.equal(
        ['Actif', 'Aucun accès', 'Invitation envoyée', 'Invitation expirée', 'Révoqué'].sort(),
      );
    });

    it('shows an access that has ended as "Accès terminé", and filters on it', async () => {
      const backend = new FakeBackend({
        contacts: [contact({ id: 'a', name: 'Annie Fin', accessStatus: 'ended' }), contact({ id: 'b', name: 'Bruno Actif', accessStatus: 'active' })],
      });
      const { el } = await setup({ backend });
      await waitUntil(() => rows(el).length === 2);
      expect(rows(el).map((r) => r.querySelector('[part~="status-badge"]')?.textContent?.trim())).to.deep.equal(['Accès terminé', 'Actif']);
      expect(rows(el)[0]!.querySelector('[part~="status-badge"]')!.classList.contains('ended')).to.be.true;
      const select = $<HTMLSelectElement>(el, '#state');
      select.value = 'ended';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => lastQuery(backend)['accessStatus'] === 'ended');
      await waitUntil(() => rows(el).length === 1);
      expect(rowTexts(rows(el)[0]!)[0]).to.contain('Annie Fin');
      await expect(el).to.be.accessible();
    });

    it("makes the name cell the row's header, so a screen reader names the row of any cell", async () => {
      const { el } = await setup();
      const headers = rows(el)[0]!.querySelectorAll('[role="rowheader"]');
      expect([...headers].map(text)).to.deep.equal(['Mireille Couture']);
      expect(headers[0]!.querySelector('[part~="name-button"]')).to.exist;
    });

    it('keeps long text on one line with the full text in a tooltip', async () => {
      const long = 'Directrice principale des approvisionnements stratégiques et de la logistique internationale';
      const backend = new FakeBackend({ contacts: [contact({ id: 'a', name: 'Anne Long', title: long })] });
      const { el } = await setup({ backend });
      const cell = rows(el)[0]!.querySelectorAll<HTMLElement>('[role="cell"]')[0]!;
      expect(cell.title).to.equal(long);
      expect(getComputedStyle(cell).textOverflow).to.equal('ellipsis');
      expect(getComputedStyle(cell).whiteSpace).to.equal('nowrap');
      expect(cell.scrollWidth).to.be.greaterThan(cell.clientWidth);
    });

    it('says it is loading while the first page comes', async () => {
      const { el } = await setup({ backend: new FakeBackend({ latency: 60_000 }), wait: false });
      await waitUntil(() => root(el).querySelector('[part~="loading"]'));
      expect(text($(el, '[part~="loading"]'))).to.equal('Chargement des contacts…');
      expect($(el, '[role="table"]').getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('reserves the same space while loading as once loaded', async () => {
      const backend = new FakeBackend({ latency: 60_000 });
      const { el } = await setup({ backend, wait: false });
      await waitUntil(() => root(el).querySelector('[part~="loading"]'));
      const loadingHeight = $(el, '.frame').getBoundingClientRect().height;
      backend.latency = 0;
      await el.refresh();
      await loaded(el);
      expect($(el, '.frame').getBoundingClientRect().height).to.equal(loadingHeight);
    });

    it('says when the client has no contact yet, and how to add one', async () => {
      const { el } = await setup({ backend: new FakeBackend({ contacts: [] }) });
      expect(text($(el, '[part~="empty"]'))).to.equal(
        "Aucun contact n'est encore associé à ce client. Pour en ajouter un, utilisez le bouton « + » (Ajouter un contact).",
      );
      expect($(el, '[role="table"]').getAttribute('aria-rowcount')).to.equal('1');
      expect(rows(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('says what went wrong and loads again on "Réessayer"; the focus goes to the next "Réessayer", then to the first row', async () => {
      const backend = new FakeBackend({ fail: 'network' });
      const { el } = await setup({ backend });
      const error = $(el, '[part~="error"]');
      expect(text(error)).to.contain('Impossible de charger les contacts.');
      expect(text(error)).to.contain('Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.');
      await expect(el).to.be.accessible();
      // By keyboard: the button goes with the error, the focus does not fall to <body>.
      buttonNamed(el, 'Réessayer').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => focused(el) === root(el).querySelector('.retry'), 'the focus is not on the new "Réessayer"');
      backend.fail = 'none';
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root(el).querySelector('[part~="error"]') === null);
      await loaded(el);
      expect(text(nameButton(el, 'Mireille Couture'))).to.equal('Mireille Couture');
      await until(() => focused(el) === rows(el)[0]?.querySelector('.name-button'), 'the focus is not on the first row');
    });

    it('puts the focus on "+" when "Réessayer" loads a client without contacts', async () => {
      const backend = new FakeBackend({ contacts: [], fail: 'network' });
      const { el } = await setup({ backend });
      buttonNamed(el, 'Réessayer').focus();
      backend.fail = 'none';
      await sendKeys({ press: 'Enter' });
      await until(() => focused(el) === buttonNamed(el, 'Ajouter un contact'), 'the focus is not on "+"');
    });

    it("tells a server error's status apart from a network failure", async () => {
      const { el } = await setup({ backend: new FakeBackend({ fail: 'server-error' }) });
      expect(text($(el, '[part~="error"]'))).to.contain('Le serveur a répondu par une erreur (500).');
    });
  });

  describe('properties', () => {
    it('another client-id with a contact open asks about unsaved edits, then closes the dialog', async () => {
      const backend = new FakeBackend();
      const { el } = await setup({ backend });
      nameButton(el, 'Mireille Couture').click();
      const dialog = await openDialog(el);
      const droot = dialog.shadowRoot!;
      const title = await until(() => droot.querySelector<HTMLInputElement>('#field-title'));
      title.focus();
      await sendKeys({ type: 'X' });
      const gets = backend.callCount('getContact');
      el.clientId = '42';
      const confirm = await until(() => droot.querySelector<HTMLDialogElement>('dialog.confirm[open]'), 'no question was asked');
      // Meanwhile the dialog keeps its contact: no false "deleted" banner, nothing asked of the other client.
      expect(droot.querySelector('[role="alert"]')).to.equal(null);
      expect(droot.textContent).not.to.contain("n'existe plus");
      expect(title.value.endsWith('X'), 'the edit is kept while asking').to.equal(true);
      expect(backend.callCount('getContact')).to.equal(gets);
      confirm.querySelectorAll<HTMLButtonElement>('button')[1]!.click();
      await waitUntil(() => !dialog.open, 'the dialog did not close');
      expect(droot.textContent).not.to.contain("n'existe plus");
    });

    it('puts the heading at the level the host asks for (2 by default)', async () => {
      const backend = new FakeBackend();
      const el = await fixture<ClientContacts>(
        html`<client-contacts client-id=${C} heading-level="4" .backend=${backend}></client-contacts>`,
      );
      expect(text($(el, 'h4'))).to.equal('Contacts associés à ce client');
      expect(root(el).querySelector('h2')).to.equal(null);
      el.headingLevel = 2;
      await el.updateComplete;
      expect(text($(el, 'h2'))).to.equal('Contacts associés à ce client');
    });

    it('loads the contacts of the client it is given', async () => {
      const other = contact({ id: 'o1', clientId: '9000001', name: 'Olivier Autre' });
      const backend = new FakeBackend({ contacts: [contact({ id: 'm', name: 'Mireille Couture' }), other] });
      const { el } = await setup({ backend });
      expect(rows(el).map((r) => rowTexts(r)[0])).to.deep.equal(['Mireille Couture']);
      el.clientId = '9000001';
      await waitUntil(() => root(el).querySelector('[part~="name-button"]')?.textContent?.includes('Olivier'));
      expect(rows(el).map((r) => rowTexts(r)[0])).to.deep.equal(['Olivier Autre']);
      expect(listCalls(backend).map((c) => c.args[0])).to.deep.equal([C, '9000001']);
    });

    it("uses the provider's backend when it has none of its own", async () => {
      const backend = new FakeBackend();
      const provider = await fixture(
        html`<client-access-provider .backend=${backend}><client-contacts client-id=${C}></client-contacts></client-access-provider>`,
      );
      const el = provider.querySelector('client-contacts');
      if (!el) throw new Error('no client-contacts');
      await loaded(el);
      expect(text(nameButton(el, 'Mireille Couture'))).to.equal('Mireille Couture');
      expect(listCalls(backend)).to.have.length(1);
    });

    it('refresh() shows what changed on the server', async () => {
      const { el, backend } = await setup();
      await backend.createContact(C, { name: 'Benoît Lavoie' });
      expect(rows(el)).to.have.length(1);
      await el.refresh();
      await waitUntil(() => rows(el).length === 2);
      expect(rows(el).map((r) => rowTexts(r)[0])).to.deep.equal(['Benoît Lavoie', 'Mireille Couture']);
    });

    it('fires no event when the host sets its properties', async () => {
      const { el } = await setup();
      const fired: string[] = [];
      for (const type of ['contact-open', 'contact-saved', 'access-saved', 'request-close']) {
        el.addEventListener(type, () => fired.push(type));
      }
      el.clientId = '8005552';
      el.headingLevel = 3;
      await el.updateComplete;
      await loaded(el);
      expect(fired).to.deep.equal([]);
    });
  });

  describe('events', () => {
    it('"+" fires contact-open for a new contact, then opens the contact dialog empty', async () => {
      const { el, backend } = await setup();
      let event: ContactOpenEvent | undefined;
      el.addEventListener('contact-open', (e) => (event = e));
      buttonNamed(el, 'Ajouter un contact').click();
      const d = await openDialog(el);
      expect(event).to.be.instanceOf(ContactOpenEvent);
      expect(event?.detail).to.deep.equal({ clientId: C, contactId: null });
      expect(event?.cancelable).to.equal(true);
      expect(event?.composed).to.equal(true);
      expect(d.contactId).to.equal(null);
      expect(d.clientId).to.equal(C);
      expect(d.backend).to.equal(backend);
      await d.hide();
    });

    it("a contact's name fires contact-open for it, then opens the dialog on it with the table's order", async () => {
      const { el, backend } = await setup();
      $<HTMLButtonElement>(el, '[data-field="email"]').click();
      await waitUntil(() => lastQuery(backend)['sort'] === 'email');
      await loaded(el);
      let detail: unknown;
      el.addEventListener('contact-open', (e) => (detail = e.detail));
      nameButton(el, 'Mireille Couture').click();
      const d = await openDialog(el);
      expect(detail).to.deep.equal({ clientId: C, contactId: MIREILLE_ID });
      expect(d.contactId).to.equal(MIREILLE_ID);
      expect(d.query).to.deep.equal({ sort: 'email' });
      await d.hide();
    });

    it('opens nothing when the host prevents contact-open', async () => {
      const { el } = await setup();
      el.addEventListener('contact-open', (e) => e.preventDefault());
      let opened = 0;
      el.addEventListener('contact-open', () => opened++);
      nameButton(el, 'Mireille Couture').click();
      buttonNamed(el, 'Ajouter un contact').click();
      await el.updateComplete;
      expect(opened).to.equal(2);
      expect(root(el).querySelector('contact-dialog')).to.equal(null);
    });

    it('updates a saved contact in place, without loading again', async () => {
      const { el, backend } = await setup();
      const dialog = await nestedDialog(el);
      const before = listCalls(backend).length;
      const saved = await backend.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Directrice des stocks' });
      dialog.dispatchEvent(new ContactSavedEvent({ contact: saved, created: false }));
      await el.updateComplete;
      expect(rowTexts(rows(el)[0]!)[1]).to.equal('Directrice des stocks');
      expect(listCalls(backend).length).to.equal(before);
    });

    it('hears only its own dialog: an event fired elsewhere in the page changes nothing', async () => {
      const { el, backend } = await setup();
      const before = listCalls(backend).length;
      const saved = await backend.updateContact(C, MIREILLE_ID, { ...MIREILLE, title: 'Ailleurs' });
      document.dispatchEvent(new ContactSavedEvent({ contact: saved, created: false }));
      document.dispatchEvent(new AccessRevokedEvent({ clientId: C, access: access(MIREILLE_ID, 'revoked') }));
      await el.updateComplete;
      expect(rowTexts(rows(el)[0]!)[1]).not.to.equal('Ailleurs');
      expect(rowTexts(rows(el)[0]!)[8]).to.equal('Aucun accès');
      expect(listCalls(backend).length).to.equal(before);
    });

    it("ignores other clients' contacts", async () => {
      const { el, backend } = await setup();
      const dialog = await nestedDialog(el);
      const before = listCalls(backend).length;
      dialog.dispatchEvent(
        new ContactSavedEvent({ contact: contact({ id: MIREILLE_ID, clientId: '42', name: 'Autre' }), created: false }),
      );
      dialog.dispatchEvent(new ContactSavedEvent({ contact: contact({ id: 'n', clientId: '42' }), created: true }));
      dialog.dispatchEvent(new AccessRevokedEvent({ clientId: '42', access: access(MIREILLE_ID, 'revoked') }));
      await el.updateComplete;
      expect(rowTexts(rows(el)[0]!)[0]).to.equal('Mireille Couture');
      expect(rowTexts(rows(el)[0]!)[8]).to.equal('Aucun accès');
      expect(listCalls(backend).length).to.equal(before);
    });

    it('shows a created contact at its sorted place, flashes it and announces it', async () => {
      const { el, backend } = await setup();
      const dialog = await nestedDialog(el);
      const created = await backend.createContact(C, { name: 'Amélie Caron' });
      dialog.dispatchEvent(new ContactSavedEvent({ contact: created, created: true }));
      await waitUntil(() => rows(el).length === 2);
      expect(rows(el).map((r) => rowTexts(r)[0])).to.deep.equal(['Amélie Caron', 'Mireille Couture']);
      expect(rows(el)[0]!.classList.contains('added')).to.equal(true);
      expect(text($(el, '.announcement[role="status"]'))).to.equal('Contact ajouté : Amélie Caron');
    });

    it('scrolls a created contact into view in a long list', async () => {
      const backend = new FakeBackend({ contacts: 2000 });
      const { el } = await setup({ backend });
      const dialog = await nestedDialog(el);
      const created = await backend.createContact(C, { name: 'Marc-André Ménard-Zz' });
      dialog.dispatchEvent(new ContactSavedEvent({ contact: created, created: true }));
      const createdRow = () => rows(el).find((r) => rowTexts(r)[0] === 'Marc-André Ménard-Zz');
      await until(createdRow);
      // Found through the contract's `around`, not by downloading the list.
      expect(listCalls(backend).some((c) => (c.args[1] as { around?: string }).around === created.id)).to.equal(true);
      expect(listCalls(backend).every((c) => (c.args[1] as { limit: number }).limit <= 100)).to.equal(true);
      const table = $(el, '[role="table"]').getBoundingClientRect();
      // Looked up again each time: the list may draw the row anew while it scrolls.
      const row = await until(() => {
        const shown = createdRow();
        const r = shown?.getBoundingClientRect();
        return r && r.top >= table.top && r.bottom <= table.bottom && shown;
      }, 'the new row was not scrolled into view');
      expect(Number(row.getAttribute('aria-rowindex'))).to.be.greaterThan(100);
    });

    it('shows a contact created in the dialog, announces it once the dialog closes, and "+" opens an empty one again', async () => {
      const { el } = await setup();
      const live = $(el, '.announcement');
      buttonNamed(el, 'Ajouter un contact').click();
      const dialog = await openDialog(el);
      const name = await until(() => dialog.shadowRoot?.querySelector<HTMLInputElement>('#field-name'));
      name.focus();
      await sendKeys({ type: 'Amélie Caron' });
      const save = await until(() => dialog.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]'));
      save.click();
      await waitUntil(() => rows(el).length === 2, 'the new contact did not show in the table');
      expect(rows(el).map((r) => rowTexts(r)[0])).to.deep.equal(['Amélie Caron', 'Mireille Couture']);
      // The dialog stays on the contact it created, though the table drew itself again.
      await el.updateComplete;
      await dialog.updateComplete;
      expect(dialog.contactId).to.be.a('string');
      const shown = await until(() => dialog.shadowRoot?.querySelector<HTMLInputElement>('#field-name'));
      expect(shown.value).to.equal('Amélie Caron');
      // A modal dialog silences the page: the table speaks once it closed.
      expect(text(live)).to.equal('');
      await dialog.hide();
      await waitUntil(() => text(live) === 'Contact ajouté : Amélie Caron', 'the new contact was not announced');

      buttonNamed(el, 'Ajouter un contact').click();
      const again = await openDialog(el);
      expect(again.contactId).to.equal(null);
      await again.hide();
    });

    it('changes the access state at once on access-saved, invitation-sent and access-revoked', async () => {
      const { el } = await setup();
      const dialog = await nestedDialog(el);
      const badge = () => text($(el, '[part~="status-badge"]'));
      dialog.dispatchEvent(
        new AccessSavedEvent({ clientId: C, access: access(MIREILLE_ID, 'invited'), invitationSent: true, created: true }),
      );
      await el.updateComplete;
      expect(badge()).to.equal('Invitation envoyée');
      dialog.dispatchEvent(new AccessRevokedEvent({ clientId: C, access: access(MIREILLE_ID, 'revoked') }));
      await el.updateComplete;
      expect(badge()).to.equal('Révoqué');
      dialog.dispatchEvent(new InvitationSentEvent({ clientId: C, access: access(MIREILLE_ID, 'invited') }));
      await el.updateComplete;
      expect(badge()).to.equal('Invitation envoyée');
    });
  });

  describe('deleting a contact', () => {
    const names = (el: ClientContacts) => $$(el, '[part~="name-button"]').map(text);

    /** A table without live updates: what it shows after a deletion is its own doing. */
    async function table(contacts: number) {
      const backend = new FakeBackend({ contacts });
      const el = await fixture<ClientContacts>(html`<client-contacts client-id=${C} live="off" .backend=${backend}></client-contacts>`);
      await loaded(el);
      return { el, backend };
    }

    /** Opens the contact from her name, presses "Supprimer le contact", then "Supprimer". */
    async function deleteFromDialog(el: ClientContacts, name: string): Promise<ContactDialog> {
      const button = nameButton(el, name);
      button.focus();
      button.click();
      const dialog = await openDialog(el);
      const remove = await until(() => dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="delete-button"]'), 'no delete button');
      remove.focus();
      remove.click();
      const confirm = await until(() => dialog.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm[open]'), 'no question');
      confirm.querySelectorAll<HTMLButtonElement>('button')[1]!.click();
      await until(() => !dialog.open, 'the dialog did not close');
      return dialog;
    }

    it('drops the row at once, the count down one, says so, and puts the focus on the row that took its place', async () => {
      const { el, backend } = await table(4);
      const before = names(el);
      expect(text($(el, '.count'))).to.equal('4 contacts');
      const id = backend.peekContacts(C).find((c) => c.name === before[1])!.id;
      const dialog = await deleteFromDialog(el, before[1]!);
      await until(() => !names(el).includes(before[1]!), 'the row stayed');
      expect(names(el)).to.deep.equal([before[0], before[2], before[3]]);
      expect(text($(el, '.count'))).to.equal('3 contacts');
      expect($(el, '[role="table"]').getAttribute('aria-rowcount')).to.equal('4');
      await until(() => focused(el) === nameButton(el, before[2]!), 'the focus is not on the next row');
      expect(text($(el, '.announcement'))).to.equal(`Contact supprimé : ${before[1]}`);

      // Heard a second time (the stream, another listener): nothing more goes.
      dialog.dispatchEvent(new ContactDeletedEvent({ clientId: C, contactId: id }));
      await el.updateComplete;
      expect(names(el)).to.have.length(3);
      expect(text($(el, '.count'))).to.equal('3 contacts');
      await expect(el).to.be.accessible();
    });

    it('the last row: the focus goes to the row before; the only one: to "+", and the table says it is empty', async () => {
      const { el } = await table(2);
      const [first, second] = names(el);
      await deleteFromDialog(el, second!);
      await until(() => focused(el) === nameButton(el, first!), 'the focus is not on the row before');
      await deleteFromDialog(el, first!);
      await until(() => focused(el) === buttonNamed(el, 'Ajouter un contact'), 'the focus is not on "+"');
      expect(names(el)).to.deep.equal([]);
      await until(() => root(el).querySelector('[part~="empty"]'), 'the empty state did not show');
    });

    it('ignores a deletion of another client, and of a contact it does not show', async () => {
      const { el } = await setup();
      const dialog = await nestedDialog(el);
      dialog.dispatchEvent(new ContactDeletedEvent({ clientId: '42', contactId: MIREILLE_ID }));
      dialog.dispatchEvent(new ContactDeletedEvent({ clientId: C, contactId: 'not-shown' }));
      await el.updateComplete;
      expect(names(el)).to.deep.equal([MIREILLE.name]);
    });
  });

  describe('filtering and sorting', () => {
    it('asks the server once per pause in typing, with the words typed', async () => {
      const backend = new FakeBackend({ contacts: 300 });
      const { el } = await setup({ backend });
      const before = listCalls(backend).length;
      await typeInFilter(el, 'gen');
      await waitUntil(() => listCalls(backend).length > before);
      await loaded(el);
      expect(listCalls(backend).length).to.equal(before + 1);
      expect(lastQuery(backend)).to.include({ q: 'gen', offset: 0, limit: 100, sort: 'name' });
      expect(rows(el).length).to.be.greaterThan(0);
      for (const r of rows(el)) expect(rowTexts(r)[0]!.toLowerCase()).to.match(/\bgen/);
      expect(text($(el, '.count'))).to.match(/^\d+ contacts$/);
    });

    it('aborts a search the user has typed past', async () => {
      const backend = new FakeBackend({ contacts: 300 });
      const { el } = await setup({ backend });
      backend.latency = 2000;
      await typeInFilter(el, 'ge');
      await waitUntil(() => lastQuery(backend)['q'] === 'ge');
      const first = listCalls(backend).at(-1)!;
      await sendKeys({ type: 'n' });
      await waitUntil(() => lastQuery(backend)['q'] === 'gen');
      expect((first.args[2] as { signal: AbortSignal }).signal.aborted).to.equal(true);
    });

    it('filters by access state', async () => {
      const backend = new FakeBackend({ contacts: seedContacts(40, C, { accessMix: true }) });
      const { el } = await setup({ backend });
      const select = $<HTMLSelectElement>(el, '#state');
      expect([...select.options].map((o) => o.text)).to.deep.equal([
        'Tous les états',
        'Aucun accès',
        'Invitation envoyée',
        'Actif',
        'Invitation expirée',
        'Accès terminé',
        'Révoqué',
      ]);
      select.value = 'active';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => lastQuery(backend)['accessStatus'] === 'active');
      await loaded(el);
      await waitUntil(() => rows(el).every((r) => rowTexts(r)[8] === 'Actif'));
      expect(rows(el).length).to.be.greaterThan(0);
    });

    it('says when nothing matches, and clears the filter on request', async () => {
      const { el } = await setup();
      await typeInFilter(el, 'zzz');
      await waitUntil(() => root(el).querySelector('[part~="empty"]'));
      expect(text($(el, '[part~="empty"]'))).to.contain('Aucun contact ne correspond au filtre.');
      await expect(el).to.be.accessible();
      buttonNamed(el, 'Effacer le filtre').click();
      await loaded(el);
      await waitUntil(() => rows(el).length === 1);
      expect($<HTMLInputElement>(el, '#filter').value).to.equal('');
      expect(focused(el)).to.equal($(el, '#filter'));
    });

    it('sorts by name, e-mail and access state from the column headers, and says so', async () => {
      const backend = new FakeBackend({ contacts: seedContacts(30, C, { accessMix: true }) });
      const { el } = await setup({ backend });
      const header = (field: string) => $(el, `[data-field="${field}"]`).closest('[role="columnheader"]')!;
      expect(header('name').getAttribute('aria-sort')).to.equal('ascending');
      const names = () => rows(el).map((r) => rowTexts(r)[0]!);
      const ascending = names();

      $<HTMLButtonElement>(el, '[data-field="name"]').click();
      await waitUntil(() => lastQuery(backend)['sort'] === '-name');
      await waitUntil(() => names()[0] === [...ascending].sort().reverse()[0] || names()[0] !== ascending[0]);
      expect(header('name').getAttribute('aria-sort')).to.equal('descending');
      expect(names()[0]! >= names()[names().length - 1]!).to.equal(true);

      $<HTMLButtonElement>(el, '[data-field="accessStatus"]').click();
      await waitUntil(() => lastQuery(backend)['sort'] === 'accessStatus');
      await loaded(el);
      expect(header('accessStatus').getAttribute('aria-sort')).to.equal('ascending');
      expect(header('name').hasAttribute('aria-sort')).to.equal(false);
      await waitUntil(() => rowTexts(rows(el)[0]!)[8] === 'Aucun accès');
    });
  });

  describe('large lists', () => {
    it('keeps the DOM small and downloads one page for 10,000 contacts', async () => {
      const backend = new FakeBackend({ contacts: 10_000 });
      const { el } = await setup({ backend });
      const table = $(el, '[role="table"]');
      expect(table.getAttribute('aria-rowcount')).to.equal('10001');
      expect(text($(el, '.count'))).to.match(/^10\s000 contacts$/);
      expect(root(el).querySelectorAll('*').length).to.be.lessThan(1000);
      expect(listCalls(backend).every((c) => ((c.args[1] as { limit: number }).limit ?? 0) <= 100)).to.equal(true);
      expect(listCalls(backend)).to.have.length(1);
      // ARIA table semantics on the virtualized rows.
      expect($(el, '[part~="header-row"]').getAttribute('aria-rowindex')).to.equal('1');
      rows(el).forEach((r, i) => {
        expect(r.getAttribute('aria-rowindex')).to.equal(String(i + 2));
        expect(r.querySelectorAll('[role="rowheader"]')).to.have.length(1);
        expect(r.querySelectorAll('[role="cell"]')).to.have.length(8);
      });
      await expect(el).to.be.accessible();
    });

    it('shows the first rows of a long list with its count, and keeps them in place when the virtualizer takes over', async () => {
      const { el } = await setup({ backend: new FakeBackend({ contacts: 10_000 }), wait: false });
      // Frame by frame, before each is painted: the first one with the count has the first rows,
      // and the user scrolls a little in it (before the virtualizer, which comes after a paint).
      const seen = await new Promise<{ scrollTop: number; index: string; name: string; top: number }>((resolve, reject) => {
        const frame = () => {
          const count = root(el).querySelector('.count');
          if (!count || text(count) === '') {
            requestAnimationFrame(frame);
            return;
          }
          try {
            expect(text(count)).to.match(/^10\s000 contacts$/);
            expect(rows(el).map((r) => r.getAttribute('aria-rowindex'))).to.deep.equal(
              Array.from({ length: 15 }, (_, i) => String(i + 2)),
            );
            expect(rows(el).every((r) => r.querySelector('[part~="name-button"]'))).to.equal(true);
            const table = $(el, '[role="table"]');
            table.scrollTop = 100;
            const row = rows(el)[4]!;
            resolve({
              scrollTop: table.scrollTop,
              index: row.getAttribute('aria-rowindex')!,
              name: rowTexts(row)[0]!,
              top: row.getBoundingClientRect().top,
            });
          } catch (e) {
            reject(e);
          }
        };
        requestAnimationFrame(frame);
      });
      expect(seen.scrollTop).to.equal(100);
      const table = await sized(el, 10_000);
      expect(table.scrollTop).to.equal(seen.scrollTop);
      const row = await until(() => rows(el).find((r) => r.getAttribute('aria-rowindex') === seen.index));
      expect(rowTexts(row)[0]).to.equal(seen.name);
      expect(row.getBoundingClientRect().top).to.be.closeTo(seen.top, 1);
      expect(root(el).querySelectorAll('*').length).to.be.lessThan(1000);
    });

    it('loads the rows the user scrolls to, showing placeholders meanwhile', async () => {
      const backend = new FakeBackend({ contacts: 10_000 });
      const { el } = await setup({ backend });
      const table = await sized(el, 10_000);
      backend.latency = 300;
      table.scrollTop = table.scrollHeight;
      const last = await until(() => rows(el).find((r) => r.getAttribute('aria-rowindex') === '10001'));
      expect(text(last)).to.equal('…');
      await waitUntil(() => rows(el).find((r) => r.getAttribute('aria-rowindex') === '10001')?.querySelector('[part~="name-button"]'));
      expect(listCalls(backend).some((c) => (c.args[1] as { offset: number }).offset === 9900)).to.equal(true);
      expect(root(el).querySelectorAll('*').length).to.be.lessThan(1000);
    });

    it('aborts the pages the user scrolled past before they came', async () => {
      const backend = new FakeBackend({ contacts: 10_000 });
      const { el } = await setup({ backend });
      const table = await sized(el, 10_000);
      backend.latency = 5000;
      table.scrollTop = table.scrollHeight / 2;
      const middle = await until(() =>
        listCalls(backend).find((c) => (c.args[1] as { offset: number }).offset >= 4900),
      );
      table.scrollTop = table.scrollHeight;
      await waitUntil(() => (middle.args[2] as { signal: AbortSignal }).signal.aborted, 'the middle page was not aborted');
    });

    it('says when pages scrolled to did not load; "Réessayer" loads them, the focus goes to the next "Réessayer", then to the first row loaded', async () => {
      const backend = new FakeBackend({ contacts: 10_000 });
      const { el } = await setup({ backend });
      const table = await sized(el, 10_000);
      backend.fail = 'network';
      table.scrollTop = table.scrollHeight;
      const banner = await until(() => root(el).querySelector<HTMLElement>('.banner[part~="error"]'));
      expect(text(banner)).to.equal(
        'Certains contacts ne se sont pas chargés. Le serveur est injoignable. Vérifiez votre connexion, puis réessayez. Réessayer',
      );
      const last = await until(() => rows(el).find((r) => r.getAttribute('aria-rowindex') === '10001'));
      expect(text(last)).to.equal('…');
      await expect(el).to.be.accessible();
      // By keyboard, still failing: the banner comes back, the focus on its new "Réessayer".
      const first = banner.querySelector<HTMLElement>('.retry')!;
      first.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => {
        const again = root(el).querySelector('.banner .retry');
        return again !== null && again !== first && focused(el) === again;
      }, 'the focus is not on the banner\'s new "Réessayer"');
      // Back: the rows come, the focus on the first of those retried.
      backend.fail = 'none';
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root(el).querySelector('.banner') === null, 'the banner stayed');
      await until(() => {
        const button = focused(el);
        return button?.matches('[part~="name-button"]') && Number(button.closest('[role="row"]')?.getAttribute('aria-rowindex')) > 9000;
      }, 'the focus is not on a row loaded again');
      expect(rows(el).filter((r) => text(r) === '…')).to.have.length(0);
    });
  });

  describe('keyboard', () => {
    it('reaches the filters, "+", the sort buttons, each checkbox and each name by Tab', async () => {
      const { el } = await setup({ backend: new FakeBackend({ contacts: 3 }) });
      $<HTMLInputElement>(el, '#filter').focus();
      const order: string[] = [];
      // The checkboxes come in their own chunk.
      await waitUntil(() => root(el).querySelector('input[type="checkbox"]'), 'no checkboxes');
      for (let i = 0; i < 11; i++) {
        const f = focused(el) as HTMLElement;
        order.push(f.id || f.getAttribute('aria-label') || f.dataset['field'] || text(f));
        await sendKeys({ press: 'Tab' });
      }
      const [first, second] = [rowTexts(rows(el)[0]!)[0], rowTexts(rows(el)[1]!)[0]];
      expect(order).to.deep.equal([
        'filter',
        'state',
        'Ajouter un contact',
        'Sélectionner tous les contacts',
        'name',
        'email',
        'accessStatus',
        `Sélectionner ${first}`,
        first,
        `Sélectionner ${second}`,
        second,
      ]);
    });

    it('opens a contact with Enter and gives focus back to its name on Escape', async () => {
      const { el } = await setup();
      const button = nameButton(el, 'Mireille Couture');
      button.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = await openDialog(el);
      await waitUntil(() => dialog.shadowRoot?.activeElement, 'focus did not move into the dialog');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
      await waitUntil(() => focused(el) === button, 'focus did not come back to the name');
    });

    it('gives focus back to "+" when the new contact dialog closes', async () => {
      const { el } = await setup();
      const add = buttonNamed(el, 'Ajouter un contact');
      add.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = await openDialog(el);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open);
      await waitUntil(() => focused(el) === add, 'focus did not come back to "+"');
    });
  });

  describe('accessibility', () => {
    it('is accessible with every access state shown', async () => {
      const { el } = await setup({ backend: new FakeBackend({ contacts: seedContacts(20, C, { accessMix: true }) }) });
      await expect(el).to.be.accessible();
    });

    it('names the "+" button "Ajouter un contact"', async () => {
      const { el } = await setup();
      const add = $(el, '[part~="add-button"]');
      expect(add.getAttribute('aria-label')).to.equal('Ajouter un contact');
      expect(text(add)).to.equal('');
    });

    it('announces a new contact politely', async () => {
      const { el, backend } = await setup();
      const live = $(el, '.announcement');
      expect(live.getAttribute('role')).to.equal('status');
      const dialog = await nestedDialog(el);
      const created = await backend.createContact(C, { name: 'Zoé Roy' });
      dialog.dispatchEvent(new ContactSavedEvent({ contact: created, created: true }));
      await waitUntil(() => text(live) === 'Contact ajouté : Zoé Roy');
      await expect(el).to.be.accessible();
    });
  });

  describe('French and English', () => {
    it('speaks English when the page does', async () => {
      await withLang('en', async () => {
        const { el } = await setup();
        await waitUntil(() => text($(el, 'h2')) === 'Contacts of this client');
        expect(text($(el, '.hint'))).to.equal('Add or manage the contacts of this client here');
        expect($$(el, '[role="columnheader"]').map(text).map((t) => t.replace(/[▲▼↕]/g, '').trim())).to.deep.equal([
          'Name',
          'Title',
          'Department',
          'Type',
          'E-mail address',
          'Phone',
          'Mobile',
          'Fax',
          'Access',
        ]);
        expect(rowTexts(rows(el)[0]!)[3]).to.equal('Operations');
        expect(rowTexts(rows(el)[0]!)[8]).to.equal('No access');
        expect($(el, '[part~="add-button"]').getAttribute('aria-label')).to.equal('Add a contact');
        expect($(el, 'label[for="filter"]').textContent).to.equal('Filter the contacts');
        await expect(el).to.be.accessible();
      });
    });

    it("follows a provider's locale", async () => {
      const backend = new FakeBackend({ contacts: [] });
      const provider = await fixture(
        html`<client-access-provider locale="en" .backend=${backend}
          ><client-contacts client-id=${C}></client-contacts
        ></client-access-provider>`,
      );
      const el = provider.querySelector('client-contacts');
      if (!el) throw new Error('no client-contacts');
      await loaded(el);
      await waitUntil(() => text($(el, '[part~="empty"]')).startsWith('No contact is associated'));
      expect(text($(el, '[part~="empty"]'))).to.equal(
        'No contact is associated with this client yet. To add one, use the “+” button (Add a contact).',
      );
      provider.removeAttribute('locale');
      await (provider as LitElement).updateComplete;
    });
  });
});
