/**
 * A dialog that still works after 3 s says why (SlowNotice): a slow server, or
 * a backend waiting to send a call again after a 503, left only a turning
 * spinner for up to 15 s. The bubble (a polite live region) says the server
 * takes longer than usual, stays while the work lasts, and gives way to the
 * save's own news, or goes when it fails.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { FakeBackend, MIREILLE_ID, SEED_CLIENT_ID } from '../src/testing/index.js';

const NOW = new Date('2026-03-02T15:00:00Z');
const SLOW = "Toujours en cours… Le serveur met plus de temps que d'habitude à répondre.";

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const bubble = (el: Element) => text(el.shadowRoot!.querySelector('dialog.main > .status'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a dialog that works for long', function () {
  this.timeout(15_000);
  afterEach(() => {
    document.documentElement.lang = '';
  });

  it('says so after 3 s of a save, in the live region, then gives way to the save\'s news', async () => {
    const fake = new FakeBackend({ now: () => NOW });
    const el = await fixture<ContactDialog>(html`<contact-dialog client-id=${SEED_CLIENT_ID} .contactId=${null} .backend=${fake}></contact-dialog>`);
    await el.show();
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('#field-name'), 'the form did not show');
    const name = root.querySelector<HTMLInputElement>('#field-name')!;
    name.value = 'Mireille Couture';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    fake.latency = 5000;
    root.querySelector<HTMLButtonElement>('button.save')!.click();

    await sleep(2000);
    expect(bubble(el), 'nothing said at 2 s').to.equal('');
    await waitUntil(() => bubble(el) === SLOW, 'the bubble did not say the save takes long', { timeout: 2500 });
    expect(root.querySelector('dialog.main > .status')!.getAttribute('aria-live')).to.equal('polite');
    expect(root.querySelector('.bubble')!.classList.contains('info')).to.be.true;
    await expect(el).to.be.accessible();

    await waitUntil(() => bubble(el) === 'Enregistré avec succès', 'the save did not end', { timeout: 4000 });
    await el.hide();
  });

  it('goes when the slow save fails, and the banner says why (English)', async () => {
    document.documentElement.lang = 'en';
    const fake = new FakeBackend({ now: () => NOW });
    const el = await fixture<GrantAccessDialog>(
      html`<grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} .backend=${fake}></grant-access-dialog>`,
    );
    await el.show();
    const root = el.shadowRoot!;
    const save = () => root.querySelector<HTMLButtonElement>('[part~="save-button"]')!;
    await waitUntil(() => root.querySelector('#field-userCode') && !save().disabled, 'the access did not load');
    fake.latency = 4500;
    fake.failNext('saveAccess', 'server-error');
    save().click();

    await waitUntil(() => bubble(el) === 'Still working… The server is taking longer than usual to answer.', 'no English notice', {
      timeout: 4000,
    });
    await waitUntil(() => root.querySelector('[part~="banner"]'), 'the failure did not show', { timeout: 4000 });
    await el.updateComplete;
    expect(bubble(el), 'the notice went with the work').to.equal('');
    await el.hide();
  });

  it('says nothing of a save that ends within 3 s', async () => {
    const fake = new FakeBackend({ now: () => NOW, latency: 2000 });
    const el = await fixture<ContactDialog>(html`<contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} .backend=${fake}></contact-dialog>`);
    await el.show();
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('#field-name'), 'the contact did not load', { timeout: 4000 });
    const seen: string[] = [];
    const watch = setInterval(() => seen.push(bubble(el)), 100);
    const name = root.querySelector<HTMLInputElement>('#field-name')!;
    name.value = 'Mireille Couture-Roy';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    root.querySelector<HTMLButtonElement>('button.save')!.click();
    await waitUntil(() => bubble(el) === 'Enregistré avec succès', 'the save did not end', { timeout: 4000 });
    await sleep(1500);
    clearInterval(watch);
    expect(seen, 'the notice never showed').not.to.include(SLOW);
    await el.hide();
  });
});
