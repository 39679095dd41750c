/**
 * The styling contract of every element: the host's font and colour are
 * inherited unless a `--cae-*` token says otherwise, a host's line-height does
 * not change the controls' height, and every part an element lists (the
 * source of its nested `exportparts`) is in its shadow DOM.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Access } from '../src/api/types.js';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import { CLIENT_CONTACTS_PARTS, CONTACT_DIALOG_EXPORTPARTS } from '../src/client-contacts/client-contacts.parts.js';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import {
  CONTACT_DIALOG_PARTS,
  GRANT_ACCESS_DIALOG_EXPORTED,
  GRANT_ACCESS_DIALOG_EXPORTPARTS,
} from '../src/contact-dialog/contact-dialog.parts.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { GRANT_ACCESS_DIALOG_PARTS } from '../src/grant-access-dialog/grant-access-dialog.parts.js';
import { FakeBackend, MIREILLE, MIREILLE_ID, MIREILLE_USER_CODE, SEED_CLIENT_ID, type FakeBackendOptions } from '../src/testing/index.js';

const C = SEED_CLIENT_ID;

function invited(): Access {
  return {
    contactId: MIREILLE_ID,
    userType: 'client-contact',
    role: 'client',
    userCode: MIREILLE_USER_CODE,
    email: MIREILLE.email!,
    allowedIps: [],
    branchId: null,
    status: 'invited',
    invitedAt: '2026-03-01T14:30:00Z',
    invitationExpiresAt: '2026-03-04T14:30:00Z',
    lastInvitationSentAt: '2026-03-01T14:30:00Z',
    version: 1,
  };
}

function $<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Every part name in a shadow root now. */
function partsIn(root: ShadowRoot, into = new Set<string>()): Set<string> {
  for (const el of root.querySelectorAll('[part]')) for (const p of el.getAttribute('part')!.split(/\s+/)) into.add(p);
  return into;
}

function missing(listed: readonly string[], seen: Set<string>): string[] {
  return listed.filter((p) => !seen.has(p));
}

async function contacts(options: FakeBackendOptions = {}, wrapperStyle = '') {
  const backend = new FakeBackend({ accesses: [invited()], ...options });
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${wrapperStyle}><client-contacts client-id=${C} .backend=${backend}></client-contacts></div>`,
  );
  const el = $<ClientContacts>(wrapper, 'client-contacts');
  return { wrapper, el, root: el.shadowRoot!, backend };
}

async function contactDialog(wrapperStyle = '') {
  const backend = new FakeBackend({ accesses: [invited()] });
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${wrapperStyle}>
      <contact-dialog client-id=${C} contact-id=${MIREILLE_ID} .backend=${backend}></contact-dialog>
    </div>`,
  );
  const el = $<ContactDialog>(wrapper, 'contact-dialog');
  const root = el.shadowRoot!;
  await el.show();
  await waitUntil(() => root.querySelector('#field-name') && root.querySelector('.access dl'), 'the contact did not show');
  return { wrapper, el, root, backend };
}

async function typeInto(input: HTMLInputElement, text: string) {
  input.focus();
  input.select();
  await sendKeys({ type: text });
}

