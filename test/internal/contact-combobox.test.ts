import { updateWhenLocaleChanges } from '@lit/localize';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import type { ContactsBackend } from '../../src/api/backend.js';
import type { Contact } from '../../src/api/types.js';
import { ContactCombobox, comboboxStyles } from '../../src/internal/contact-combobox.js';
import { PageLocaleController } from '../../src/internal/locale.js';
import { baseStyles, fieldStyles } from '../../src/internal/styles.js';
import { FakeBackend, MIREILLE, MIREILLE_ID, SEED_CLIENT_ID, seedContacts } from '../../src/testing/index.js';

/** A tiny host for the controller: a label, the combobox, a button after it. */
class ComboboxHost extends LitElement {
  static override styles = [baseStyles, fieldStyles, comboboxStyles];
  backend: ContactsBackend = new FakeBackend();
  picked: Contact[] = [];
  readonly combo = new ContactCombobox(this, {
    id: 'who',
    labelId: 'who-label',
    backend: () => this.backend,
    clientId: () => SEED_CLIENT_ID,
    onSelect: (c) => this.picked.push(c),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new PageLocaleController(this);
  }

  protected override render() {
    return html`<label id="who-label" for="who">Personne</label>${this.combo.render({ required: true })}
      <button type="button">Après</button>`;
  }
}
customElements.define('test-combobox-host', ComboboxHost);

const contacts: Contact[] = [
  { ...MIREILLE, id: MIREILLE_ID, clientId: SEED_CLIENT_ID, accessStatus: 'none', version: 1 } as Contact,
  ...seedContacts(40),
];

function query<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

async function setup(options: { latency?: number; value?: Contact } = {}) {
  const fake = new FakeBackend({ contacts, latency: options.latency ?? 0 });
  const el = await fixture<ComboboxHost>(html`<test-combobox-host .backend=${fake}></test-combobox-host>`);
  if (options.value) {
    el.combo.value = options.value;
    await el.updateComplete;
  }
  const root = el.shadowRoot!;
  const input = query<HTMLInputElement>(root, 'input[role="combobox"]');
  const listbox = query<HTMLElement>(root, '[role="listbox"]');
  const popup = query<HTMLElement>(root, '.popup');
  const status = query<HTMLElement>(root, '[role="status"]');
  const options_ = () => [...root.querySelectorAll<HTMLElement>('[role="option"]')];
  const names = () => options_().map((o) => query(o, '.option-name').textContent!.trim());
  const active = () => {
    const id = input.getAttribute('aria-activedescendant');
    return id ? query<HTMLElement>(root, `#${id}`) : null;
  };
  return { el, fake, root, input, listbox, popup, status, options: options_, names, active };
}

/** Types like a user into the combobox and waits for the results to show. */
async function typeAndWait(s: Awaited<ReturnType<typeof setup>>, text: string) {
  s.input.focus();
  await sendKeys({ type: text });
  await waitUntil(() => s.options().length > 0 || /Aucun|No contact|échoué|failed/.test(s.popup.textContent ?? ''));
}

const mireille = contacts[0]!;

describe('contact combobox', () => {
  describe('rendering', () => {
    it('is a closed combobox labelled by the caller, controlling a listbox', async () => {
      const s = await setup();
      expect(s.input.getAttribute('aria-autocomplete')).to.equal('list');
      expect(s.input.getAttribute('aria-expanded')).to.equal('false');
      expect(s.input.getAttribute('aria-controls')).to.equal(s.listbox.id);
      expect(s.input.hasAttribute('aria-activedescendant')).to.be.false;
      expect(s.listbox.getAttribute('aria-labelledby')).to.equal('who-label');
      expect(s.input.labels?.[0]?.textContent).to.equal('Personne');
      expect(s.popup.hidden).to.be.true;
      await expect(s.el).to.be.accessible();
    });

    it('shows the picked contact given by the caller, without calling back', async () => {
      const s = await setup({ value: mireille });
      expect(s.input.value).to.equal('Mireille Couture');
      expect(s.el.combo.value).to.deep.equal({ id: MIREILLE_ID, name: 'Mireille Couture' });
      expect(s.el.picked).to.have.length(0);
      expect(s.fake.callCount()).to.equal(0);
    });
  });

  describe('searching', () => {
    it('lists the matching contacts by first or last name, each with its e-mail', async () => {
      const s = await setup();
      await typeAndWait(s, 'cou');
      expect(s.names()).to.include('Mireille Couture');
      const option = s.options().find((o) => o.textContent!.includes('Mireille'))!;
      expect(query(option, '.option-email').textContent).to.equal('mireille.couture@hervedavid.com');
      expect(s.input.getAttribute('aria-expanded')).to.equal('true');
      expect(s.popup.hidden).to.be.false;
      expect(s.status.textContent).to.match(/Contacts trouvés : \d+/);
      await expect(s.el).to.be.accessible();
    });

    it('finds a contact by first name too', async () => {
      const s = await setup();
      await typeAndWait(s, 'Mireille');
      expect(s.names()).to.deep.equal(['Mireille Couture']);
    });

    it('asks once per pause in typing, for at most 10 contacts', async () => {
      const s = await setup();
      await typeAndWait(s, 'mir');
      expect(s.fake.callCount('listContacts')).to.equal(1);
      const [clientId, q] = s.fake.callsOf('listContacts')[0]!.args;
      expect(clientId).to.equal(SEED_CLIENT_ID);
      expect(q).to.deep.equal({ q: 'mir', limit: 10 });
    });

    it('says it is searching, then aborts a search the user typed past', async () => {
      const s = await setup({ latency: 10_000 });
      s.input.focus();
      await sendKeys({ type: 'm' });
      expect(s.popup.textContent).to.contain('Recherche…');
      expect(s.status.textContent).to.contain('Recherche…');
      await waitUntil(() => s.fake.callCount('listContacts') === 1);
      const first = s.fake.callsOf('listContacts')[0]!.args[2] as { signal: AbortSignal };
      expect(first.signal.aborted).to.be.false;
      await sendKeys({ type: 'i' });
      expect(first.signal.aborted).to.be.true;
      await waitUntil(() => s.fake.callCount('listContacts') === 2);
      expect(s.fake.callsOf('listContacts')[1]!.args[1]).to.deep.equal({ q: 'mi', limit: 10 });
    });

    it('says when nothing matches', async () => {
      const s = await setup();
      await typeAndWait(s, 'zzz');
      expect(s.options()).to.have.length(0);
      expect(s.popup.textContent).to.contain('Aucun contact trouvé');
      expect(s.status.textContent).to.contain('Aucun contact trouvé');
      expect(s.listbox.hidden).to.be.true;
      await expect(s.el).to.be.accessible();
    });

    it('says when the search failed, and ArrowDown tries again', async () => {
      const s = await setup();
      s.fake.failNext('listContacts', 'network');
      await typeAndWait(s, 'cou');
      expect(s.popup.textContent).to.contain('La recherche a échoué');
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => s.options().length > 0);
      expect(s.names()).to.include('Mireille Couture');
    });

    it('closes the list when the text is erased', async () => {
      const s = await setup();
      await typeAndWait(s, 'c');
      await sendKeys({ press: 'Backspace' });
      await s.el.updateComplete;
      expect(s.input.getAttribute('aria-expanded')).to.equal('false');
      expect(s.popup.hidden).to.be.true;
    });
  });

  describe('keyboard', () => {
    it('ArrowDown on an empty field opens the first 10 contacts, the first one active', async () => {
      const s = await setup();
      s.input.focus();
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => s.options().length > 0);
      expect(s.options()).to.have.length(10);
      expect(s.fake.callsOf('listContacts')[0]!.args[1]).to.deep.equal({ q: '', limit: 10 });
      expect(s.active()).to.be.null;
      await sendKeys({ press: 'ArrowDown' });
      expect(s.active()).to.equal(s.options()[0]);
      await expect(s.el).to.be.accessible();
    });

    it('ArrowDown and ArrowUp move the active option, wrapping around', async () => {
      const s = await setup();
      await typeAndWait(s, 'ma');
      const n = s.options().length;
      expect(n).to.be.greaterThan(2);
      await sendKeys({ press: 'ArrowDown' });
      expect(s.active()).to.equal(s.options()[0]);
      expect(s.options()[0]!.getAttribute('aria-selected')).to.equal('true');
      await sendKeys({ press: 'ArrowDown' });
      expect(s.active()).to.equal(s.options()[1]);
      expect(s.options()[0]!.getAttribute('aria-selected')).to.equal('false');
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowUp' });
      expect(s.active()).to.equal(s.options()[n - 1]);
      await sendKeys({ press: 'ArrowDown' });
      expect(s.active()).to.equal(s.options()[0]);
    });

    it('Enter picks the active contact and reports it', async () => {
      const s = await setup();
      await typeAndWait(s, 'Mireille');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      expect(s.el.picked.map((c) => [c.id, c.name])).to.deep.equal([[MIREILLE_ID, 'Mireille Couture']]);
      expect(s.input.value).to.equal('Mireille Couture');
      expect(s.input.getAttribute('aria-expanded')).to.equal('false');
      expect(s.el.combo.value).to.deep.equal({ id: MIREILLE_ID, name: 'Mireille Couture' });
      expect(s.el.shadowRoot!.activeElement).to.equal(s.input);
    });

    it('Enter without an active option picks nothing', async () => {
      const s = await setup();
      await typeAndWait(s, 'Mireille');
      await sendKeys({ press: 'Enter' });
      expect(s.el.picked).to.have.length(0);
    });

    it('Escape closes the list without closing the surrounding dialog; a second Escape does', async () => {
      const wrapper = await fixture<HTMLDialogElement>(html`<dialog>
        <test-combobox-host .backend=${new FakeBackend({ contacts })}></test-combobox-host>
      </dialog>`);
      wrapper.showModal();
      const el = query<ComboboxHost>(wrapper, 'test-combobox-host');
      await el.updateComplete;
      const input = query<HTMLInputElement>(el.shadowRoot!, 'input');
      input.focus();
      await sendKeys({ type: 'cou' });
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[role="option"]').length > 0);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(input.getAttribute('aria-expanded')).to.equal('false');
      expect(wrapper.open).to.be.true;
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !wrapper.open);
    });

    it('Tab leaves: the list closes and the picked contact comes back in the field', async () => {
      const s = await setup({ value: mireille });
      s.input.select();
      await typeAndWait(s, 'ma');
      await sendKeys({ press: 'Tab' });
      await s.el.updateComplete;
      expect(s.el.shadowRoot!.activeElement?.textContent).to.equal('Après');
      expect(s.input.getAttribute('aria-expanded')).to.equal('false');
      expect(s.input.value).to.equal('Mireille Couture');
      expect(s.el.picked).to.have.length(0);
    });
  });

  describe('mouse', () => {
    it('a click picks the contact and keeps the focus in the field', async () => {
      const s = await setup();
      await typeAndWait(s, 'cou');
      const option = s.options().find((o) => o.textContent!.includes('Mireille'))!;
      const r = option.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(r.left + 10), Math.round(r.top + r.height / 2)] });
      await s.el.updateComplete;
      expect(s.el.picked.map((c) => c.id)).to.deep.equal([MIREILLE_ID]);
      expect(s.input.value).to.equal('Mireille Couture');
      expect(s.el.shadowRoot!.activeElement).to.equal(s.input);
      expect(s.popup.hidden).to.be.true;
    });
  });

  describe('English', () => {
    afterEach(async () => {
      document.documentElement.lang = '';
    });

    it('speaks English when the page does', async () => {
      document.documentElement.lang = 'en';
      const s = await setup();
      await typeAndWait(s, 'zzz');
      await waitUntil(() => s.popup.textContent!.includes('No contacts found'));
      expect(s.status.textContent).to.contain('No contacts found');
    });
  });
});
