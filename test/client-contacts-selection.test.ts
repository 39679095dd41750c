import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import { SELECT_MAX } from '../src/client-contacts/selection.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { groupDigits } from '../src/internal/format.js';
import { FakeBackend, SEED_CLIENT_ID } from '../src/testing/index.js';

/** The table's checkboxes: one per row ("Sélectionner <Nom>") and "Sélectionner tous les contacts". */

function root(el: ClientContacts): ShadowRoot {
  if (!el.shadowRoot) throw new Error('client-contacts has no shadow root');
  return el.shadowRoot;
}

function text(node: Element): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function box(el: ClientContacts, label: string): HTMLInputElement {
  const found = [...root(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((b) => b.getAttribute('aria-label') === label);
  if (!found) throw new Error(`no checkbox "${label}"`);
  return found;
}

function all(el: ClientContacts): HTMLInputElement {
  return box(el, 'Sélectionner tous les contacts');
}

function rowBoxes(el: ClientContacts): HTMLInputElement[] {
  return [...root(el).querySelectorAll<HTMLInputElement>('[role="rowheader"] input[type="checkbox"]')];
}

function bulkButton(el: ClientContacts): HTMLButtonElement | null {
  return root(el).querySelector<HTMLButtonElement>('[part~="bulk-button"]');
}

/** The first page is shown, with its checkboxes (their chunk comes on its own). */
async function setup(backend: FakeBackend): Promise<ClientContacts> {
  const el = await fixture<ClientContacts>(html`<client-contacts client-id=${SEED_CLIENT_ID} .backend=${backend}></client-contacts>`);
  await waitUntil(() => root(el).querySelector('[role="rowheader"] input[type="checkbox"]'), 'no checkbox in the rows', { timeout: 4000 });
  return el;
}

async function until<T>(find: () => T | null | undefined | false, message?: string): Promise<T> {
  let found: T | null | undefined | false;
  await waitUntil(() => (found = find()), message, { timeout: 4000 });
  return found as T;
}

describe('<client-contacts> selection', function () {
  this.timeout(20_000);
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  beforeEach(() => window.scrollTo(0, 0));

  it('puts a checkbox named after the contact before each name, and one for all in the name column header', async () => {
    const el = await setup(new FakeBackend({ contacts: 3 }));
    const names = [...root(el).querySelectorAll('[part~="name-button"]')].map(text);
    expect(rowBoxes(el).map((b) => b.getAttribute('aria-label'))).to.deep.equal(names.map((n) => `Sélectionner ${n}`));
    expect(all(el).closest('[role="columnheader"]')).to.exist;
    expect(bulkButton(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('counts the selection on the bulk button, and shows the header checkbox mixed, then checked', async () => {
    const el = await setup(new FakeBackend({ contacts: 3 }));
    rowBoxes(el)[0]!.click();
    await el.updateComplete;
    expect(text(bulkButton(el)!)).to.equal("Donner l'accès aux contacts sélectionnés (1)");
    expect(all(el).indeterminate).to.equal(true);
    rowBoxes(el)[1]!.click();
    rowBoxes(el)[2]!.click();
    await el.updateComplete;
    expect(all(el).indeterminate).to.equal(false);
    expect(all(el).checked).to.equal(true);
    expect(text(bulkButton(el)!)).to.equal("Donner l'accès aux contacts sélectionnés (3)");
    rowBoxes(el)[1]!.click();
    await el.updateComplete;
    expect(text(bulkButton(el)!)).to.equal("Donner l'accès aux contacts sélectionnés (2)");
  });

  it('selects every contact with the header checkbox, and none on a second press', async () => {
    const el = await setup(new FakeBackend({ contacts: 5 }));
    all(el).click();
    await until(() => bulkButton(el));
    expect(rowBoxes(el).every((b) => b.checked)).to.equal(true);
    expect(text(bulkButton(el)!)).to.contain('(5)');
    all(el).click();
    await el.updateComplete;
    expect(rowBoxes(el).some((b) => b.checked)).to.equal(false);
    expect(bulkButton(el)).to.equal(null);
  });

  it(`selects the first ${SELECT_MAX} of a 10,000-contact list with "all", and says how to reach the others`, async () => {
    const el = await setup(new FakeBackend({ contacts: 10_000 }));
    all(el).click();
    const button = await until(() => bulkButton(el));
    expect(text(button)).to.contain(`(${SELECT_MAX})`);
    expect(text(root(el).querySelector('.capped')!)).to.equal(
      `Les ${SELECT_MAX} premiers contacts sont sélectionnés, sur ${groupDigits(10_000)}. Filtrez la liste pour choisir les autres.`.replace(/\s+/g, ' '),
    );
    expect(all(el).checked).to.equal(true);
  });

  it('keeps a selected row ticked after it scrolled out of the DOM and back', async () => {
    const el = await setup(new FakeBackend({ contacts: 2000 }));
    const first = rowBoxes(el)[0]!;
    const label = first.getAttribute('aria-label')!;
    first.click();
    const table = root(el).querySelector<HTMLElement>('[role="table"]')!;
    await waitUntil(() => table.scrollHeight > 10_000, 'the virtualizer did not size the table', { timeout: 6000 });
    table.scrollTop = table.scrollHeight / 2;
    await waitUntil(() => !rowBoxes(el).some((b) => b.getAttribute('aria-label') === label), 'the first row stayed in the DOM');
    table.scrollTop = 0;
    const back = await until(() => rowBoxes(el).find((b) => b.getAttribute('aria-label') === label), 'the first row did not come back');
    await el.updateComplete;
    expect(back.checked).to.equal(true);
    expect(rowBoxes(el).filter((b) => b.checked)).to.have.length(1);
  });

  it('clears the selection when the search changes', async () => {
    const backend = new FakeBackend({ contacts: 5 });
    const el = await setup(backend);
    rowBoxes(el)[0]!.click();
    await until(() => bulkButton(el));
    root(el).querySelector<HTMLInputElement>('#filter')!.focus();
    await sendKeys({ type: 'a' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => bulkButton(el) === null, 'the selection was kept');
    expect(rowBoxes(el).some((b) => b.checked)).to.equal(false);
  });

  it('toggles the focused row with Space', async () => {
    const el = await setup(new FakeBackend({ contacts: 3 }));
    const first = rowBoxes(el)[0]!;
    first.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(first.checked).to.equal(true);
    expect(bulkButton(el)).to.exist;
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(first.checked).to.equal(false);
    expect(bulkButton(el)).to.equal(null);
  });

  it('opens the grant dialog for the selected contacts; their rows show the access, and closing clears the selection', async () => {
    const el = await setup(new FakeBackend({ contacts: 3 }));
    const names = [...root(el).querySelectorAll('[part~="name-button"]')].map(text).slice(0, 2);
    for (const n of names) box(el, `Sélectionner ${n}`).click();
    await until(() => bulkButton(el)).then((b) => b.click());
    const dialog = await until(() => root(el).querySelector<GrantAccessDialog>('grant-access-dialog[open]'), 'the grant dialog did not open');
    const droot = dialog.shadowRoot!;
    await waitUntil(() => droot.querySelectorAll('[part~="person"] input').length === 4, 'the lines did not load');
    expect([...droot.querySelectorAll('[part~="person"] [role="rowheader"]')].map(text)).to.deep.equal(names);
    let saved = 0;
    el.addEventListener('access-saved', () => saved++);
    droot.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitUntil(() => saved === 2, 'the accesses were not saved', { timeout: 6000 });
    await el.updateComplete;
    const badges = () =>
      [...root(el).querySelectorAll('[part~="row"]')]
        .filter((r) => names.includes(text(r.querySelector('[part~="name-button"]')!)))
        .map((r) => text(r.querySelector('[part~="status-badge"]')!));
    expect(badges()).to.deep.equal(['Invitation envoyée', 'Invitation envoyée']);
    await dialog.requestHide();
    await waitUntil(() => bulkButton(el) === null, 'the selection was kept after the grant');
    expect(rowBoxes(el).some((b) => b.checked)).to.equal(false);
    expect(root(el).activeElement).to.equal(all(el));
  });

  it('speaks English when the page does', async () => {
    document.documentElement.lang = 'en';
    try {
      const el = await setup(new FakeBackend({ contacts: 3 }));
      await waitUntil(() => root(el).querySelector('[aria-label="Select all contacts"]'), 'not in English');
      const name = text(root(el).querySelector('[part~="name-button"]')!);
      expect(rowBoxes(el)[0]!.getAttribute('aria-label')).to.equal(`Select ${name}`);
      rowBoxes(el)[0]!.click();
      await el.updateComplete;
      expect(text(bulkButton(el)!)).to.equal('Give access to the selected contacts (1)');
    } finally {
      document.documentElement.lang = '';
    }
  });
});
