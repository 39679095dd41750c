/**
 * The dialogs at 320 and 375 px: the header, the search row and the footer
 * hold what they show (a wrapped row of buttons stays inside its box, the
 * body is what scrolls), and nothing is wider than the dialog. At 375 px the
 * contact dialog's header kept the height of one line while its navigation
 * wrapped below the title: the header's border crossed "4 / 4" and its
 * buttons hung over the body (the header shrank to let the body keep its
 * reserved height). Once the header held, at 320 × 568 the contact dialog's
 * footer went past the dialog's and the window's bottom: the body kept
 * 24rem for the form, which now only the form's skeleton holds.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { FakeBackend, MIREILLE_ID, SEED_CLIENT_ID, seedContacts } from '../src/testing/index.js';

const NOW = new Date('2026-03-02T15:00:00Z');

/** What of `region` lies outside its box (more than half a pixel), as "tag.class" names. */
function overflowing(region: Element): string[] {
  const box = region.getBoundingClientRect();
  const out: string[] = [];
  for (const el of region.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).position === 'absolute') continue;
    if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5) {
      out.push(`${el.localName}.${[...el.classList].join('.')} (${Math.round(r.top)}-${Math.round(r.bottom)} in ${Math.round(box.top)}-${Math.round(box.bottom)})`);
    }
  }
  return out;
}

function expectContained(dialog: HTMLElement, regions: string[]): void {
  const box = dialog.getBoundingClientRect();
  for (const selector of regions) {
    const region = dialog.querySelector(selector);
    expect(region, `${selector} shows`).to.exist;
    expect(overflowing(region!), `${selector} holds its content`).to.deep.equal([]);
    const r = region!.getBoundingClientRect();
    expect(r.bottom, `${selector} inside the dialog`).to.be.at.most(box.bottom + 0.5);
    expect(r.bottom, `${selector} inside the window`).to.be.at.most(window.innerHeight);
  }
  expect(dialog.scrollWidth, 'nothing wider than the dialog').to.be.at.most(dialog.clientWidth);
}

for (const [width, height] of [
  [320, 568],
  [375, 800],
]) {
  describe(`the dialogs at ${width} × ${height} px`, () => {
    before(() => setViewport({ width: width!, height: height! }));
    after(() => setViewport({ width: 800, height: 600 }));

    it('the contact dialog: its header with the navigation, the search row and the footer hold their content', async () => {
      const fake = new FakeBackend({ now: () => NOW });
      const el = await fixture<ContactDialog>(html`<contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} .backend=${fake}></contact-dialog>`);
      await el.show();
      const root = el.shadowRoot!;
      await waitUntil(() => root.querySelector('#field-name') && root.querySelector('.position')?.textContent?.trim(), 'the contact did not load');
      const dialog = root.querySelector<HTMLElement>('dialog.main')!;
      expectContained(dialog, ['.header', '.footer']);
      root.querySelector<HTMLButtonElement>('.search-toggle')!.click();
      await waitUntil(() => root.querySelector('#search-input'), 'the search row did not open');
      expectContained(dialog, ['.header', '.search', '.footer']);
      await el.hide();
    });

    it('the grant dialog, for one contact and for several, holds its header and footer', async () => {
      const contacts = seedContacts(4);
      const fake = new FakeBackend({ now: () => NOW, contacts });
      const one = await fixture<GrantAccessDialog>(
        html`<grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${contacts[0]!.id} .backend=${fake}></grant-access-dialog>`,
      );
      await one.show();
      await waitUntil(() => one.shadowRoot!.querySelector('#field-userCode'), 'the access did not load');
      expectContained(one.shadowRoot!.querySelector<HTMLElement>('dialog.main')!, ['.header', '.footer']);
      await one.hide();

      const several = await fixture<GrantAccessDialog>(
        html`<grant-access-dialog client-id=${SEED_CLIENT_ID} .contacts=${contacts} .backend=${fake}></grant-access-dialog>`,
      );
      await several.show();
      const root = several.shadowRoot!;
      await waitUntil(() => root.querySelector('dialog.main')?.getAttribute('aria-busy') === 'false', 'the people did not load');
      expectContained(root.querySelector<HTMLElement>('dialog.main')!, ['.header', '.footer']);
      await several.hide();
    });
  });
}
