import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { CONTACT_FIELDS } from '../src/internal/field-rules.js';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { Access, Contact } from '../src/api/types.js';
import '../src/client-access-provider/client-access-provider.js';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import {
  AccessRevokedEvent,
  AccessSavedEvent,
  type ContactDeletedEvent,
  type ContactSavedEvent,
  type InvitationSentEvent,
  type RequestCloseEvent,
} from '../src/events/events.js';
import {
  FakeBackend,
  MIREILLE,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CLIENT_ID,
  httpError,
  seedContacts,
  type FakeBackendOptions,
} from '../src/testing/index.js';

const NOW = new Date('2026-03-02T15:00:00Z');

const mireille: Contact = { ...MIREILLE, id: MIREILLE_ID, clientId: SEED_CLIENT_ID, accessStatus: 'none', version: 1 } as Contact;

/** Mireille's access as the seed leaves it: saved with a branch, invitation sent. */
function mireilleAccess(overrides: Partial<Access> = {}): Access {
  return {
    contactId: MIREILLE_ID,
    userType: 'client-contact',
    role: 'client',
    userCode: MIREILLE_USER_CODE,
    email: MIREILLE.email!,
    allowedIps: [],
    branchId: 'mtl',
    status: 'invited',
    invitedAt: '2026-03-01T14:30:00Z',
    invitationExpiresAt: '2026-03-04T14:30:00Z',
    lastInvitationSentAt: '2026-03-01T14:30:00Z',
    activatedAt: null,
    revokedAt: null,
    version: 1,
    ...overrides,
  };
}

function $<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

interface SetupOptions extends FakeBackendOptions {
  /** The contact to open; null for a new one (default Mireille). */
  contactId?: string | null;
  /** Open it (default true) and wait until it shows the form. */
  open?: boolean;
}

async function setup(options: SetupOptions = {}) {
  const { contactId = MIREILLE_ID, open = true, ...backendOptions } = options;
  const fake = new FakeBackend({ now: () => NOW, ...backendOptions });
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button id="opener">Ouvrir</button>
    <contact-dialog client-id=${SEED_CLIENT_ID} .contactId=${contactId} .backend=${fake}></contact-dialog>
  </div>`);
  const el = $<ContactDialog>(wrapper, 'contact-dialog');
  const opener = $<HTMLButtonElement>(wrapper, '#opener');
  const root = el.shadowRoot!;
  const s = {
    el,
    fake,
    opener,
    root,
    dialog: () => $<HTMLDialogElement>(root, 'dialog.main'),
    title: () => $(root, '#title').textContent!.trim(),
    input: (field: string) => $<HTMLInputElement>(root, `#field-${field}`),
    error: (field: string) => $(root, `#field-${field}-error`),
    save: () => $<HTMLButtonElement>(root, 'button.save'),
    close: () => $<HTMLButtonElement>(root, 'button.close'),
    closeX: () => $<HTMLButtonElement>(root, 'button.close-x'),
    key: () => $<HTMLButtonElement>(root, 'button.key'),
    envelope: () => $<HTMLButtonElement>(root, 'button.envelope'),
    remove: () => $<HTMLButtonElement>(root, '[part~="delete-button"]'),
    prev: () => $<HTMLButtonElement>(root, 'button.prev'),
    next: () => $<HTMLButtonElement>(root, 'button.next'),
    position: () => $(root, '.position').textContent!.replace(/\s+/g, ' ').trim(),
    banner: () => root.querySelector<HTMLElement>('[role="alert"]'),
    bubble: () => $(root, '.status').textContent!.trim(),
    confirm: () => $<HTMLDialogElement>(root, 'dialog.confirm'),
    focused: () => root.activeElement as HTMLElement | null,
    /** Opens from the opener (so focus can return to it) and waits for the form and its extras. */
    async open() {
      opener.focus();
      await el.show();
      await s.ready();
    },
    async ready() {
      await waitUntil(() => root.querySelector('#field-name'), 'the form did not show');
      await waitUntil(() => !root.querySelector('.loading'), 'the access did not load');
      if (el.contactId !== null) await waitUntil(() => s.position() !== '', 'the position did not show');
      await el.updateComplete;
    },
    /** Types into a field like a user (focus, select all, type). */
    async type(field: string, text: string) {
      const input = s.input(field);
      input.focus();
      input.select();
      if (text) await sendKeys({ type: text });
      else await sendKeys({ press: 'Backspace' });
    },
  };
  if (open) await s.open();
  return s;
}

type Setup = Awaited<ReturnType<typeof setup>>;

function labels(s: Setup): string[] {
  return [...s.root.querySelectorAll('form label')].map((l) => l.textContent!.trim());
}

/** The access section as term → text. */
function accessRows(s: Setup): Record<string, string> {
  const terms = [...s.root.querySelectorAll('.access dt')];
  return Object.fromEntries(terms.map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]));
}

/** The contacts of the fake in the dialog's default order (what "<" / ">" follow). */
/** The nested grant dialog, once its module is loaded (the contact dialog loads it when the browser is idle, or at the key). */
async function grantElement<T extends Element = GrantAccessDialog>(s: Setup): Promise<T> {
  await waitUntil(() => s.root.querySelector('grant-access-dialog'), 'the grant dialog never loaded');
  return $<T>(s.root, 'grant-access-dialog');
}

async function order(fake: FakeBackend): Promise<Contact[]> {
  const page = await fake.listContacts(SEED_CLIENT_ID, { sort: 'name', limit: 500 });
  fake.resetCalls();
  return page.items;
}

async function answerConfirm(s: Setup, discard: boolean) {
  await waitUntil(() => s.confirm().open, 'no question was asked');
  const buttons = s.confirm().querySelectorAll<HTMLButtonElement>('button');
  (discard ? buttons[1] : buttons[0])!.click();
  await s.el.updateComplete;
}

