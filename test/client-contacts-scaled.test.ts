/**
 * `<client-contacts>` with a list taller than a browser lays out: 1,000,000
 * rows of 44 px need 44,000,000 px, past Chromium's limit (about 33,500,000)
 * and the virtualizer's own cap on its box (8,200,000). The rows' box is
 * scaled (src/client-contacts/row-scale.ts): every row can be scrolled to.
 */
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Contact, ContactPage, ContactQuery } from '../src/api/types.js';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import { ContactSavedEvent } from '../src/events/events.js';
import { MAX_SIZE, boxPosition, listPosition } from '../src/client-contacts/row-scale.js';
import { FakeBackend, SEED_CLIENT_ID } from '../src/testing/index.js';

const TOTAL = 1_000_000;

const nameOf = (i: number) => `Contact ${String(i).padStart(7, '0')}`;

/** A client with `TOTAL` contacts, made page by page as they are asked for (the list's other calls are the fake's). */
class MillionContacts extends FakeBackend {
  constructor() {
    super({ contacts: [] });
  }

  override listContacts(_clientId: string, query: ContactQuery = {}): Promise<ContactPage> {
    const limit = query.limit ?? 50;
    // `around`: the page with that contact in its middle.
    const offset = query.around ? Math.max(0, Number(query.around.slice(1)) - limit / 2) : (query.offset ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k): Contact => ({
      id: `m${offset + k}`,
      clientId: SEED_CLIENT_ID,
      name: nameOf(offset + k),
      title: '',
      department: '',
      type: null,
      email: `contact${offset + k}@example.com`,
      phone: '',
      mobile: '',
      fax: '',
      location: '',
      accessStatus: 'none',
      version: 1,
    }));
    return Promise.resolve({ items, total: TOTAL, offset, limit });
  }
}

function root(el: ClientContacts): ShadowRoot {
  return el.shadowRoot!;
}

/** The rows drawn with their contact whose box is inside the table's visible area (under the sticky header). */
function visibleRows(el: ClientContacts): { index: number; name: string; top: number; bottom: number }[] {
  const table = root(el).querySelector<HTMLElement>('[role="table"]')!.getBoundingClientRect();
  const head = root(el).querySelector<HTMLElement>('.thead')!.getBoundingClientRect();
  return [...root(el).querySelectorAll<HTMLElement>('.tbody [role="row"]')]
    .filter((r) => r.querySelector('[part~="name-button"]'))
    .map((r) => {
      const box = r.getBoundingClientRect();
      return { index: Number(r.getAttribute('aria-rowindex')) - 2, name: r.querySelector('[part~="name-button"]')!.textContent!.trim(), top: box.top, bottom: box.bottom };
    })
    .filter((r) => r.top >= head.bottom - 1 && r.bottom <= table.bottom + 1)
    .sort((a, b) => a.index - b.index);
}

/** Waits until the visible rows are drawn with their contacts, and checks they follow one another. */
async function shown(el: ClientContacts, what: string) {
  let rows: ReturnType<typeof visibleRows> = [];
  await waitUntil(() => (rows = visibleRows(el)).length >= 5, `no rows shown ${what}`, { timeout: 4000 });
  rows.forEach((r, k) => {
    expect(r.name, what).to.equal(nameOf(r.index));
    if (k > 0) {
      expect(r.index, `rows in order ${what}`).to.equal(rows[k - 1]!.index + 1);
      expect(r.top, `rows one under the other ${what}`).to.be.closeTo(rows[k - 1]!.bottom, 1);
    }
  });
  return rows;
}

describe('<client-contacts> with 1,000,000 contacts', function () {
  this.timeout(20_000);
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  it('scrolls to the last contact, the middle and back to the first', async () => {
    const el = await fixture<ClientContacts>(html`<client-contacts client-id=${SEED_CLIENT_ID} .backend=${new MillionContacts()}></client-contacts>`);
    const table = root(el).querySelector<HTMLElement>('[role="table"]')!;
    await shown(el, 'at first');
    // The virtualizer took the list over and sized its box.
    await waitUntil(() => table.scrollHeight > 1_000_000, 'the virtualizer did not size the table', { timeout: 4000 });

    table.scrollTop = table.scrollHeight;
    const end = await shown(el, 'scrolled to the end');
    expect(end[end.length - 1]!.index).to.equal(TOTAL - 1);

    table.scrollTop = (table.scrollHeight - table.clientHeight) / 2;
    const middle = await shown(el, 'scrolled to the middle');
    expect(middle[0]!.index).to.be.closeTo(TOTAL / 2, 20);

    table.scrollTop = 0;
    const start = await shown(el, 'scrolled back to the top');
    expect(start[0]!.index).to.equal(0);
    expect(root(el).querySelectorAll('*').length).to.be.lessThan(1000);
  });

  it('scrolls a contact created three quarters down the list into view', async () => {
    const el = await fixture<ClientContacts>(html`<client-contacts client-id=${SEED_CLIENT_ID} .backend=${new MillionContacts()}></client-contacts>`);
    const table = root(el).querySelector<HTMLElement>('[role="table"]')!;
    await shown(el, 'at first');
    await waitUntil(() => table.scrollHeight > 1_000_000, 'the virtualizer did not size the table', { timeout: 4000 });
    // The nested dialog says a contact was created: the table loads the page around it and scrolls to it.
    root(el).querySelector<HTMLButtonElement>('[part~="add-button"]')!.click();
    let dialog: ContactDialog | null = null;
    await waitUntil(() => (dialog = root(el).querySelector<ContactDialog>('contact-dialog[open]')), 'the dialog did not open', { timeout: 4000 });
    await dialog!.hide();
    const at = 750_000;
    const page = await new MillionContacts().listContacts(SEED_CLIENT_ID, { offset: at, limit: 1 });
    dialog!.dispatchEvent(new ContactSavedEvent({ contact: page.items[0]!, created: true }));
    await waitUntil(() => visibleRows(el).some((r) => r.index === at), 'the new contact was not scrolled into view', { timeout: 4000 });
    await shown(el, 'around the new contact');
  });
});

describe('row-scale', () => {
  const view = 400;

  it('maps the box onto the whole list, its ends onto the list’s ends', () => {
    const full = 44_000_000;
    expect(listPosition(0, full, view)).to.equal(0);
    expect(listPosition(MAX_SIZE - view, full, view)).to.be.closeTo(full - view, 1e-6);
    expect(listPosition((MAX_SIZE - view) / 2, full, view)).to.be.closeTo((full - view) / 2, 1e-6);
    for (const p of [0, 123_456, 20_000_000, full - view]) expect(listPosition(boxPosition(p, full, view), full, view)).to.be.closeTo(p, 1e-6);
  });

  it('leaves a list that fits as it is', () => {
    expect(listPosition(1234, 4_400_000, view)).to.equal(1234);
    expect(boxPosition(1234, 4_400_000, view)).to.equal(1234);
  });
});
