/**
 * The dialogs' main button (issue 11, "buttons that fit their label without
 * jumping"): as wide as its own label, and while its call runs a spinner
 * covers the label without changing the button's width or moving "Fermer";
 * the label stays the button's name. Both dialogs, French and English, at 375
 * and 1280 px.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { FakeBackend, MIREILLE_ID, SEED_CLIENT_ID } from '../src/testing/index.js';

const NOW = new Date('2026-03-02T15:00:00Z');

function query<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

interface Opened {
  el: ContactDialog | GrantAccessDialog;
  fake: FakeBackend;
  save: () => HTMLButtonElement;
  close: () => HTMLButtonElement;
}

/** The contact dialog, new contact, a name typed: its save creates the contact. */
async function contactDialog(): Promise<Opened> {
  const fake = new FakeBackend({ now: () => NOW });
  const el = await fixture<ContactDialog>(html`<contact-dialog client-id=${SEED_CLIENT_ID} .contactId=${null} .backend=${fake}></contact-dialog>`);
  await el.show();
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('#field-name'), 'the form did not show');
  const name = query<HTMLInputElement>(root, '#field-name');
  name.value = 'Mireille Couture';
  name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  return { el, fake, save: () => query(root, 'button.save'), close: () => query(root, 'button.close') };
}

/** The grant dialog for Mireille (no access yet: "Enregistrer et envoyer un courriel"). */
async function grantDialog(): Promise<Opened> {
  const fake = new FakeBackend({ now: () => NOW });
  const el = await fixture<GrantAccessDialog>(
    html`<grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} .backend=${fake}></grant-access-dialog>`,
  );
  await el.show();
  const root = el.shadowRoot!;
  const save = () => query<HTMLButtonElement>(root, '[part~="save-button"]');
  await waitUntil(() => root.querySelector('#field-userCode') && !save().disabled, 'the access did not load');
  return { el, fake, save, close: () => query(root, '[part~="close-button"]') };
}

/** The width the button's text (measured as a range, whatever its markup) and its padding and border need. */
function fittingWidth(button: HTMLButtonElement): number {
  const style = getComputedStyle(button);
  const sides = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const;
  const range = document.createRange();
  range.selectNodeContents(button);
  return range.getBoundingClientRect().width + sides.reduce((sum, side) => sum + parseFloat(style[side]), 0);
}

for (const [dialogName, open, label] of [
  ['contact dialog', contactDialog, { fr: 'Enregistrer', en: 'Save' }],
  ['grant dialog', grantDialog, { fr: 'Enregistrer et envoyer un courriel', en: 'Save and send an e-mail' }],
] as const) {
  for (const lang of ['fr', 'en'] as const) {
    for (const width of [375, 1280]) {
      describe(`the ${dialogName}'s main button (${lang}, ${width} px)`, () => {
        before(async () => {
          await setViewport({ width, height: 800 });
          document.documentElement.lang = lang === 'en' ? 'en' : '';
        });
        after(async () => {
          document.documentElement.lang = '';
          await setViewport({ width: 800, height: 600 });
        });

        it('is as wide as its label, and keeps its width and its name while it saves', async () => {
          const s = await open();
          await waitUntil(() => text(s.save()).toUpperCase() === label[lang].toUpperCase(), `the label is not "${label[lang]}"`);
          const idle = s.save().getBoundingClientRect();
          const closeBefore = s.close().getBoundingClientRect();
          expect(idle.width, 'no wider than its label needs').to.be.closeTo(fittingWidth(s.save()), 1);
          const dialog = query(s.el.shadowRoot!, 'dialog.main').getBoundingClientRect();
          expect(idle.right, 'inside the dialog').to.be.at.most(dialog.right);

          s.fake.latency = 60_000;
          s.save().click();
          await s.el.updateComplete;
          expect(s.save().querySelector('.spinner'), 'a spinner turns').to.exist;
          expect(s.save().getBoundingClientRect().width, 'the same width').to.be.closeTo(idle.width, 0.5);
          expect(s.save().getBoundingClientRect().height, 'the same height').to.be.closeTo(idle.height, 0.5);
          expect(s.close().getBoundingClientRect().x, '"Fermer" does not move').to.be.closeTo(closeBefore.x, 0.5);
          expect(s.close().getBoundingClientRect().y, '"Fermer" does not move').to.be.closeTo(closeBefore.y, 0.5);
          const shown = query(s.save(), '.button-label');
          expect(text(s.save()), 'the label is still its name').to.equal(label[lang]);
          expect(getComputedStyle(shown).display).not.to.equal('none');
          expect(getComputedStyle(shown).visibility).to.equal('visible');
          expect(query(s.save(), '.spinner').getAttribute('aria-hidden')).to.equal('true');
          await s.el.hide();
        });
      });
    }
  }
}