describe('styling contract', function () {
  this.timeout(20_000);

  describe('colour and font', () => {
    it("inherits the host's colour and font unless --cae-color-text / --cae-font-family say otherwise", async () => {
      const { el, root } = await contacts({}, 'color: rgb(255, 0, 0); font-family: serif');
      await waitUntil(() => root.querySelector('[part~="cell"]'), 'the rows did not show');
      expect(getComputedStyle($(root, '[part~="heading"]')).color).to.equal('rgb(255, 0, 0)');
      expect(getComputedStyle($(root, '[part~="cell"]')).color).to.equal('rgb(255, 0, 0)');
      expect(getComputedStyle($(root, '[part~="heading"]')).fontFamily).to.equal('serif');
      el.style.setProperty('--cae-color-text', 'rgb(0, 0, 255)');
      expect(getComputedStyle($(root, '[part~="heading"]')).color).to.equal('rgb(0, 0, 255)');
    });

    it("the dialogs' text takes the host's colour too", async () => {
      const { root } = await contactDialog('color: rgb(255, 0, 0)');
      expect(getComputedStyle($(root, '[part~="title"]')).color).to.equal('rgb(255, 0, 0)');
      expect(getComputedStyle($(root, '#field-name')).color).to.equal('rgb(255, 0, 0)');
    });
  });

  describe('line-height', () => {
    it("keeps the controls' height under a host's line-height of 1.5", async () => {
      const table = await contacts();
      const dialog = await contactDialog();
      const controls = () => [
        ...['#filter', '#state', '[part~="add-button"]'].map((s) => $(table.root, s)),
        ...['#field-name', '#field-type', '[part~="save-button"]', '[part~="close-button"]'].map((s) => $(dialog.root, s)),
      ];
      const heights = () => controls().map((c) => c.getBoundingClientRect().height);
      const before = heights();
      table.wrapper.style.lineHeight = '1.5';
      dialog.wrapper.style.lineHeight = '1.5';
      expect(heights()).to.deep.equal(before);
    });
  });

  describe('parts', () => {
    it('<client-contacts> has every part it lists (loading, loaded with a row ticked, empty, failed)', async () => {
      const seen = new Set<string>();
      const slow = await contacts({ latency: 400 });
      partsIn(slow.root, seen);
      const loaded = await contacts();
      await waitUntil(() => loaded.root.querySelector('[part~="status-badge"]'), 'the rows did not show');
      // A row ticked: its checkbox and the bulk button.
      await waitUntil(() => loaded.root.querySelector('[part~="checkbox"]'), 'no checkbox');
      loaded.root.querySelector<HTMLInputElement>('[role="rowheader"] [part~="checkbox"]')!.click();
      await waitUntil(() => loaded.root.querySelector('[part~="bulk-button"]'), 'no bulk button');
      partsIn(loaded.root, seen);
      const empty = await contacts({ contacts: [], accesses: [] });
      await waitUntil(() => empty.root.querySelector('[part~="empty"]'));
      partsIn(empty.root, seen);
      const failed = await contacts({ fail: 'network' });
      await waitUntil(() => failed.root.querySelector('[part~="error"]'));
      partsIn(failed.root, seen);
      expect(missing(CLIENT_CONTACTS_PARTS, seen)).to.deep.equal([]);
    });

    it('<contact-dialog> has every part it lists (search, history, a failed and a good save)', async () => {
      const { el, root, backend } = await contactDialog();
      const seen = partsIn(root);
      $<HTMLButtonElement>(root, '.search-toggle').click();
      await el.updateComplete;
      partsIn(root, seen);
      $<HTMLButtonElement>(root, '.history-toggle').click();
      await waitUntil(() => root.querySelector('[part~="history"]'));
      partsIn(root, seen);
      backend.failNext('updateContact', 'server-error');
      await typeInto($<HTMLInputElement>(root, '#field-title'), 'Directrice');
      $<HTMLButtonElement>(root, '[part~="save-button"]').click();
      await waitUntil(() => root.querySelector('[part~="banner"]'), 'no banner');
      partsIn(root, seen);
      const saved = oneEvent(el, 'contact-saved');
      $<HTMLButtonElement>(root, '[part~="save-button"]').click();
      await saved;
      await el.updateComplete;
      partsIn(root, seen);
      expect(missing(CONTACT_DIALOG_PARTS, seen)).to.deep.equal([]);
    });

    it('<grant-access-dialog> has every part it lists (an access, a failed and a good save, several contacts)', async () => {
      const backend = new FakeBackend({ accesses: [invited()] });
      const el = await fixture<GrantAccessDialog>(
        html`<grant-access-dialog client-id=${C} contact-id=${MIREILLE_ID} .backend=${backend}></grant-access-dialog>`,
      );
      const root = el.shadowRoot!;
      await el.show();
      await waitUntil(() => root.querySelector('#field-userCode'), 'the access did not load');
      const seen = partsIn(root);
      backend.failNext('saveAccess', 'server-error');
      $<HTMLButtonElement>(root, '[part~="save-button"]').click();
      await waitUntil(() => root.querySelector('[part~="banner"]'), 'no banner');
      partsIn(root, seen);
      $<HTMLButtonElement>(root, '[part~="save-button"]').click();
      await waitUntil(() => root.querySelector('[part~="status"]'), 'no bubble');
      partsIn(root, seen);
      // Several contacts at once: the people and their lines.
      const bulk = await fixture<GrantAccessDialog>(
        html`<grant-access-dialog client-id=${C} .contacts=${backend.peekContacts()} .backend=${backend}></grant-access-dialog>`,
      );
      await bulk.show();
      await waitUntil(() => bulk.shadowRoot!.querySelector('[part~="person"]'), 'no line');
      partsIn(bulk.shadowRoot!, seen);
      expect(missing(GRANT_ACCESS_DIALOG_PARTS, seen)).to.deep.equal([]);
    });

    it('the nested dialogs export the listed parts under their tag', async () => {
      const { root } = await contactDialog();
      const grant = await waitUntil(() => root.querySelector('grant-access-dialog'), 'the grant dialog did not load').then(
        () => $(root, 'grant-access-dialog'),
      );
      expect(grant.getAttribute('exportparts')).to.equal(GRANT_ACCESS_DIALOG_EXPORTPARTS);
      const exported = GRANT_ACCESS_DIALOG_EXPORTPARTS.split(', ').map((e) => e.split(': ')[1]);
      expect(exported).to.deep.equal(GRANT_ACCESS_DIALOG_EXPORTED);
      expect(exported).to.include.members(['grant-access-dialog', 'grant-access-dialog-save-button']);
      const table = await contacts();
      await waitUntil(() => table.root.querySelector('[part~="name-button"]'));
      $<HTMLButtonElement>(table.root, '[part~="name-button"]').click();
      const nested = await waitUntil(() => table.root.querySelector('contact-dialog[open]'), 'the contact dialog did not open').then(
        () => $<ContactDialog>(table.root, 'contact-dialog'),
      );
      expect(nested.getAttribute('exportparts')).to.equal(CONTACT_DIALOG_EXPORTPARTS);
      expect(CONTACT_DIALOG_EXPORTPARTS).to.contain('save-button: contact-dialog-save-button');
      expect(CONTACT_DIALOG_EXPORTPARTS).to.contain('close-button: contact-dialog-close-button');
      await nested.hide();
    });
  });
});
