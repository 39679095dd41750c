import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Access, AccessStatus, Contact } from '../src/api/types.js';
import '../src/client-access-provider/client-access-provider.js';
import type {
  AccessRevokedEvent,
  AccessSavedEvent,
  InvitationSentEvent,
  RequestCloseEvent,
} from '../src/events/events.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import {
  FakeBackend,
  MIREILLE,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CLIENT_ID,
  httpError,
  seedContacts,
} from '../src/testing/index.js';

const NOW = new Date('2026-03-02T15:00:00Z');
const MIREILLE_CONTACT: Contact = {
  ...MIREILLE,
  title: MIREILLE.title ?? '',
  department: MIREILLE.department ?? '',
  type: MIREILLE.type ?? null,
  email: MIREILLE.email ?? '',
  phone: MIREILLE.phone ?? '',
  mobile: MIREILLE.mobile ?? '',
  fax: MIREILLE.fax ?? '',
  location: MIREILLE.location ?? '',
  id: MIREILLE_ID,
  clientId: SEED_CLIENT_ID,
  accessStatus: 'none',
  version: 1,
};
/** Mireille, then "Élise Tremblay", "François Côté", ... */
const CONTACTS: Contact[] = [MIREILLE_CONTACT, ...seedContacts(12)];

/** Mireille's access in a given state (sent the day before NOW, valid 72 h). */
function mireilleAccess(status: Exclude<AccessStatus, 'none'>): Access {
  const expired = status === 'expired';
  return {
    contactId: MIREILLE_ID,
    userType: 'client-contact',
    role: 'client',
    userCode: MIREILLE_USER_CODE,
    email: MIREILLE_CONTACT.email,
    allowedIps: ['203.0.113.7'],
    branchId: 'mtl',
    status: expired ? 'invited' : status,
    invitedAt: expired ? '2026-02-20T14:00:00Z' : '2026-03-01T14:00:00Z',
    lastInvitationSentAt: expired ? '2026-02-20T14:00:00Z' : '2026-03-01T14:00:00Z',
    invitationExpiresAt: expired ? '2026-02-23T14:00:00Z' : '2026-03-04T14:00:00Z',
    activatedAt: status === 'active' ? '2026-03-01T16:00:00Z' : null,
    revokedAt: status === 'revoked' ? '2026-03-02T10:00:00Z' : null,
    version: 3,
  };
}

function query<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

interface SetupOptions {
  fake?: FakeBackend;
  access?: Access;
  /** Hand the contact to the dialog (default true). */
  withContact?: boolean;
  contactId?: string;
  open?: boolean;
}

async function setup(options: SetupOptions = {}) {
  const fake =
    options.fake ??
    new FakeBackend({ contacts: CONTACTS, now: () => NOW, ...(options.access ? { accesses: [options.access] } : {}) });
  const contactId = options.contactId ?? MIREILLE_ID;
  const contact = options.withContact === false ? null : (CONTACTS.find((c) => c.id === contactId) ?? null);
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button type="button" id="opener">Accès</button>
    <grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${contactId} .contact=${contact} .backend=${fake}></grant-access-dialog>
  </div>`);
  const el = query<GrantAccessDialog>(wrapper, 'grant-access-dialog');
  const opener = query<HTMLButtonElement>(wrapper, '#opener');
  const s = helpers(el, fake, opener);
  if (options.open !== false) {
    opener.focus();
    await el.show();
    await s.loaded();
  }
  return s;
}

function helpers(el: GrantAccessDialog, fake: FakeBackend, opener: HTMLElement) {
  const root = el.shadowRoot!;
  const s = {
    el,
    fake,
    opener,
    root,
    dialog: () => query<HTMLDialogElement>(root, 'dialog.main'),
    title: () => text(query(root, '#title')),
    field: (id: string) => query<HTMLInputElement>(root, `#field-${id}`),
    error: (id: string) => query(root, `#field-${id}-error`),
    combobox: () => query<HTMLInputElement>(root, 'input[role="combobox"]'),
    branch: () => query<HTMLSelectElement>(root, '#field-branchId'),
    fixed: (name: string) => text(query(root, `#fixed-${name}-label`).closest('.field')?.querySelector('.fixed-value')),
    labels: () => [...root.querySelectorAll('dialog.main label, dialog.main .label')].map(text),
    part: (name: string) => query<HTMLButtonElement>(root, `[part~="${name}"]`),
    has: (selector: string) => root.querySelector(selector) !== null,
    badge: () => text(query(root, '[part="access-state"] .badge')),
    state: () => text(query(root, '[part="access-state"]')),
    banner: () => query(root, '[part="banner"]'),
    bubble: () => text(query(root, 'dialog.main [role="status"].status')),
    confirm: () => query<HTMLDialogElement>(root, 'dialog.confirm'),
    confirmButton: (label: string) => {
      const b = [...query(root, 'dialog.confirm').querySelectorAll('button')].find((x) => text(x) === label);
      if (!b) throw new Error(`No confirmation button ${label}`);
      return b;
    },
    focused: () => root.activeElement as HTMLElement | null,
    loaded: () => waitUntil(() => root.querySelector('#field-userCode') !== null, 'the access did not load'),
    /** Replaces a field's text as a user would (select all, type). */
    async type(id: string, value: string) {
      const input = s.field(id);
      input.focus();
      input.select();
      if (value) await sendKeys({ type: value });
      else await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
    },
  };
  return s;
}

type S = Awaited<ReturnType<typeof setup>>;

async function saveAndWait(s: S): Promise<AccessSavedEvent> {
  const saved = oneEvent(s.el, 'access-saved');
  s.part('save-button').click();
  return saved;
}