describe('<contact-dialog>', () => {
  before(async function () {
    this.timeout(30_000);
    // axe loads its rules on first use (seconds on a busy machine): not any one test's time.
    await expect(await fixture(html`<p>axe</p>`)).to.be.accessible();
  });

  describe('rendering', () => {
    it('a new contact: title, the seed fields in order, required mark, legend, help', async () => {
      const s = await setup({ contactId: null });
      expect(s.title()).to.equal('Nouveau contact');
      expect(labels(s)).to.deep.equal([
        'Nom',
        'Titre',
        'Département',
        'Type',
        'Adresse courriel',
        'Téléphone',
        'Cellulaire',
        'Télécopieur',
        'Lieu',
      ]);
      for (const field of ['name', 'title', 'department', 'email', 'phone', 'mobile', 'fax', 'location']) {
        expect(s.input(field).value, field).to.equal('');
      }
      expect(s.input('name').getAttribute('aria-required')).to.equal('true');
      expect(s.root.querySelectorAll('.required-mark')).to.have.length(1);
      expect($(s.root, '.field:first-child .required-mark').textContent).to.equal('ⓘ');
      expect($(s.root, '.legend').textContent).to.contain('ⓘ = Champs obligatoires');
      expect($(s.root, '.legend').textContent).to.contain("🔗 = Aide contextuelle disponible sous forme d'infobulle");
      // The marks are drawn (no font needs ⓘ or 🔗): the same icon by the label, on the help button and in the legend.
      expect($(s.root, '.field:first-child .required-mark svg')).to.exist;
      expect($(s.root, '#field-name-help').parentElement!.querySelector('.help-button svg')).to.exist;
      expect(s.root.querySelectorAll('.legend .mark svg')).to.have.length(2);
      for (const field of ['name', 'type', 'location']) {
        const help = $(s.root, `#field-${field}-help`);
        expect(help.getAttribute('role')).to.equal('tooltip');
        expect(s.input(field).getAttribute('aria-describedby')).to.contain(help.id);
      }
      expect(['email', 'phone', 'mobile', 'fax'].map((f) => s.input(f).type)).to.deep.equal(['email', 'tel', 'tel', 'tel']);
      expect(s.save().textContent!.trim()).to.equal('Enregistrer');
      expect(s.close().textContent!.trim()).to.equal('Fermer');
      expect(s.closeX().getAttribute('aria-label')).to.equal('Fermer');
      expect(s.root.querySelector('.nav'), 'no navigation for a new contact').to.be.null;
      expect(s.key().disabled, 'the key waits for a save').to.be.true;
      expect(s.envelope().disabled).to.be.true;
      expect(s.root.querySelector('.access')).to.be.null;
      expect(s.fake.callCount('getContact')).to.equal(0);
    });

    it('the type is a select of the contact types in French, "—" first', async () => {
      const s = await setup({ contactId: null });
      const select = s.input('type') as unknown as HTMLSelectElement;
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
        '—',
        'Opérations',
        'Facturation',
        'Ventes',
        'Direction',
      ]);
      expect(select.value).to.equal('');
    });

    it('an existing contact: its name as title, its values, its position', async () => {
      const s = await setup();
      expect(s.title()).to.equal('Mireille Couture');
      expect(s.dialog().getAttribute('aria-labelledby')).to.equal('title');
      expect(s.input('name').value).to.equal('Mireille Couture');
      expect(s.input('title').value).to.equal('Responsable stock');
      expect(s.input('department').value).to.equal('Logistique');
      const type = s.input('type') as unknown as HTMLSelectElement;
      expect(type.selectedOptions[0]!.textContent!.trim()).to.equal('Opérations');
      expect(s.input('email').value).to.equal('mireille.couture@hervedavid.com');
      expect(s.input('phone').value).to.equal('521 1224 6321');
      expect(s.input('mobile').value).to.equal('524 1478 1263');
      expect(s.input('fax').value).to.equal('521 1582 1132');
      expect(s.position()).to.equal('1 / 1 Contact 1 sur 1');
      expect(s.prev().getAttribute('aria-label')).to.equal('Contact précédent');
      expect(s.next().getAttribute('aria-label')).to.equal('Contact suivant');
      expect($(s.root, '.search-toggle').getAttribute('aria-label')).to.equal('Rechercher un contact');
      expect(s.key().getAttribute('aria-label')).to.equal('Accès');
      expect(s.key().disabled).to.be.false;
      expect(s.envelope().getAttribute('aria-label')).to.equal('Envoyer les informations de connexion');
    });

    it('opening asks for the contact and its neighbours together, once each', async () => {
      const s = await setup({ open: false, latency: 50 });
      await s.el.show();
      expect(s.fake.calls.map((c) => c.method).sort()).to.deep.equal(['getChoices', 'getContact', 'listContacts']);
      await s.ready();
      expect(s.fake.callCount()).to.equal(3);
    });

    it('shows a skeleton with space reserved while the contact loads', async () => {
      const s = await setup({ open: false, latency: 60_000 });
      await s.el.show();
      const body = $(s.root, '.body');
      expect($(s.root, '.skeleton').textContent).to.contain('Chargement du contact…');
      expect(s.dialog().getAttribute('aria-busy')).to.equal('true');
      expect(s.root.querySelector('.loading[role="status"]'), 'the loading is announced').to.exist;
      expect(body.getBoundingClientRect().height).to.be.greaterThan(200);
      expect(s.root.querySelector('#field-name')).to.be.null;
      expect(s.save().getAttribute('aria-disabled')).to.equal('true');
      await expect(s.el).to.be.accessible();
    });

    it('says when the contact cannot be loaded, and retries', async () => {
      const s = await setup({ open: false });
      s.fake.failNext('getContact', 'network');
      await s.el.show();
      await waitUntil(() => s.root.querySelector('.load-error'));
      expect($(s.root, '.load-error').textContent).to.contain('Impossible de charger ce contact.');
      expect($(s.root, '.load-error').textContent).to.contain('Vérifiez votre connexion');
      await expect(s.el).to.be.accessible();
      // By keyboard: the button goes with the error; the focus waits in the dialog, then goes to the name.
      s.fake.latency = 500;
      $<HTMLButtonElement>(s.root, '.load-error button').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.root.querySelector('.skeleton'), 'no skeleton while it loads');
      expect(s.root.activeElement?.className, 'not <body> while it loads: the close button').to.contain('close-x');
      await s.ready();
      expect(s.input('name').value).to.equal('Mireille Couture');
      await waitUntil(() => s.root.activeElement === s.input('name'), 'the focus did not go to the name');
    });

    it('says when the contact no longer exists', async () => {
      const s = await setup({ open: false, contactId: 'gone' });
      await s.el.show();
      await waitUntil(() => s.root.querySelector('.gone'));
      expect($(s.root, '.gone').textContent).to.contain("Ce contact n'existe plus");
      expect(s.save().getAttribute('aria-disabled')).to.equal('true');
      expect(s.dialog().getAttribute('aria-busy')).to.equal('false');
      await expect(s.el).to.be.accessible();
    });

    it('shows the access: role, user code, e-mail, IP limit, branch, state, dates', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      expect($(s.root, '.access h3').textContent).to.equal('Accès au portail');
      const rows = accessRows(s);
      expect(rows['Rôle']).to.equal('Client (rôle du système)');
      expect(rows["Code d'utilisateur"]).to.equal('8005551216');
      expect(rows['Adresse courriel']).to.equal('mireille.couture@hervedavid.com');
      expect(rows['Adresses IP permises']).to.equal('Aucune restriction');
      expect(rows['Succursale']).to.equal('ACT BL Solutions - Actif Montréal');
      expect(rows['État']).to.equal('Invitation envoyée');
      const fr = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(rows['Dernière invitation envoyée']).to.equal(fr.format(new Date('2026-03-01T14:30:00Z')));
      expect(rows["Expiration de l'invitation"]).to.equal(fr.format(new Date('2026-03-04T14:30:00Z')));
      expect(s.envelope().disabled).to.be.false;
      await expect(s.el).to.be.accessible();
    });

    it('lists the allowed IPs, "Toutes les succursales" without a branch', async () => {
      const s = await setup({
        accesses: [mireilleAccess({ status: 'active', allowedIps: ['203.0.113.7', '10.0.0.0/24'], branchId: null })],
      });
      const rows = accessRows(s);
      expect(rows['Adresses IP permises']).to.equal('203.0.113.7, 10.0.0.0/24');
      expect(rows['Succursale']).to.equal('Toutes les succursales');
      expect(rows['État']).to.equal('Actif');
      expect(rows["Expiration de l'invitation"], 'no expiry once active').to.be.undefined;
    });

    it('shows until when the access is valid, and when it ended ("Accès terminé")', async () => {
      const fr = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      const until = '2026-06-30T03:59:59.999Z';
      const s = await setup({ accesses: [mireilleAccess({ status: 'active', accessExpiresAt: until })] });
      expect(accessRows(s)["Accès valide jusqu'au"]).to.equal(fr.format(new Date(until)));
      expect(accessRows(s)['Accès terminé le']).to.be.undefined;

      const ended = '2026-03-01T04:59:59.999Z'; // before NOW
      const t = await setup({ accesses: [mireilleAccess({ status: 'active', accessExpiresAt: ended })] });
      const rows = accessRows(t);
      expect(rows['État']).to.equal('Accès terminé');
      expect(rows['Accès terminé le']).to.equal(fr.format(new Date(ended)));
      expect(rows["Accès valide jusqu'au"]).to.be.undefined;
      expect(t.envelope().disabled, 'no invitation for an access that has ended').to.be.true;
      await expect(t.el).to.be.accessible();
    });

    it('says "Aucun accès au portail" without asking the backend when the contact has none', async () => {
      const s = await setup();
      expect($(s.root, '.no-access').textContent!.trim()).to.equal('Aucun accès au portail');
      expect(s.fake.callCount('getAccess')).to.equal(0);
      expect(s.envelope().disabled).to.be.true;
    });

    it('says when the access cannot be loaded, and retries', async () => {
      const s = await setup({ open: false, accesses: [mireilleAccess()] });
      s.fake.failNext('getAccess', 'server-error');
      await s.el.show();
      await waitUntil(() => s.root.querySelector('.access-error'));
      expect($(s.root, '.access-error').textContent).to.contain("Impossible de charger l'accès au portail.");
      s.fake.latency = 200;
      $<HTMLButtonElement>(s.root, '.retry-access').focus();
      await sendKeys({ press: 'Enter' });
      // The button went with the error: the focus waits on the access's place, not on <body>.
      expect(s.root.activeElement?.localName, 'the focus while it loads').to.equal('contact-access-summary');
      await waitUntil(() => s.root.querySelector('.access dl'));
      expect(accessRows(s)['État']).to.equal('Invitation envoyée');
      expect(s.root.activeElement?.localName, 'the focus once loaded').to.equal('contact-access-summary');
      await expect(s.el).to.be.accessible();
    });
  });

  describe('properties', () => {
    it('reflects open; show() and hide() resolve once done', async () => {
      const s = await setup({ open: false });
      expect(s.el.hasAttribute('open')).to.be.false;
      expect(s.dialog().open).to.be.false;
      await s.el.show();
      expect(s.el.hasAttribute('open')).to.be.true;
      expect(s.dialog().open).to.be.true;
      await s.el.hide();
      expect(s.el.hasAttribute('open')).to.be.false;
      expect(s.dialog().open).to.be.false;
    });

    it('loads nothing while closed', async () => {
      const s = await setup({ open: false });
      expect(s.fake.callCount()).to.equal(0);
    });

    it('shows another contact when the host sets contactId, without firing anything', async () => {
      const s = await setup({ contacts: 3, contactId: `${SEED_CLIENT_ID}-1` });
      const fired: string[] = [];
      for (const type of ['contact-saved', 'request-close', 'invitation-sent']) s.el.addEventListener(type, () => fired.push(type));
      s.el.contactId = `${SEED_CLIENT_ID}-2`;
      await waitUntil(() => s.title() === seedContacts(3)[1]!.name);
      await s.ready();
      expect(s.input('name').value).to.equal(seedContacts(3)[1]!.name);
      s.el.contactId = null;
      await waitUntil(() => s.title() === 'Nouveau contact');
      await s.el.updateComplete;
      expect(s.input('name').value).to.equal('');
      expect(fired).to.deep.equal([]);
    });

    it('opened without contact-id, opens blank at each show(), not on the contact it created', async () => {
      const s = await setup({ contactId: null });
      await s.type('name', 'Jean Tremblay');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await s.ready();
      expect(s.title()).to.equal('Jean Tremblay');
      await s.el.hide();
      await s.open();
      expect(s.el.contactId).to.equal(null);
      expect(s.title()).to.equal('Nouveau contact');
      expect(s.input('name').value).to.equal('');
    });

    it('reads contact-id and client-id attributes', async () => {
      const fake = new FakeBackend();
      const el = await fixture<ContactDialog>(
        html`<contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} .backend=${fake}></contact-dialog>`,
      );
      expect(el.clientId).to.equal(SEED_CLIENT_ID);
      expect(el.contactId).to.equal(MIREILLE_ID);
      await el.show();
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLInputElement>('#field-name')?.value === 'Mireille Couture');
    });

    it('uses the backend of a <client-access-provider> around it', async () => {
      const fake = new FakeBackend();
      const wrapper = await fixture(html`<client-access-provider .backend=${fake}>
        <contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID}></contact-dialog>
      </client-access-provider>`);
      const el = $<ContactDialog>(wrapper, 'contact-dialog');
      await el.show();
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLInputElement>('#field-name')?.value === 'Mireille Couture');
      expect(fake.callCount('getContact')).to.equal(1);
    });

    it('follows the query: "<" / ">" and the position use its order and filter', async () => {
      const s = await setup({ contacts: 5, open: false });
      const byName = await order(s.fake);
      s.el.query = { sort: '-name' };
      s.el.contactId = byName[4]!.id; // the last by name is the first by -name
      await s.open();
      expect(s.position()).to.contain('1 / 5');
      expect(s.prev().getAttribute('aria-disabled')).to.equal('true');
      const [, query] = s.fake.callsOf('listContacts')[0]!.args;
      expect(query).to.deep.include({ sort: '-name', around: byName[4]!.id, limit: 3 });
    });
  });

  describe('saving', () => {
    it('creates a new contact: one request with an idempotency key, then the event, bubble and key', async () => {
      const s = await setup({ contactId: null });
      await s.type('name', 'Jean Tremblay');
      await s.type('email', 'jean@example.com');
      const select = s.input('type') as unknown as HTMLSelectElement;
      select.value = 'billing';
      select.dispatchEvent(new Event('change'));
      const saved = oneEvent(s.el, 'contact-saved') as Promise<ContactSavedEvent>;
      s.save().click();
      const event = await saved;
      expect(s.fake.callCount('createContact')).to.equal(1);
      const [clientId, input, opts] = s.fake.callsOf('createContact')[0]!.args as [string, Record<string, unknown>, { idempotencyKey: string }];
      expect(clientId).to.equal(SEED_CLIENT_ID);
      expect(input).to.deep.include({ name: 'Jean Tremblay', email: 'jean@example.com', type: 'billing', title: '' });
      expect(opts.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
      expect(event.detail.created).to.be.true;
      expect(event.detail.contact.name).to.equal('Jean Tremblay');
      expect(event.bubbles && event.composed).to.be.true;
      expect(s.el.contactId, 'contactId follows the new contact').to.equal(event.detail.contact.id);
      await s.el.updateComplete;
      expect(s.title()).to.equal('Jean Tremblay');
      expect(s.bubble()).to.equal('Enregistré avec succès');
      expect(s.key().disabled).to.be.false;
      expect(s.dialog().open, 'stays open').to.be.true;
      await s.ready();
      expect(s.fake.callCount('getContact'), 'no reload of what was just saved').to.equal(0);
      expect(s.position()).to.contain('/ 2');
      await expect(s.el).to.be.accessible();
    });

    it('updates an existing contact with its version', async () => {
      const s = await setup();
      await s.type('title', 'Directrice des stocks');
      const saved = oneEvent(s.el, 'contact-saved') as Promise<ContactSavedEvent>;
      await sendKeys({ press: 'Enter' });
      const event = await saved;
      const [, contactId, input, opts] = s.fake.callsOf('updateContact')[0]!.args as [string, string, Record<string, unknown>, { version: number }];
      expect(contactId).to.equal(MIREILLE_ID);
      expect(input).to.deep.include({ name: 'Mireille Couture', title: 'Directrice des stocks' });
      expect(opts.version).to.equal(1);
      expect(event.detail).to.deep.include({ created: false });
      expect(event.detail.contact.version).to.equal(2);
      expect(s.fake.callCount('createContact')).to.equal(0);
      await s.el.updateComplete;
      expect(s.bubble()).to.equal('Enregistré avec succès');
      // Saved: closing does not ask any more.
      s.closeX().click();
      await waitUntil(() => !s.el.open);
    });

    it('a second save sends the new version', async () => {
      const s = await setup();
      await s.type('title', 'A');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await s.type('title', 'B');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      const versions = s.fake.callsOf('updateContact').map((c) => (c.args[3] as { version: number }).version);
      expect(versions).to.deep.equal([1, 2]);
    });

    it('a save that leaves the contact in its place asks nothing more for "<" / ">"; a rename asks again', async () => {
      const s = await setup();
      const lists = () => s.fake.callCount('listContacts');
      const before = lists();
      await s.type('title', 'Directrice des stocks');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await s.el.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      expect(lists()).to.equal(before);
      // The name is the order's key: the position may change, it is asked again.
      await s.type('name', 'Zoé Couture');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await waitUntil(() => lists() === before + 1, 'the neighbours were not asked again after a rename');
    });

    it('is busy while saving: spinner, aria-busy, buttons disabled, a second submit ignored', async () => {
      const s = await setup();
      await s.type('title', 'X');
      s.fake.latency = 60_000;
      s.save().click();
      await s.el.updateComplete;
      expect(s.save().getAttribute('aria-disabled')).to.equal('true');
      expect(s.save().querySelector('.spinner')).to.exist;
      expect(s.dialog().getAttribute('aria-busy')).to.equal('true');
      expect(s.close().disabled).to.be.true;
      expect(s.key().disabled).to.be.true;
      expect(s.next().getAttribute('aria-disabled')).to.equal('true');
      s.save().click();
      await s.el.updateComplete;
      expect(s.fake.callCount('updateContact')).to.equal(1);
      await expect(s.el).to.be.accessible();
    });

    it('a retry of a failed creation reuses its key: no duplicate', async () => {
      const s = await setup({ contactId: null });
      await s.type('name', 'Jean Tremblay');
      s.fake.failNext('createContact', 'network', { afterCommit: true });
      s.save().click();
      await waitUntil(() => s.banner());
      expect(s.input('name').value, 'what was typed stays').to.equal('Jean Tremblay');
      s.save().click();
      const event = (await oneEvent(s.el, 'contact-saved')) as ContactSavedEvent;
      const keys = s.fake.callsOf('createContact').map((c) => (c.args[2] as { idempotencyKey: string }).idempotencyKey);
      expect(keys).to.have.length(2);
      expect(keys[1]).to.equal(keys[0]);
      expect(s.fake.peekContacts().filter((c) => c.name === 'Jean Tremblay')).to.have.length(1);
      expect(event.detail.created).to.be.true;
    });

    it('a new key when the body changed after a failure', async () => {
      const s = await setup({ contactId: null });
      await s.type('name', 'Jean Tremblay');
      s.fake.failNext('createContact', 'server-error');
      s.save().click();
      await waitUntil(() => s.banner());
      await s.type('name', 'Jean Tremblay fils');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      const keys = s.fake.callsOf('createContact').map((c) => (c.args[2] as { idempotencyKey: string }).idempotencyKey);
      expect(keys[1]).to.not.equal(keys[0]);
    });
  });

  describe('navigation', () => {
    it('">" and "<" move through the client\'s contacts in name order, disabled at the ends', async () => {
      const s = await setup({ contacts: 5, open: false });
      const byName = await order(s.fake);
      s.el.contactId = byName[1]!.id;
      await s.open();
      expect(s.position()).to.contain('2 / 5');
      expect(s.position()).to.contain('Contact 2 sur 5');
      const [, query] = s.fake.callsOf('listContacts')[0]!.args;
      expect(query).to.deep.include({ sort: 'name', around: byName[1]!.id, limit: 3 });
      s.prev().click();
      await waitUntil(() => s.position().startsWith('1 / 5'));
      expect(s.el.contactId).to.equal(byName[0]!.id);
      expect(s.title()).to.equal(byName[0]!.name);
      expect(s.input('name').value).to.equal(byName[0]!.name);
      expect(s.prev().getAttribute('aria-disabled')).to.equal('true');
      s.prev().click();
      await s.el.updateComplete;
      expect(s.el.contactId, '"<" does nothing at the first').to.equal(byName[0]!.id);
      for (let i = 1; i < 5; i++) {
        s.next().click();
        await waitUntil(() => s.position().startsWith(`${i + 1} / 5`));
        expect(s.title()).to.equal(byName[i]!.name);
      }
      expect(s.next().getAttribute('aria-disabled')).to.equal('true');
      expect(s.prev().getAttribute('aria-disabled')).to.equal('false');
      expect(s.fake.callCount('getContact'), 'the neighbours come with the page').to.equal(1);
    });

    it('keeps the focus on ">" while moving, even to the last contact', async () => {
      const s = await setup({ contacts: 3, open: false });
      const byName = await order(s.fake);
      s.el.contactId = byName[1]!.id;
      await s.open();
      s.next().focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.position().startsWith('3 / 3'));
      expect(s.focused()).to.equal(s.next());
    });

    it('asks before leaving unsaved edits; "Continuer la saisie" stays, "Abandonner" moves', async () => {
      const s = await setup({ contacts: 3, open: false });
      const byName = await order(s.fake);
      s.el.contactId = byName[0]!.id;
      await s.open();
      await s.type('title', 'Modifié');
      s.next().click();
      await answerConfirm(s, false);
      expect(s.el.contactId).to.equal(byName[0]!.id);
      expect(s.input('title').value).to.equal('Modifié');
      s.next().click();
      await waitUntil(() => s.confirm().open);
      expect(s.confirm().textContent).to.contain('Si vous passez à un autre contact');
      await expect(s.el).to.be.accessible();
      await answerConfirm(s, true);
      await waitUntil(() => s.el.contactId === byName[1]!.id);
      await s.el.updateComplete;
      expect(s.input('name').value).to.equal(byName[1]!.name);
    });

    it('the search jumps to another contact by name', async () => {
      const s = await setup({ contacts: [mireille, ...seedContacts(20)] });
      const toggle = $<HTMLButtonElement>(s.root, '.search-toggle');
      toggle.click();
      await waitUntil(() => s.root.querySelector('#search-input'));
      const input = $<HTMLInputElement>(s.root, '#search-input');
      await waitUntil(() => s.focused() === input, 'the search field takes the focus');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(input.labels?.[0]?.textContent).to.equal('Rechercher un contact');
      await sendKeys({ type: 'Zoé' });
      await waitUntil(() => s.root.querySelectorAll('[role="option"]').length > 0);
      await expect(s.el).to.be.accessible();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      const zoe = seedContacts(20).find((c) => c.name.startsWith('Zoé'))!;
      await waitUntil(() => s.el.contactId === zoe.id);
      await s.ready();
      expect(s.title()).to.equal(zoe.name);
      expect(s.root.querySelector('#search-input'), 'the search closes').to.be.null;
      expect(s.focused()).to.equal(s.input('name'));
    });

    it('Escape closes the search, not the dialog', async () => {
      const s = await setup();
      $<HTMLButtonElement>(s.root, '.search-toggle').click();
      await waitUntil(() => s.focused()?.id === 'search-input');
      await sendKeys({ press: 'Escape' });
      await s.el.updateComplete;
      expect(s.root.querySelector('#search-input')).to.be.null;
      expect(s.el.open).to.be.true;
      expect(s.focused()).to.equal($(s.root, '.search-toggle'));
    });
  });

  describe('events', () => {
    it('request-close carries its source and can be cancelled', async () => {
      const s = await setup();
      const sources: string[] = [];
      const veto = (e: RequestCloseEvent) => {
        sources.push(e.detail.source);
        e.preventDefault();
      };
      s.el.addEventListener('request-close', veto);
      s.closeX().click();
      s.close().click();
      s.input('title').focus();
      await sendKeys({ press: 'Escape' });
      await s.el.updateComplete;
      expect(sources).to.deep.equal(['close-button', 'close-button', 'escape']);
      expect(s.el.open).to.be.true;
      s.el.removeEventListener('request-close', veto);
      const closing = oneEvent(s.el, 'request-close') as Promise<RequestCloseEvent>;
      s.close().click();
      expect((await closing).cancelable).to.be.true;
      await waitUntil(() => !s.el.open);
      expect(s.dialog().open).to.be.false;
    });

    it('a click on the backdrop asks to close with source "backdrop"', async () => {
      const s = await setup();
      const closing = oneEvent(s.el, 'request-close') as Promise<RequestCloseEvent>;
      await sendMouse({ type: 'click', position: [3, 3] });
      expect((await closing).detail.source).to.equal('backdrop');
      await waitUntil(() => !s.el.open);
    });

    it('the envelope re-sends the invitation: bubble, event, the access refreshed', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      s.fake.resetCalls();
      const sent = oneEvent(s.el, 'invitation-sent') as Promise<InvitationSentEvent>;
      s.envelope().click();
      const event = await sent;
      const [clientId, contactId, opts] = s.fake.callsOf('sendInvitation')[0]!.args as [string, string, { idempotencyKey: string }];
      expect([clientId, contactId]).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
      expect(opts.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
      expect(event.detail.clientId).to.equal(SEED_CLIENT_ID);
      expect(event.detail.access.lastInvitationSentAt).to.equal(NOW.toISOString());
      await s.el.updateComplete;
      expect(s.bubble()).to.equal('Un courriel a été envoyé avec les informations de connexion');
      const fr = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(accessRows(s)['Dernière invitation envoyée']).to.equal(fr.format(NOW));
      expect(s.fake.callCount('getAccess')).to.equal(0);
    });

    it('the envelope says when the e-mail could not leave yet (202: the backend retries it), without invitation-sent', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      const send = s.fake.sendInvitation.bind(s.fake);
      s.fake.sendInvitation = async (...args) => ({ ...(await send(...args)), invitationPending: true });
      let invitations = 0;
      s.el.addEventListener('invitation-sent', () => invitations++);
      s.envelope().click();
      await waitUntil(() => s.bubble(), 'no bubble');
      expect(s.bubble()).to.equal("Le courriel n'a pas encore pu partir : il sera renvoyé automatiquement");
      expect(invitations).to.equal(0);
    });

    it('the envelope keeps the focus while it sends (aria-disabled, a second press sends nothing)', async () => {
      const s = await setup({ accesses: [mireilleAccess()], latency: 300 });
      s.fake.resetCalls();
      s.envelope().focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.envelope().getAttribute('aria-disabled') === 'true', 'not sending');
      expect(s.root.activeElement).to.equal(s.envelope());
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.bubble(), 'no bubble');
      expect(s.root.activeElement).to.equal(s.envelope());
      expect(s.envelope().getAttribute('aria-disabled')).to.equal('false');
      expect(s.fake.callCount('sendInvitation')).to.equal(1);
    });

    it('the envelope is disabled for a revoked access', async () => {
      const s = await setup({ accesses: [mireilleAccess({ status: 'revoked', revokedAt: '2026-03-01T16:00:00Z' })] });
      expect(accessRows(s)['État']).to.equal('Révoqué');
      expect(s.envelope().disabled).to.be.true;
    });

    it('says when the invitation could not be sent', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      s.fake.failNext('sendInvitation', 'timeout');
      s.envelope().click();
      await waitUntil(() => s.banner());
      expect(s.banner()!.textContent).to.contain("L'envoi du courriel a échoué.");
      expect(s.banner()!.textContent).to.contain("n'a pas répondu à temps");
    });

    it('refreshes the access from the events of the grant dialog, without a request', async () => {
      const s = await setup();
      const grant = await grantElement(s);
      s.fake.resetCalls();
      const access = mireilleAccess({ allowedIps: ['203.0.113.7'] });
      grant.dispatchEvent(new AccessSavedEvent({ clientId: SEED_CLIENT_ID, access, invitationSent: true, created: true }));
      await s.el.updateComplete;
      expect(accessRows(s)["Code d'utilisateur"]).to.equal(MIREILLE_USER_CODE);
      expect(accessRows(s)['Adresses IP permises']).to.equal('203.0.113.7');
      expect(s.envelope().disabled).to.be.false;
      grant.dispatchEvent(new AccessRevokedEvent({ clientId: SEED_CLIENT_ID, access: { ...access, status: 'revoked' } }));
      await s.el.updateComplete;
      expect(accessRows(s)['État']).to.equal('Révoqué');
      expect(s.envelope().disabled).to.be.true;
      expect(s.fake.callCount('getAccess')).to.equal(0);
    });

    it('passes its contact and backend to the grant dialog', async () => {
      const s = await setup();
      const grant = await grantElement<HTMLElement & Record<string, unknown>>(s);
      expect(grant['clientId']).to.equal(SEED_CLIENT_ID);
      expect(grant['contactId']).to.equal(MIREILLE_ID);
      expect((grant['contact'] as Contact).name).to.equal('Mireille Couture');
      expect(grant['backend']).to.equal(s.fake);
    });
  });

  describe('keyboard', () => {
    it('opening puts the focus on Nom; closing returns it to the opener', async () => {
      const s = await setup();
      expect(s.focused()).to.equal(s.input('name'));
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !s.el.open);
      expect(document.activeElement).to.equal(s.opener);
    });

    it('focus goes to Nom for a new contact too', async () => {
      const s = await setup({ contactId: null });
      expect(s.focused()).to.equal(s.input('name'));
    });

    it('Tab follows the visual order, from Nom to ENREGISTRER', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        const f = s.focused();
        seen.push(f ? f.id || f.className.replace('icon-button ', '').replace('button ', '') : 'outside');
        if (f === s.save()) break;
        await sendKeys({ press: 'Tab' });
      }
      expect(seen).to.deep.equal([
        'field-name',
        'field-title',
        'field-department',
        'help-button',
        'field-type',
        'help-button',
        'field-email',
        'field-phone',
        'field-mobile',
        'field-fax',
        'help-button',
        'field-location',
        'history-toggle',
        'key',
        'envelope',
        'danger delete',
        'close',
        'primary save',
      ]);
    });

    it('Escape with unsaved edits asks; Escape on the question keeps the edits', async () => {
      const s = await setup();
      await s.type('title', 'Modifié');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => s.confirm().open);
      expect(s.confirm().textContent).to.contain('Abandonner les modifications?');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !s.confirm().open);
      expect(s.el.open).to.be.true;
      expect(s.input('title').value).to.equal('Modifié');
      s.close().click();
      await answerConfirm(s, true);
      await waitUntil(() => !s.el.open);
    });

    it('the key opens the grant-access dialog on this contact; closing it returns the focus to the key', async () => {
      const s = await setup();
      s.key().focus();
      await sendKeys({ press: 'Enter' });
      const grant = await grantElement(s);
      await waitUntil(() => grant.open, 'the grant dialog did not open');
      expect(grant.clientId).to.equal(SEED_CLIENT_ID);
      expect(grant.contactId).to.equal(MIREILLE_ID);
      expect(grant.contact?.name).to.equal('Mireille Couture');
      await waitUntil(() => grant.shadowRoot!.querySelector<HTMLInputElement>('#field-userCode')?.value === MIREILLE_USER_CODE);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !grant.open, 'the grant dialog did not close');
      expect(s.el.open, 'the contact dialog stays open').to.be.true;
      expect(s.focused()).to.equal(s.key());
    });

    it('one bubble at a time: the save bubble goes when the grant dialog opens, and its title is not the contact dialog\'s', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      await s.type('title', 'Directrice des stocks');
      s.save().click();
      await waitUntil(() => s.bubble() === 'Enregistré avec succès', 'the save bubble did not show');
      s.key().click();
      const grant = await grantElement(s);
      await waitUntil(() => grant.open, 'the grant dialog did not open');
      expect(s.bubble(), 'the bubble under the grant dialog').to.equal('');
      await waitUntil(() => grant.shadowRoot!.querySelector('#title')?.textContent?.includes('Mireille Couture'));
      expect(grant.shadowRoot!.querySelector('#title')!.textContent!.trim()).not.to.equal(s.title());
    });

    it('an access saved in the grant dialog shows in the contact dialog at once', async () => {
      const s = await setup();
      s.key().click();
      const grant = await grantElement(s);
      await waitUntil(() => grant.shadowRoot!.querySelector<HTMLInputElement>('#field-userCode')?.value === MIREILLE_USER_CODE);
      s.fake.resetCalls();
      const saved = oneEvent(s.el, 'access-saved');
      $<HTMLButtonElement>(grant.shadowRoot!, '[part="save-button"]').click();
      await saved;
      await s.el.updateComplete;
      expect(accessRows(s)['État']).to.equal('Invitation envoyée');
      expect(accessRows(s)["Code d'utilisateur"]).to.equal(MIREILLE_USER_CODE);
      expect(s.envelope().disabled).to.be.false;
      expect(s.fake.callCount('getAccess'), 'the event carries the access').to.equal(0);
    });
  });

  describe('validation', () => {
    it('a save without Nom shows the error on Nom, focuses it and sends nothing', async () => {
      const s = await setup({ contactId: null });
      s.save().click();
      await s.el.updateComplete;
            expect(s.error('name').textContent).to.equal('Ce champ est obligatoire.');
      expect(s.input('name').getAttribute('aria-invalid')).to.equal('true');
      expect(s.input('name').getAttribute('aria-describedby')).to.contain('field-name-error');
      expect(s.focused()).to.equal(s.input('name'));
      expect(s.fake.callCount('createContact')).to.equal(0);
      await expect(s.el).to.be.accessible();
    });

    it("limits each input to its rule's length (the table the server reads)", async () => {
      const s = await setup();
      for (const [field, rule] of Object.entries(CONTACT_FIELDS)) {
        expect(s.input(field).maxLength, field).to.equal(rule.max);
      }
    });

    it('a wrong e-mail address shows its message once the field is left', async () => {
      const s = await setup();
      await s.type('email', 'mireille@');
      expect(s.error('email').textContent, 'not while typing').to.equal('');
      await sendKeys({ press: 'Tab' });
      await s.el.updateComplete;
      expect(s.error('email').textContent).to.equal('Entrez une adresse courriel valide, par exemple nom@exemple.com.');
      expect(s.input('email').getAttribute('aria-invalid')).to.equal('true');
      await expect(s.el).to.be.accessible();
    });

    it("the server's field errors land on their fields, the rest in the banner", async () => {
      const s = await setup();
      await s.type('title', 'X');
      s.fake.failNext(
        'updateContact',
        httpError(422, 'The contact is not valid.', [
          { field: 'email', code: 'email', message: 'email is not a valid e-mail address.' },
        ]),
      );
      s.save().click();
      await waitUntil(() => s.banner());
      expect(s.error('email').textContent).to.equal('Entrez une adresse courriel valide, par exemple nom@exemple.com.');
      expect(s.banner()!.textContent).to.contain('Le serveur a refusé certaines valeurs');
      expect(s.focused()).to.equal(s.input('email'));
      expect(s.input('title').value).to.equal('X');
      await expect(s.el).to.be.accessible();
    });
  });

  describe('errors', () => {
    it('a failed save keeps what was typed and says what to do', async () => {
      const s = await setup();
      await s.type('department', 'Achats');
      s.fake.failNext('updateContact', 'server-error');
      s.save().click();
      await waitUntil(() => s.banner());
      expect(s.banner()!.getAttribute('role')).to.equal('alert');
      expect(s.banner()!.textContent).to.contain("L'enregistrement a échoué; vos saisies sont conservées.");
      expect(s.banner()!.textContent).to.contain('Réessayez dans un moment');
      expect(s.input('department').value).to.equal('Achats');
      await expect(s.el).to.be.accessible();
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await s.el.updateComplete;
      expect(s.banner(), 'the banner goes once saved').to.be.null;
    });

    it('a stale contact (412) says so and offers to reload it, asking first', async () => {
      const s = await setup();
      // Someone else changes the contact meanwhile.
      await s.fake.updateContact(SEED_CLIENT_ID, MIREILLE_ID, { ...MIREILLE, title: 'Gérante' });
      await s.type('department', 'Achats');
      s.save().click();
      await waitUntil(() => s.banner());
      expect(s.banner()!.textContent).to.contain("Ce contact a été modifié par quelqu'un d'autre depuis son ouverture.");
      const reload = $<HTMLButtonElement>(s.root, '.banner button.reload');
      expect(reload.textContent!.trim()).to.equal('Recharger');
      expect(s.input('department').value).to.equal('Achats');
      await expect(s.el).to.be.accessible();
      reload.click();
      await waitUntil(() => s.confirm().open);
      expect(s.confirm().textContent).to.contain('Si vous rechargez le contact');
      await answerConfirm(s, true);
      await waitUntil(() => s.root.querySelector<HTMLInputElement>('#field-title')?.value === 'Gérante');
      expect(s.input('department').value).to.equal('Logistique');
      expect(s.banner()).to.be.null;
      await s.type('department', 'Achats');
      s.save().click();
      const event = (await oneEvent(s.el, 'contact-saved')) as ContactSavedEvent;
      expect(event.detail.contact).to.deep.include({ title: 'Gérante', department: 'Achats', version: 3 });
    });

    it('a contact deleted meanwhile: the save says so', async () => {
      const s = await setup();
      await s.fake.deleteContact(SEED_CLIENT_ID, MIREILLE_ID);
      await s.type('title', 'X');
      s.save().click();
      await waitUntil(() => s.banner());
      expect(s.banner()!.textContent).to.contain("Ce contact n'existe plus");
    });
  });

  describe('deleting', () => {
    /** Presses "Supprimer le contact" with the keyboard and waits for the question. */
    async function askToDelete(s: Setup): Promise<string> {
      s.remove().focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.confirm().open, 'no question was asked');
      return s.confirm().textContent!.replace(/\s+/g, ' ').trim();
    }

    it('a saved contact has "Supprimer le contact" in the footer; a new one has none', async () => {
      const s = await setup();
      expect(s.remove().textContent!.trim()).to.equal('Supprimer le contact');
      expect(s.remove().closest('.footer')).to.exist;
      expect(s.remove().classList.contains('danger')).to.be.true;
      await s.el.hide();
      s.el.contactId = null;
      await s.open();
      expect(s.root.querySelector('[part~="delete-button"]')).to.be.null;
    });

    it('asks first, naming her; "Annuler" and Escape delete nothing and give the focus back to the button', async () => {
      const s = await setup();
      const question = await askToDelete(s);
      expect(question).to.contain('Supprimer le contact Mireille Couture?');
      expect(question).to.contain('Le contact Mireille Couture sera supprimé de ce client. Cette action est définitive.');
      expect(question, 'no access: no word of the portal').not.to.contain('portail');
      expect(s.confirm().getAttribute('role')).to.equal('alertdialog');
      const [cancel, confirm] = s.confirm().querySelectorAll<HTMLButtonElement>('button');
      expect(cancel!.textContent!.trim()).to.equal('Annuler');
      expect(confirm!.textContent!.trim()).to.equal('Supprimer');
      expect(confirm!.classList.contains('danger')).to.be.true;
      expect(s.root.activeElement, 'the focus starts on the harmless answer').to.equal(cancel);
      await expect(s.el).to.be.accessible();

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !s.confirm().open);
      expect(s.focused()).to.equal(s.remove());
      await askToDelete(s);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !s.confirm().open);
      expect(s.focused()).to.equal(s.remove());
      expect(s.el.open).to.be.true;
      expect(s.fake.callCount('deleteContact')).to.equal(0);
    });

    it('with a portal access, the question says that her access ends too', async () => {
      const s = await setup({ accesses: [mireilleAccess({ status: 'active', activatedAt: '2026-03-01T16:00:00Z' })] });
      expect(await askToDelete(s)).to.contain(
        "Son accès au portail prend fin aussi : cette personne ne pourra plus se connecter, et tout lien d'invitation reçu cessera de fonctionner.",
      );
      await answerConfirm(s, false);
    });

    it('"Supprimer": one DELETE with her version as If-Match; busy meanwhile, nothing else starts and the dialog stays', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      s.fake.resetCalls();
      s.fake.latency = 60_000;
      await askToDelete(s);
      await answerConfirm(s, true);
      await waitUntil(() => s.remove().getAttribute('aria-disabled') === 'true', 'the button is not busy');
      expect(s.remove().querySelector('.spinner')).to.exist;
      expect(s.focused(), 'the focus stays on the busy button').to.equal(s.remove());
      expect(s.dialog().getAttribute('aria-busy')).to.equal('true');
      expect(s.save().getAttribute('aria-disabled')).to.equal('true');
      expect(s.key().disabled).to.be.true;
      await sendKeys({ press: 'Escape' });
      await s.el.updateComplete;
      expect(s.el.open, 'Escape waits for the deletion').to.be.true;
      s.remove().click();
      await s.el.updateComplete;
      expect(s.confirm().open, 'a second press asks nothing').to.be.false;

      const calls = s.fake.callsOf('deleteContact');
      expect(calls).to.have.length(1);
      expect(calls[0]!.args.slice(0, 2)).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
      expect((calls[0]!.args[2] as { version?: number }).version, 'If-Match: her version').to.equal(1);
    });

    it('fires contact-deleted ({clientId, contactId}) once the dialog closed; the focus goes back to the opener', async () => {
      const s = await setup({ accesses: [mireilleAccess()] });
      await askToDelete(s);
      const deleted = oneEvent(s.el, 'contact-deleted') as Promise<ContactDeletedEvent>;
      await answerConfirm(s, true);
      const event = await deleted;
      expect(event.detail).to.deep.equal({ clientId: SEED_CLIENT_ID, contactId: MIREILLE_ID });
      expect(event.bubbles && event.composed).to.be.true;
      expect(s.el.open).to.be.false;
      expect(document.activeElement).to.equal(s.opener);
      let gone: unknown;
      await s.fake.getContact(SEED_CLIENT_ID, MIREILLE_ID).catch((e: unknown) => (gone = e));
      expect(gone).to.have.property('status', 404);
      expect(s.fake.callCount('deleteContact')).to.equal(1);
    });

    it('a contact changed meanwhile (412): says so, offers to reload, deletes nothing and keeps what was typed', async () => {
      const s = await setup();
      await s.fake.updateContact(SEED_CLIENT_ID, MIREILLE_ID, { ...MIREILLE, title: 'Gérante' });
      await s.type('department', 'Achats');
      let fired = false;
      s.el.addEventListener('contact-deleted', () => (fired = true));
      await askToDelete(s);
      await answerConfirm(s, true);
      await waitUntil(() => s.banner(), 'no banner');
      expect(s.banner()!.textContent).to.contain("Ce contact a été modifié par quelqu'un d'autre depuis son ouverture : il n'a pas été supprimé.");
      expect($(s.root, '.banner button.reload').textContent!.trim()).to.equal('Recharger');
      expect(s.el.open).to.be.true;
      expect(fired).to.be.false;
      expect(s.input('department').value).to.equal('Achats');
      expect(s.focused()).to.equal(s.remove());
      expect((await s.fake.getContact(SEED_CLIENT_ID, MIREILLE_ID)).title).to.equal('Gérante');
      await expect(s.el).to.be.accessible();
    });

    it('a contact already deleted (404): says so; the dialog stays', async () => {
      const s = await setup();
      await s.fake.deleteContact(SEED_CLIENT_ID, MIREILLE_ID);
      await askToDelete(s);
      await answerConfirm(s, true);
      await waitUntil(() => s.banner(), 'no banner');
      expect(s.banner()!.textContent).to.contain("Ce contact a déjà été supprimé, peut-être par quelqu'un d'autre.");
      expect(s.el.open).to.be.true;
    });

    it('a failed call says why and keeps everything; pressing again deletes', async () => {
      const s = await setup();
      await s.type('title', 'Modifié');
      s.fake.failNext('deleteContact', 'network');
      await askToDelete(s);
      await answerConfirm(s, true);
      await waitUntil(() => s.banner(), 'no banner');
      expect(s.banner()!.textContent).to.contain('La suppression du contact a échoué.');
      expect(s.banner()!.textContent).to.contain('Le serveur est injoignable.');
      expect(s.input('title').value).to.equal('Modifié');
      expect(s.el.open).to.be.true;
      await askToDelete(s);
      const deleted = oneEvent(s.el, 'contact-deleted');
      await answerConfirm(s, true);
      await deleted;
    });

    it('speaks English', async () => {
      document.documentElement.lang = 'en';
      try {
        const s = await setup({ accesses: [mireilleAccess()] });
        await waitUntil(() => s.remove().textContent!.trim() === 'Delete contact', 'not in English');
        const question = await askToDelete(s);
        expect(question).to.contain('Delete the contact Mireille Couture?');
        expect(question).to.contain('The contact Mireille Couture will be deleted from this client. This cannot be undone.');
        expect(question).to.contain('Their portal access ends too');
        expect([...s.confirm().querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Cancel', 'Delete']);
        await answerConfirm(s, false);
      } finally {
        document.documentElement.lang = '';
      }
    });
  });

  describe('history', () => {
    /** Mireille with an active access: the fake makes up its trail (created, sent, accepted). */
    const active = () => setup({ contacts: [{ ...mireille, accessStatus: 'active' }], actor: 'demo' });
    const toggle = (s: Setup) => $<HTMLButtonElement>(s.root, '.history-toggle');
    const events = (s: Setup) =>
      [...s.root.querySelectorAll('.history .event')].map((li) => ({
        when: $(li, '.event-when').textContent!.trim(),
        what: $(li, '.event-what').textContent!.trim(),
        who: $(li, '.event-who').textContent!.trim(),
        where: $(li, '.event-where').textContent!.trim(),
      }));

    it('is not loaded when the dialog opens; "Afficher l\'historique" loads it: newest first, date, action, actor, address', async () => {
      const s = await active();
      expect(s.fake.callCount('getAccessHistory')).to.equal(0);
      expect(toggle(s).textContent!.trim()).to.equal("Afficher l'historique");
      expect(toggle(s).getAttribute('aria-expanded')).to.equal('false');
      expect(s.root.querySelector('#history')).to.be.null;

      toggle(s).click();
      await waitUntil(() => s.root.querySelector('.history .event'), 'the history did not show');
      expect(toggle(s).getAttribute('aria-expanded')).to.equal('true');
      expect(toggle(s).getAttribute('aria-controls')).to.equal('history');
      expect(toggle(s).textContent!.trim()).to.equal("Masquer l'historique");
      expect($(s.root, '#history h4').textContent!.trim()).to.equal('Historique');
      const [clientId, contactId] = s.fake.callsOf('getAccessHistory')[0]!.args;
      expect([clientId, contactId]).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
      const fr = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      const day = 24 * 60 * 60 * 1000;
      expect(events(s)).to.deep.equal([
        { when: fr.format(new Date(NOW.getTime() - 9 * day)), what: 'Invitation acceptée', who: `par ${MIREILLE_USER_CODE}`, where: 'depuis 127.0.0.1' },
        { when: fr.format(new Date(NOW.getTime() - 10 * day)), what: 'Invitation envoyée', who: 'par demo', where: 'depuis 127.0.0.1' },
        { when: fr.format(new Date(NOW.getTime() - 10 * day)), what: 'Accès créé', who: 'par demo', where: 'depuis 127.0.0.1' },
      ]);
      await expect(s.el).to.be.accessible();

      toggle(s).click();
      await s.el.updateComplete;
      expect(s.root.querySelector('#history')).to.be.null;
      expect(toggle(s).getAttribute('aria-expanded')).to.equal('false');
      expect(s.fake.callCount('getAccessHistory')).to.equal(1);
    });

    it('has no history button without an access', async () => {
      const s = await setup();
      expect(s.root.querySelector('.history-toggle')).to.be.null;
      expect(s.fake.callCount('getAccessHistory')).to.equal(0);
    });

    it('names every action in words', async () => {
      const s = await setup({ contacts: [{ ...mireille, accessStatus: 'revoked' }] });
      toggle(s).click();
      await waitUntil(() => s.root.querySelector('.history .event'));
      expect(events(s).map((e) => e.what)).to.deep.equal(['Accès révoqué', 'Invitation acceptée', 'Invitation envoyée', 'Accès créé']);
    });

    it('names a failed sending (the backend retries it) in words, not by its code', async () => {
      const s = await active();
      const history = s.fake.getAccessHistory.bind(s.fake);
      s.fake.getAccessHistory = async (...args) => {
        const [newest, ...rest] = await history(...args);
        return [{ ...newest!, action: 'invitation-failed' as const }, ...rest];
      };
      toggle(s).click();
      await waitUntil(() => s.root.querySelector('.history .event'));
      expect(events(s)[0]!.what).to.equal("Échec de l'envoi de l'invitation");
    });

    it('shows the sending of the envelope at once while it is open', async () => {
      const s = await active();
      toggle(s).click();
      await waitUntil(() => events(s).length === 3);
      s.envelope().click();
      await oneEvent(s.el, 'invitation-sent');
      await waitUntil(() => events(s).length === 4, 'the history was not reloaded');
      expect(events(s)[0]!.what).to.equal('Invitation envoyée');
      expect(events(s)[0]!.who).to.equal('par demo');
    });

    it('closes when the dialog moves to another contact', async () => {
      const s = await setup({ contacts: [{ ...mireille, accessStatus: 'active' }, ...seedContacts(2)] });
      toggle(s).click();
      await waitUntil(() => s.root.querySelector('.history .event'));
      const before = s.fake.callCount('getAccessHistory');
      (s.next().getAttribute('aria-disabled') === 'true' ? s.prev() : s.next()).click();
      await waitUntil(() => s.title() !== MIREILLE.name, 'did not move');
      await s.ready();
      expect(s.root.querySelector('#history')).to.be.null;
      expect(s.fake.callCount('getAccessHistory')).to.equal(before);
    });

    it('says when the history cannot be loaded, and retries', async () => {
      const s = await active();
      s.fake.failNext('getAccessHistory', 'network');
      toggle(s).click();
      await waitUntil(() => s.root.querySelector('.history-error'), 'no error shown');
      expect($(s.root, '.history-error').textContent).to.contain("Impossible de charger l'historique.");
      $<HTMLButtonElement>(s.root, '.retry-history').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => events(s).length === 3, 'the retry did not load it');
      // The button went with the error: the focus is on the toggle above, not on <body>.
      expect(s.root.activeElement?.className, 'the focus is on the history toggle').to.contain('history-toggle');
      expect(s.root.querySelector('.history-error')).to.be.null;
    });
  });

  describe('English', () => {
    afterEach(() => {
      document.documentElement.lang = '';
    });

    it('speaks English with <html lang="en">', async () => {
      document.documentElement.lang = 'en';
      const s = await setup({ accesses: [mireilleAccess()] });
      await waitUntil(() => s.save().textContent!.trim() === 'Save');
      expect(labels(s)).to.deep.equal(['Name', 'Title', 'Department', 'Type', 'E-mail address', 'Phone', 'Mobile', 'Fax', 'Location']);
      expect(s.close().textContent!.trim()).to.equal('Close');
      expect(s.key().getAttribute('aria-label')).to.equal('Access');
      expect(s.envelope().getAttribute('aria-label')).to.equal('Send the login information');
      expect(s.prev().getAttribute('aria-label')).to.equal('Previous contact');
      expect(s.position()).to.contain('Contact 1 of 1');
      const type = s.input('type') as unknown as HTMLSelectElement;
      expect(type.selectedOptions[0]!.textContent!.trim()).to.equal('Operations');
      const rows = accessRows(s);
      expect(rows['Role']).to.equal('Client (system role)');
      expect(rows['Branch']).to.equal('ACT BL Solutions - Actif Montréal');
      expect(rows['Status']).to.equal('Invitation sent');
      const en = new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(rows['Last invitation sent']).to.equal(en.format(new Date('2026-03-01T14:30:00Z')));
      expect($(s.root, '.legend').textContent).to.contain('ⓘ = Required fields');
      await expect(s.el).to.be.accessible();
    });

    it('says "Saved successfully" and "New contact" in English', async () => {
      document.documentElement.lang = 'en';
      const s = await setup({ contactId: null });
      await waitUntil(() => s.title() === 'New contact');
      await s.type('name', 'Jean Tremblay');
      s.save().click();
      await oneEvent(s.el, 'contact-saved');
      await s.el.updateComplete;
      expect(s.bubble()).to.equal('Saved successfully');
    });

    it('shows the history in English', async () => {
      document.documentElement.lang = 'en';
      const s = await setup({ contacts: [{ ...mireille, accessStatus: 'active' }], actor: 'demo' });
      const toggle = () => $<HTMLButtonElement>(s.root, '.history-toggle');
      await waitUntil(() => toggle().textContent!.trim() === 'Show the history');
      toggle().click();
      await waitUntil(() => s.root.querySelector('.history .event'));
      expect($(s.root, '#history h4').textContent!.trim()).to.equal('History');
      const first = $(s.root, '.history .event');
      expect($(first, '.event-what').textContent!.trim()).to.equal('Invitation accepted');
      expect($(first, '.event-who').textContent!.trim()).to.equal(`by ${MIREILLE_USER_CODE}`);
      expect($(first, '.event-where').textContent!.trim()).to.equal('from 127.0.0.1');
    });
  });
});