async function failedSave(s: S): Promise<void> {
  const before = s.fake.callCount('saveAccess');
  s.part('save-button').click();
  await waitUntil(() => s.fake.callCount('saveAccess') === before + 1);
  await waitUntil(() => s.part('save-button').getAttribute('aria-disabled') === null);
  await s.el.updateComplete;
}

describe('grant-access-dialog', function () {
  // Real keyboard, a real modal dialog and axe on every state: slow on a busy machine.
  this.timeout(20_000);

  describe('rendering', () => {
    it('is closed and asks nothing until opened', async () => {
      const s = await setup({ open: false });
      expect(s.el.open).to.be.false;
      expect(s.dialog().open).to.be.false;
      expect(s.fake.callCount()).to.equal(0);
    });

    it("shows the seed's form for a contact without access, filled with the proposal", async () => {
      const s = await setup();
      expect(s.dialog().open).to.be.true;
      expect(s.title()).to.equal('Ajouter un utilisateur');
      expect(s.labels()).to.include.members([
        "À quel type d'utilisateur souhaitez-vous donner un accès?",
        'Entrer le nom ou le prénom et sélectionner la personne',
        'Choisir le rôle que souhaitez donner à cette personne',
        "Code d'utilisateur",
        'Adresse courriel',
        "Limiter l'accès à cette adresse IP (optionnel)",
        "Limiter l'accès à cette succursale (optionnel)",
      ]);
      expect(s.fixed('userType')).to.equal("Je veux donner un accès à un contact d'un client");
      expect(s.combobox().value).to.equal('Mireille Couture');
      expect(s.fixed('role')).to.equal('Client (rôle du système)');
      expect(text(query(s.root, '#fixed-role-hint'))).to.contain('le contact reste toujours un client');
      for (const name of ['userType', 'role']) {
        const value = query(s.root, `#fixed-${name}-label`).closest('[role="group"]')!.querySelector('.fixed-value')!;
        expect(getComputedStyle(value).borderTopStyle, `${name}: text, not a box like a disabled input`).to.equal('none');
      }
      expect(s.field('userCode').value).to.equal('8005551216');
      expect(s.field('email').value).to.equal('mireille.couture@hervedavid.com');
      expect(s.field('allowedIps').value).to.equal('');
      expect([...s.branch().options].map(text)).to.deep.equal([
        'Toutes les succursales',
        'ACT BL Solutions - Actif Montréal',
        'ACT BL Solutions - Actif Québec',
        'ACT BL Solutions - Actif Toronto',
      ]);
      expect(s.branch().value).to.equal('');
      expect(text(query(s.root, '[part="legend"]'))).to.contain('ⓘ = Champs obligatoires');
      expect(s.has('[part="access-state"] .badge'), 'no lone "Aucun accès" badge before a first access').to.be.false;
      expect(s.state()).to.equal(
        "Cette personne n'a pas encore accès au portail. L'enregistrement crée son accès et lui envoie l'invitation par courriel.",
      );
      expect(text(s.part('close-button'))).to.equal('Fermer');
      expect(text(s.part('save-button'))).to.equal('Enregistrer et envoyer un courriel');
      expect(s.has('[part~="revoke-button"]')).to.be.false;
      for (const id of ['userCode', 'email', 'allowedIps', 'branchId']) {
        // Empty, the error line is a live region that takes no room and shows no mark.
        expect(text(s.error(id)), `no error under ${id}`).to.equal('');
        expect(s.error(id).getBoundingClientRect().height, `no room for an error under ${id}`).to.equal(0);
        expect(getComputedStyle(s.error(id), '::before').content, `no error mark under ${id}`).to.equal('none');
      }
      await expect(s.el).to.be.accessible();
    });

    it('marks the required fields and offers help on the contact, user code, e-mail and IP fields', async () => {
      const s = await setup();
      for (const id of ['contact', 'userCode', 'email']) {
        expect(s.field(id).getAttribute('aria-required'), id).to.equal('true');
      }
      expect(s.field('allowedIps').getAttribute('aria-required')).to.equal('false');
      for (const id of ['contact', 'userCode', 'email', 'allowedIps']) {
        const tooltip = query(s.root, `#field-${id}-help`);
        expect(tooltip.getAttribute('role')).to.equal('tooltip');
        expect(s.field(id).getAttribute('aria-describedby'), id).to.contain(`field-${id}-help`);
      }
      expect(text(query(s.root, '#field-allowedIps-hint'))).to.contain('CIDR');
    });

    it('opens with one request when the opener hands the contact in', async () => {
      const s = await setup();
      expect(s.fake.callCount('getAccess')).to.equal(1);
      expect(s.fake.callCount('getContact')).to.equal(0);
      expect(s.fake.callCount('listContacts')).to.equal(0);
      expect(s.fake.callCount('getChoices')).to.equal(1); // once per backend for the page
      expect(s.fake.callsOf('getAccess')[0]!.args.slice(0, 2)).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
    });

    it("fetches the contact's name when the opener did not give the contact", async () => {
      const s = await setup({ withContact: false });
      expect(s.fake.callCount('getContact')).to.equal(1);
      expect(s.combobox().value).to.equal('Mireille Couture');
    });

    it('shows that it is loading', async () => {
      const fake = new FakeBackend({ contacts: CONTACTS, latency: 10_000 });
      const s = await setup({ fake, open: false });
      await s.el.show();
      expect(text(query(s.root, '.loading'))).to.equal('Chargement…');
      expect(s.dialog().getAttribute('aria-busy')).to.equal('true');
      expect(s.part('save-button').disabled).to.be.true;
      await expect(s.el).to.be.accessible();
    });

    it("shows an existing access under the contact's name, with its state and dates", async () => {
      const s = await setup({ access: mireilleAccess('invited') });
      // Not the bare name: the contact dialog under it has that title.
      expect(s.title()).to.equal('Accès au portail — Mireille Couture');
      expect(s.field('userCode').value).to.equal('8005551216');
      expect(s.field('allowedIps').value).to.equal('203.0.113.7');
      expect(s.branch().selectedOptions[0]?.textContent?.trim()).to.equal('ACT BL Solutions - Actif Montréal');
      expect(s.badge()).to.equal('Invitation envoyée');
      const fmt = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(s.state()).to.contain(`Invitation envoyée le ${fmt.format(new Date('2026-03-01T14:00:00Z'))}`);
      expect(s.state()).to.contain(`Lien valide jusqu'au ${fmt.format(new Date('2026-03-04T14:00:00Z'))}`);
      expect(s.state()).to.contain('2026');
      expect(text(s.part('close-button'))).to.equal('Fermer');
      expect(text(s.part('save-button'))).to.equal('Enregistrer');
      expect(text(s.part('revoke-button'))).to.equal("Révoquer l'accès");
      await expect(s.el).to.be.accessible();
    });

    it('offers to grant again a revoked access (no revoke button)', async () => {
      const s = await setup({ access: mireilleAccess('revoked') });
      expect(s.badge()).to.equal('Révoqué');
      expect(s.state()).to.contain('Révoqué le');
      expect(text(s.part('save-button'))).to.equal('Enregistrer et envoyer un courriel');
      expect(s.has('[part~="revoke-button"]')).to.be.false;
    });

    it('offers to send a new link for an expired invitation, and to revoke it', async () => {
      const s = await setup({ access: mireilleAccess('expired') });
      expect(s.badge()).to.equal('Invitation expirée');
      expect(s.state()).to.contain('Lien expiré le');
      expect(text(s.part('save-button'))).to.equal('Enregistrer et envoyer un courriel');
      expect(s.has('[part~="revoke-button"]')).to.be.true;
    });

    it('shows an active access as such', async () => {
      const s = await setup({ access: mireilleAccess('active') });
      expect(s.badge()).to.equal('Actif');
      expect(text(s.part('save-button'))).to.equal('Enregistrer');
    });
  });

  describe('properties', () => {
    it('reflects open, and show() / hide() resolve once done', async () => {
      const s = await setup({ open: false });
      await s.el.show();
      expect(s.el.hasAttribute('open')).to.be.true;
      expect(s.dialog().open).to.be.true;
      await s.el.hide();
      expect(s.el.hasAttribute('open')).to.be.false;
      expect(s.dialog().open).to.be.false;
      s.el.setAttribute('open', '');
      await s.el.updateComplete;
      expect(s.dialog().open).to.be.true;
    });

    it('loads another contact when the host changes contact-id, firing nothing', async () => {
      const s = await setup();
      const fired: string[] = [];
      for (const t of ['access-saved', 'invitation-sent', 'access-revoked', 'request-close']) {
        s.el.addEventListener(t, () => fired.push(t));
      }
      s.el.contact = CONTACTS[1]!;
      s.el.contactId = CONTACTS[1]!.id;
      await waitUntil(() => s.fake.callCount('getAccess') === 2);
      await waitUntil(() => s.combobox().value === 'Élise Tremblay');
      await s.loaded();
      expect(s.field('email').value).to.equal('elise.tremblay@hervedavid.com');
      expect(s.field('userCode').value).to.not.equal(MIREILLE_USER_CODE);
      s.el.open = false;
      await s.el.updateComplete;
      expect(fired).to.deep.equal([]);
    });

    it('reopened, it forgets what was typed and loads afresh', async () => {
      const s = await setup();
      await s.type('userCode', 'MC2026');
      await s.el.hide();
      await s.el.show();
      await s.loaded();
      expect(s.field('userCode').value).to.equal(MIREILLE_USER_CODE);
      expect(s.fake.callCount('getAccess')).to.equal(2);
    });

    it('works with the backend of a <client-access-provider>', async () => {
      const fake = new FakeBackend({ contacts: CONTACTS });
      const wrapper = await fixture(html`<client-access-provider .backend=${fake}>
        <grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} open></grant-access-dialog>
      </client-access-provider>`);
      const el = query<GrantAccessDialog>(wrapper, 'grant-access-dialog');
      const s = helpers(el, fake, document.body);
      await s.loaded();
      expect(s.field('userCode').value).to.equal(MIREILLE_USER_CODE);
      expect(fake.callCount('getAccess')).to.equal(1);
    });
  });

  describe('saving', () => {
    it('saves a new access and sends the e-mail in one request, then shows "Enregistré avec succès"', async () => {
      const s = await setup();
      const sent = oneEvent(s.el, 'invitation-sent') as Promise<InvitationSentEvent>;
      const saved = await saveAndWait(s);
      expect(s.fake.callCount('saveAccess')).to.equal(1);
      const [clientId, contactId, input, opts] = s.fake.callsOf('saveAccess')[0]!.args as [
        string,
        string,
        unknown,
        { version: number; idempotencyKey: string },
      ];
      expect([clientId, contactId]).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
      expect(input).to.deep.equal({
        userCode: '8005551216',
        email: 'mireille.couture@hervedavid.com',
        allowedIps: [],
        branchId: null,
        accessExpiresAt: null,
        sendInvitation: true,
      });
      expect(opts.version).to.equal(0);
      expect(opts.idempotencyKey).to.be.a('string').with.length.greaterThan(15);

      expect(saved.detail.clientId).to.equal(SEED_CLIENT_ID);
      expect(saved.detail.invitationSent).to.be.true;
      expect(saved.detail.created).to.be.true;
      expect(saved.detail.access.status).to.equal('invited');
      expect(saved.detail.access.userCode).to.equal('8005551216');
      expect(saved.bubbles && saved.composed).to.be.true;
      const invitation = await sent;
      expect(invitation.detail.access.contactId).to.equal(MIREILLE_ID);

      await s.el.updateComplete;
      expect(s.bubble()).to.contain('Enregistré avec succès');
      expect(s.bubble()).to.contain('mireille.couture@hervedavid.com');
      // The dialog stays open, now editing the existing access.
      expect(s.dialog().open).to.be.true;
      expect(s.title()).to.equal('Accès au portail — Mireille Couture');
      expect(s.badge()).to.equal('Invitation envoyée');
      expect(text(s.part('save-button'))).to.equal('Enregistrer');
      expect(s.has('[part~="revoke-button"]')).to.be.true;
      await expect(s.el).to.be.accessible();
    });

    it('says when the invitation e-mail could not leave yet (202: the backend retries it) and fires no invitation-sent', async () => {
      const fake = new FakeBackend({ contacts: CONTACTS, now: () => NOW });
      const save = fake.saveAccess.bind(fake);
      fake.saveAccess = async (...args) => ({ ...(await save(...args)), invitationPending: true });
      const s = await setup({ fake });
      let invitations = 0;
      s.el.addEventListener('invitation-sent', () => invitations++);
      const saved = await saveAndWait(s);
      expect(saved.detail.invitationSent).to.be.false;
      expect(invitations).to.equal(0);
      await s.el.updateComplete;
      expect(s.bubble()).to.contain("n'a pas encore pu partir");
      expect(s.bubble()).not.to.contain('a été envoyé');
    });

    it('saves the IP addresses and the branch chosen', async () => {
      const s = await setup();
      await s.type('allowedIps', '203.0.113.7, 10.0.0.0/24 , 2001:db8::/32');
      s.branch().value = 'mtl';
      s.branch().dispatchEvent(new Event('change'));
      await saveAndWait(s);
      const input = s.fake.callsOf('saveAccess')[0]!.args[2] as { allowedIps: string[]; branchId: string };
      expect(input.allowedIps).to.deep.equal(['203.0.113.7', '10.0.0.0/24', '2001:db8::/32']);
      expect(input.branchId).to.equal('mtl');
      expect(s.fake.peekAccess(SEED_CLIENT_ID, MIREILLE_ID)?.branchId).to.equal('mtl');
    });

    it('saves an existing access without e-mail and says exactly "Enregistré avec succès"', async () => {
      const s = await setup({ access: mireilleAccess('active') });
      let invitations = 0;
      s.el.addEventListener('invitation-sent', () => invitations++);
      await s.type('email', 'm.couture@hervedavid.com');
      const saved = await saveAndWait(s);
      const [, , input, opts] = s.fake.callsOf('saveAccess')[0]!.args as [string, string, { sendInvitation: boolean; email: string }, { version: number }];
      expect(input.sendInvitation).to.be.false;
      expect(input.email).to.equal('m.couture@hervedavid.com');
      expect(opts.version).to.equal(3);
      expect(saved.detail.invitationSent).to.be.false;
      expect(saved.detail.created).to.be.false;
      expect(invitations).to.equal(0);
      await s.el.updateComplete;
      expect(s.bubble()).to.equal('Enregistré avec succès');
    });

    it('while saving: buttons do nothing, a spinner turns in the save button, the dialog is busy', async () => {
      const s = await setup();
      s.fake.latency = 10_000;
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(s.part('save-button').getAttribute('aria-disabled')).to.equal('true');
      expect(s.part('close-button').getAttribute('aria-disabled')).to.equal('true');
      expect(s.has('[part~="save-button"] .spinner')).to.be.true;
      expect(s.dialog().getAttribute('aria-busy')).to.equal('true');
      s.part('save-button').click();
      s.part('close-button').click();
      await s.el.updateComplete;
      expect(s.fake.callCount('saveAccess')).to.equal(1);
      expect(s.dialog().open).to.be.true;
      await expect(s.el).to.be.accessible();
    });
  });

  describe('revoking', () => {
    it('asks first, saying what happens, and does nothing when cancelled', async () => {
      const s = await setup({ access: mireilleAccess('invited') });
      s.part('revoke-button').click();
      await waitUntil(() => s.confirm().open);
      expect(s.confirm().getAttribute('role')).to.equal('alertdialog');
      expect(text(query(s.confirm(), '#confirm-title'))).to.equal("Révoquer l'accès?");
      const message = text(query(s.confirm(), '#confirm-message'));
      expect(message).to.contain('Mireille Couture ne pourra plus se connecter au portail.');
      expect(message).to.contain("Le lien d'invitation en attente cessera de fonctionner.");
      await expect(s.el).to.be.accessible();
      s.confirmButton('Annuler').click();
      await waitUntil(() => !s.confirm().open);
      expect(s.fake.callCount('revokeAccess')).to.equal(0);
      expect(s.dialog().open).to.be.true;
    });

    it('revokes when confirmed: bubble "Accès révoqué", access-revoked event, re-grant offered', async () => {
      const s = await setup({ access: mireilleAccess('active') });
      s.part('revoke-button').click();
      await waitUntil(() => s.confirm().open);
      const revoked = oneEvent(s.el, 'access-revoked') as Promise<AccessRevokedEvent>;
      s.confirmButton("Révoquer l'accès").click();
      const e = await revoked;
      expect(e.detail.clientId).to.equal(SEED_CLIENT_ID);
      expect(e.detail.access.status).to.equal('revoked');
      expect(s.fake.callsOf('revokeAccess')[0]!.args.slice(0, 2)).to.deep.equal([SEED_CLIENT_ID, MIREILLE_ID]);
      expect((s.fake.callsOf('revokeAccess')[0]!.args[2] as { version: number }).version).to.equal(3);
      await s.el.updateComplete;
      expect(s.bubble()).to.equal('Accès révoqué');
      expect(s.badge()).to.equal('Révoqué');
      expect(text(s.part('save-button'))).to.equal('Enregistrer et envoyer un courriel');
      expect(s.has('[part~="revoke-button"]')).to.be.false;
    });

    it('after a revoke by keyboard, the focus is on the button that grants again, not on <body>', async () => {
      const s = await setup({ access: mireilleAccess('active') });
      s.part('revoke-button').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.confirm().open);
      const revoked = oneEvent(s.el, 'access-revoked');
      s.confirmButton("Révoquer l'accès").focus();
      await sendKeys({ press: 'Enter' });
      await revoked;
      await waitUntil(() => s.root.activeElement === s.part('save-button'), 'the focus did not go to the save button');
      expect(document.activeElement).to.equal(s.el);
    });

    it('says when revoking failed and retries without asking again', async () => {
      const s = await setup({ access: mireilleAccess('active') });
      s.fake.failNext('revokeAccess', 'network');
      s.part('revoke-button').click();
      await waitUntil(() => s.confirm().open);
      s.confirmButton("Révoquer l'accès").click();
      await waitUntil(() => s.has('[part="banner"]'));
      expect(text(s.banner())).to.contain('Le serveur est injoignable');
      const revoked = oneEvent(s.el, 'access-revoked');
      query<HTMLButtonElement>(s.banner(), 'button').click();
      await revoked;
      expect(s.fake.callCount('revokeAccess')).to.equal(2);
      expect(s.confirm().open).to.be.false;
    });
  });

  describe('closing', () => {
    it('FERMER fires a cancelable request-close (close-button); cancelled, the dialog stays', async () => {
      const s = await setup();
      const veto = (e: RequestCloseEvent) => e.preventDefault();
      s.el.addEventListener('request-close', veto, { once: true });
      const first = oneEvent(s.el, 'request-close') as Promise<RequestCloseEvent>;
      s.part('close-button').click();
      expect((await first).detail.source).to.equal('close-button');
      await s.el.updateComplete;
      expect(s.dialog().open).to.be.true;
      s.part('close-button').click();
      await waitUntil(() => !s.el.open);
      expect(s.dialog().open).to.be.false;
    });

    it('asks before discarding unsaved edits', async () => {
      const s = await setup();
      await s.type('userCode', 'MC2026');
      s.part('close-button').click();
      await waitUntil(() => s.confirm().open);
      expect(text(query(s.confirm(), '#confirm-title'))).to.equal('Abandonner les modifications?');
      await expect(s.el).to.be.accessible();
      s.confirmButton('Continuer la saisie').click();
      await waitUntil(() => !s.confirm().open);
      expect(s.dialog().open).to.be.true;
      expect(s.field('userCode').value).to.equal('MC2026');
      s.part('close-button').click();
      await waitUntil(() => s.confirm().open);
      s.confirmButton('Abandonner').click();
      await waitUntil(() => !s.el.open);
    });
  });

  describe('keyboard', () => {
    it('moves the focus into the person picker on open', async () => {
      const s = await setup();
      expect(s.focused()).to.equal(s.combobox());
    });

    it('Tab follows the visual order', async () => {
      const s = await setup({ access: mireilleAccess('invited') });
      const order: string[] = [];
      for (let i = 0; i < 10; i++) {
        await sendKeys({ press: 'Tab' });
        const f = s.focused();
        order.push(f?.id || f?.getAttribute('part') || f?.getAttribute('aria-label') || f?.tagName || '?');
      }
      expect(order).to.deep.equal([
        'Aide contextuelle : Code d\'utilisateur',
        'field-userCode',
        'Aide contextuelle : Adresse courriel',
        'field-email',
        "Aide contextuelle : Limiter l'accès à cette adresse IP (optionnel)",
        'field-allowedIps',
        'field-branchId',
        "Aide contextuelle : Accès valide jusqu'au (optionnel)",
        'field-accessExpiresAt',
        'field-accessExpiresAt', // (the date's day, month and year are a Tab stop each)
      ]);
    });

    it('Escape closes, and the focus goes back to the opener', async () => {
      const s = await setup();
      const closing = oneEvent(s.el, 'request-close') as Promise<RequestCloseEvent>;
      await sendKeys({ press: 'Escape' });
      expect((await closing).detail.source).to.equal('escape');
      await waitUntil(() => !s.el.open);
      expect(document.activeElement).to.equal(s.opener);
    });

    it('Escape asks first when something was typed', async () => {
      const s = await setup();
      await s.type('email', 'autre@hervedavid.com');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => s.confirm().open);
      await sendKeys({ press: 'Escape' }); // "no": keep typing
      await waitUntil(() => !s.confirm().open);
      expect(s.dialog().open).to.be.true;
      expect(s.field('email').value).to.equal('autre@hervedavid.com');
    });

    it('the whole grant works with the keyboard alone', async () => {
      const s = await setup();
      await sendKeys({ press: 'Tab' }); // user code help
      await sendKeys({ press: 'Tab' }); // user code
      await sendKeys({ press: 'Tab' }); // e-mail help
      await sendKeys({ press: 'Tab' }); // e-mail
      await sendKeys({ press: 'Tab' }); // IP help
      await sendKeys({ press: 'Tab' }); // IP
      await sendKeys({ type: '203.0.113.7' });
      await sendKeys({ press: 'Tab' }); // branch
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Tab' }); // end date help
      await sendKeys({ press: 'Tab' }); // end date (left empty)
      expect(s.focused()).to.equal(s.field('accessExpiresAt'));
      s.part('close-button').focus(); // (a date input's day, month and year are a Tab stop each)
      await sendKeys({ press: 'Tab' }); // ENREGISTRER ET ENVOYER
      expect(s.focused()).to.equal(s.part('save-button'));
      const saved = oneEvent(s.el, 'access-saved') as Promise<AccessSavedEvent>;
      await sendKeys({ press: 'Enter' });
      const e = await saved;
      expect(e.detail.access.allowedIps).to.deep.equal(['203.0.113.7']);
      expect(e.detail.access.branchId).to.equal('mtl');
      await s.el.updateComplete;
      expect(s.focused()).to.equal(s.part('save-button'));
    });
  });

  describe('validation', () => {
    it("refuses the seed's 123.542.654.785 next to the field, naming it, before any request", async () => {
      const s = await setup();
      await s.type('allowedIps', '123.542.654.785');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(s.fake.callCount('saveAccess')).to.equal(0);
      const ip = s.field('allowedIps');
      expect(ip.getAttribute('aria-invalid')).to.equal('true');
      expect(ip.getAttribute('aria-describedby')).to.contain('field-allowedIps-error');
      expect(text(s.error('allowedIps'))).to.equal(
        "« 123.542.654.785 » n'est pas une adresse IP valide. Entrez des adresses IPv4 ou IPv6 ou des blocs CIDR, séparés par des virgules.",
      );
      expect(s.focused()).to.equal(ip);
      await expect(s.el).to.be.accessible();
    });

    it('names the first bad entry of several', async () => {
      const s = await setup();
      await s.type('allowedIps', '203.0.113.7, 10.0.0.0/33, 10.0.0.1');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(text(s.error('allowedIps'))).to.contain('« 10.0.0.0/33 »');
    });

    it('shows an error once the changed field is left, and focuses the first invalid field on save', async () => {
      const s = await setup();
      await s.type('email', 'mireille@');
      expect(text(s.error('email'))).to.equal('');
      await sendKeys({ press: 'Tab' });
      await s.el.updateComplete;
      expect(text(s.error('email'))).to.contain('Entrez une adresse courriel valide');
      await s.type('userCode', '');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(text(s.error('userCode'))).to.equal('Ce champ est obligatoire.');
      expect(s.focused()).to.equal(s.field('userCode'));
      expect(s.fake.callCount('saveAccess')).to.equal(0);
      await expect(s.el).to.be.accessible();
    });

    it('refuses a user code with spaces', async () => {
      const s = await setup();
      await s.type('userCode', 'mireille couture');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(text(s.error('userCode'))).to.contain('sans espace');
    });

    it('puts a taken user code (409) on its field, keeping everything typed', async () => {
      const taken: Access = { ...mireilleAccess('active'), contactId: CONTACTS[1]!.id, userCode: '8005551999' };
      const fake = new FakeBackend({ contacts: CONTACTS, accesses: [taken] });
      const s = await setup({ fake });
      await s.type('userCode', '8005551999');
      await s.type('allowedIps', '203.0.113.7');
      await failedSave(s);
      expect(text(s.error('userCode'))).to.equal("Ce code d'utilisateur est déjà utilisé. Choisissez-en un autre.");
      expect(s.field('userCode').getAttribute('aria-invalid')).to.equal('true');
      expect(s.field('allowedIps').value).to.equal('203.0.113.7');
      expect(s.has('[part="banner"]')).to.be.false;
      expect(s.focused()).to.equal(s.field('userCode'));
      await expect(s.el).to.be.accessible();
    });

    it("puts the server's refusal of one IP entry on the IP field, naming that entry", async () => {
      const s = await setup();
      s.fake.failNext(
        'saveAccess',
        httpError(422, 'The access is not valid.', [
          { field: 'allowedIps', code: 'ip', message: 'Entry 1 of allowedIps is not an IP address.', index: 1 },
        ]),
      );
      await s.type('allowedIps', '203.0.113.7, 198.51.100.0/24');
      await failedSave(s);
      expect(text(s.error('allowedIps'))).to.contain('« 198.51.100.0/24 »');
    });
  });

  describe('errors', () => {
    it('says what to do when the server cannot be reached, keeps the form, and a retry creates nothing twice', async () => {
      const s = await setup();
      s.fake.failNext('saveAccess', 'network', { afterCommit: true });
      await s.type('allowedIps', '203.0.113.7');
      await failedSave(s);
      const banner = s.banner();
      expect(banner.getAttribute('role')).to.equal('alert');
      expect(text(banner)).to.contain('Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.');
      expect(s.field('allowedIps').value).to.equal('203.0.113.7');
      await expect(s.el).to.be.accessible();

      const saved = oneEvent(s.el, 'access-saved') as Promise<AccessSavedEvent>;
      // By keyboard: the button goes with the banner; the focus moves to the save button, not to <body>.
      query<HTMLButtonElement>(banner, 'button').focus();
      await sendKeys({ press: 'Enter' });
      expect(s.root.activeElement?.getAttribute('part'), 'the focus is on the save button').to.equal('save-button');
      await saved;
      expect(document.activeElement === s.el, 'the focus is in the dialog').to.be.true;
      const keys = s.fake.callsOf('saveAccess').map((c) => (c.args[3] as { idempotencyKey: string }).idempotencyKey);
      expect(keys).to.have.length(2);
      expect(keys[1]).to.equal(keys[0]);
      // Saved once: the retry got the first result back.
      expect(s.fake.peekAccess(SEED_CLIENT_ID, MIREILLE_ID)?.version).to.equal(1);
      const history = await s.fake.getAccessHistory(SEED_CLIENT_ID, MIREILLE_ID);
      expect(history.filter((e) => e.action === 'invitation-sent')).to.have.length(1);
      expect(s.has('[part="banner"]')).to.be.false;
    });

    it('uses a new idempotency key when the body changed since the failed try', async () => {
      const s = await setup();
      s.fake.failNext('saveAccess', 'network');
      await failedSave(s);
      await s.type('allowedIps', '203.0.113.7');
      await saveAndWait(s);
      const keys = s.fake.callsOf('saveAccess').map((c) => (c.args[3] as { idempotencyKey: string }).idempotencyKey);
      expect(keys[1]).to.not.equal(keys[0]);
    });

    it('offers to reload when someone else changed the access (412)', async () => {
      const s = await setup({ access: mireilleAccess('invited') });
      s.fake.failNext('saveAccess', 'stale');
      await s.type('email', 'autre@hervedavid.com');
      await failedSave(s);
      expect(text(s.banner())).to.contain("modifié par quelqu'un d'autre");
      const reload = query<HTMLButtonElement>(s.banner(), 'button');
      expect(text(reload)).to.equal('Recharger');
      reload.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => s.fake.callCount('getAccess') === 2);
      await waitUntil(() => s.has('#field-email') && s.field('email').value === MIREILLE_CONTACT.email);
      expect(s.has('[part="banner"]')).to.be.false;
      expect(s.root.activeElement?.id, 'the focus is on the person field').to.equal('field-contact');
      expect(document.activeElement === s.el, 'the focus is in the dialog').to.be.true;
    });

    it('says nothing was saved when the e-mail could not be sent (502)', async () => {
      const s = await setup();
      s.fake.failNext('saveAccess', httpError(502, 'The mail server refused the message.'));
      await failedSave(s);
      expect(text(s.banner())).to.contain("Le courriel n'a pas pu être envoyé : rien n'a été enregistré.");
      expect(text(query(s.banner(), 'button'))).to.equal('Réessayer');
      // Still no access: the line for a person without one, no state badge.
      expect(s.state()).to.contain("Cette personne n'a pas encore accès au portail.");
      expect(s.has('[part="access-state"] .badge')).to.be.false;
    });

    it('says when the access could not be loaded, and tries again', async () => {
      const fake = new FakeBackend({ contacts: CONTACTS });
      fake.failNext('getAccess', 'network');
      const s = await setup({ fake, open: false });
      await s.el.show();
      await waitUntil(() => s.has('[part="banner"]'));
      expect(text(s.banner())).to.contain('Le serveur est injoignable');
      await expect(s.el).to.be.accessible();
      query<HTMLButtonElement>(s.banner(), 'button').focus();
      await sendKeys({ press: 'Enter' });
      await s.loaded();
      expect(s.field('userCode').value).to.equal(MIREILLE_USER_CODE);
      expect(s.root.activeElement?.id, 'the focus is on the person field').to.equal('field-contact');
      expect(document.activeElement === s.el, 'the focus is in the dialog').to.be.true;
    });
  });

  describe('end date ("Accès valide jusqu\'au")', () => {
    /** The date input set as the user's picker sets it (day, in the user's time zone). */
    async function pickEnd(s: S, day: string) {
      const input = s.field('accessExpiresAt');
      input.focus();
      input.value = day;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await s.el.updateComplete;
    }
    const endOf = (y: number, m: number, d: number) => new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();

    it('is optional, labelled, explained, and sends the end of the chosen day in the user\'s time zone', async () => {
      const s = await setup();
      const input = s.field('accessExpiresAt');
      expect(input.type).to.equal('date');
      expect(input.value).to.equal('');
      expect(s.labels()).to.include("Accès valide jusqu'au (optionnel)");
      expect(input.getAttribute('aria-describedby')).to.contain('field-accessExpiresAt-help');
      expect(s.has('[part~="clear-end-button"]'), 'nothing to take away yet').to.be.false;
      await pickEnd(s, '2030-06-30');
      await saveAndWait(s);
      const input0 = s.fake.callsOf('saveAccess')[0]!.args[2] as { accessExpiresAt: string | null };
      expect(input0.accessExpiresAt).to.equal(endOf(2030, 6, 30));
      await s.el.updateComplete;
      const fmt = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(s.state()).to.contain(`Accès valide jusqu'au ${fmt.format(new Date(endOf(2030, 6, 30)))}`);
      await expect(s.el).to.be.accessible();
    });

    it('refuses a day that is over next to the field, before any request', async () => {
      const s = await setup();
      await pickEnd(s, '2020-01-15');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(s.fake.callCount('saveAccess')).to.equal(0);
      const input = s.field('accessExpiresAt');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('field-accessExpiresAt-error');
      expect(text(s.error('accessExpiresAt'))).to.equal(
        "Cette date est passée. Choisissez aujourd'hui ou une date à venir, ou laissez le champ vide.",
      );
      expect(s.focused()).to.equal(input);
      await expect(s.el).to.be.accessible();
    });

    it("puts the server's refusal of the date (422 past-date) next to the field", async () => {
      const s = await setup();
      s.fake.failNext(
        'saveAccess',
        httpError(422, 'The access is not valid.', [{ field: 'accessExpiresAt', code: 'past-date', message: 'accessExpiresAt is in the past.' }]),
      );
      await pickEnd(s, '2030-06-30');
      await failedSave(s);
      expect(text(s.error('accessExpiresAt'))).to.contain('Cette date est passée.');
      expect(s.has('[part="banner"]')).to.be.false;
      expect(s.focused()).to.equal(s.field('accessExpiresAt'));
    });

    it('shows the saved day when the dialog opens again, and "Retirer la date" clears it (the focus stays on the date)', async () => {
      const end = endOf(2030, 6, 30);
      const s = await setup({ access: { ...mireilleAccess('active'), accessExpiresAt: end } });
      expect(s.field('accessExpiresAt').value).to.equal('2030-06-30');
      await s.el.hide();
      await s.el.show();
      await s.loaded();
      expect(s.field('accessExpiresAt').value, 'reopened').to.equal('2030-06-30');
      s.part('clear-end-button').focus();
      await sendKeys({ press: 'Enter' });
      await s.el.updateComplete;
      expect(s.field('accessExpiresAt').value).to.equal('');
      expect(s.focused(), 'never <body>').to.equal(s.field('accessExpiresAt'));
      expect(s.has('[part~="clear-end-button"]')).to.be.false;
      await saveAndWait(s);
      const sent = s.fake.callsOf('saveAccess')[0]!.args[2] as { accessExpiresAt: string | null; sendInvitation: boolean };
      expect(sent.accessExpiresAt).to.equal(null);
      expect(sent.sendInvitation).to.be.false;
    });

    it('shows an ended access ("Accès terminé"), keeps its past day as it was, and a later day gives it back', async () => {
      const ended = '2026-03-01T04:59:59.999Z'; // before NOW (the fake's clock)
      const s = await setup({ access: { ...mireilleAccess('active'), accessExpiresAt: ended } });
      expect(s.badge()).to.equal('Accès terminé');
      const fmt = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(s.state()).to.contain(`Accès terminé le ${fmt.format(new Date(ended))}`);
      expect(text(s.part('save-button'))).to.equal('Enregistrer');
      expect(s.has('[part~="revoke-button"]'), 'an ended access can still be revoked').to.be.true;
      // Saved unchanged (another field edited): the past day is not an error, the access's own end is sent back.
      await s.type('email', 'm.couture@hervedavid.com');
      await saveAndWait(s);
      expect((s.fake.callsOf('saveAccess')[0]!.args[2] as { accessExpiresAt: string }).accessExpiresAt).to.equal(ended);
      await pickEnd(s, '2030-06-30');
      const saved = await saveAndWait(s);
      expect(saved.detail.access.status).to.equal('active');
      await s.el.updateComplete;
      expect(s.badge()).to.equal('Actif');
      await expect(s.el).to.be.accessible();
    });

    it('speaks English', async () => {
      document.documentElement.lang = 'en';
      try {
        const s = await setup({ access: { ...mireilleAccess('active'), accessExpiresAt: '2026-03-01T04:59:59.999Z' } });
        await waitUntil(() => s.badge() === 'Access ended');
        expect(s.labels()).to.include('Access valid until (optional)');
        expect(text(s.part('clear-end-button'))).to.equal('Remove the date');
        await pickEnd(s, '2020-01-15');
        s.part('save-button').click();
        await s.el.updateComplete;
        expect(text(s.error('accessExpiresAt'))).to.equal('This date is over. Choose today or a later date, or leave the field empty.');
      } finally {
        document.documentElement.lang = '';
      }
    });
  });

  describe('switching person', () => {
    async function pick(s: S, name: string) {
      s.combobox().focus();
      s.combobox().select();
      await sendKeys({ type: name });
      await waitUntil(() => s.has('[role="option"]'));
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await s.el.updateComplete;
    }

    it("picking another contact of the client loads that contact's access", async () => {
      const s = await setup();
      await pick(s, 'Élise');
      await waitUntil(() => s.fake.callCount('getAccess') === 2);
      await waitUntil(() => s.has('#field-email') && s.field('email').value === 'elise.tremblay@hervedavid.com');
      expect(s.combobox().value).to.equal('Élise Tremblay');
      expect(s.fake.callsOf('getAccess')[1]!.args[1]).to.equal(CONTACTS[1]!.id);
      expect(s.fake.callCount('getContact')).to.equal(0);
      expect(s.el.contactId).to.equal(MIREILLE_ID); // the host's input is not changed
    });

    it('asks before switching when something was typed', async () => {
      const s = await setup();
      await s.type('userCode', 'MC2026');
      await pick(s, 'Élise');
      await waitUntil(() => s.confirm().open);
      expect(text(query(s.confirm(), '#confirm-message'))).to.contain('autre personne');
      s.confirmButton('Continuer la saisie').click();
      await waitUntil(() => !s.confirm().open);
      await s.el.updateComplete;
      expect(s.combobox().value).to.equal('Mireille Couture');
      expect(s.field('userCode').value).to.equal('MC2026');
      expect(s.fake.callCount('getAccess')).to.equal(1);
    });
  });

  describe('English', () => {
    afterEach(() => {
      document.documentElement.lang = '';
    });

    it('speaks English when the page does', async () => {
      document.documentElement.lang = 'en';
      const s = await setup({ access: mireilleAccess('invited') });
      await waitUntil(() => text(s.part('save-button')) === 'Save');
      expect(s.labels()).to.include.members([
        'What type of user do you want to give access to?',
        'User code',
        'E-mail address',
        'Limit access to this IP address (optional)',
        'Limit access to this branch (optional)',
      ]);
      expect(s.fixed('userType')).to.equal("I want to give access to a client's contact");
      expect(s.fixed('role')).to.equal('Client (system role)');
      expect(text(s.branch().options[0])).to.equal('All branches');
      expect(s.badge()).to.equal('Invitation sent');
      // The same English times as the contact dialog's (en-CA: "3:00 p.m.").
      const fmt = new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeStyle: 'short' });
      expect(s.state()).to.contain(`Invitation sent on ${fmt.format(new Date('2026-03-01T14:00:00Z'))}`);
      expect(text(s.part('close-button'))).to.equal('Close');
      expect(text(s.part('revoke-button'))).to.equal('Revoke access');
      await s.type('allowedIps', '123.542.654.785');
      s.part('save-button').click();
      await s.el.updateComplete;
      expect(text(s.error('allowedIps'))).to.contain('“123.542.654.785” is not a valid IP address.');
      await expect(s.el).to.be.accessible();
    });

    it('titles a new access "Add a user"', async () => {
      document.documentElement.lang = 'en';
      const s = await setup();
      await waitUntil(() => s.title() === 'Add a user');
      expect(text(s.part('save-button'))).to.equal('Save and send an e-mail');
    });
  });
});
