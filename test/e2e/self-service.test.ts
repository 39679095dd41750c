/**
 * Issue 13, items 2 and 3, end to end in Chromium against the real server
 * (demo mode, its development mailbox), with the keyboard only: the portal's
 * "Mot de passe oublié ?" leads to the form, the mail's link to the page
 * that sets a new password; a dead invitation link's page sends a new link,
 * which works. After each step the focus is on what the person now reads,
 * never on <body>.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { focused, invitedContact, mailTo, openPage, serverAndBrowser } from './harness.js';

const FIRST_PASSWORD = 'une phrase de passe assez longue';
const NEW_PASSWORD = 'Gaspésie à vélo en juillet';

const suite = serverAndBrowser();

/** Presses Tab until the focus is on the element `selector` names (at most 20 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Types the new password twice on the invitation page and sends it, with the keyboard. */
async function choosePassword(page: Page, password: string): Promise<void> {
  await tabTo(page, '#password');
  await page.keyboard.type(password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.locator('#done').waitFor({ state: 'visible' });
  const now = await focused(page);
  assert.equal(now.element, 'p#done-message');
  assert.match(now.text, /Votre mot de passe est enregistré/);
}

describe('self-service in Chromium, keyboard only', () => {
  const errors: string[] = [];

  it('forgotten password: portal link → form → mail → new password; the old one no longer signs in', async () => {
    const email = 'oubli.e2e@example.com';
    const { userCode, link } = await invitedContact(suite.server, 'Odile Oubli', email);
    const page = await openPage(suite.browser, suite.server.base + link, errors);
    await choosePassword(page, FIRST_PASSWORD);

    await page.goto(`${suite.server.base}/portal?lang=fr`);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await tabTo(page, 'a[href="/password-reset?lang=fr"]');
    assert.equal((await focused(page)).text, 'Mot de passe oublié ?');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/password-reset\?lang=fr$/);
    assert.equal(await page.locator('h1').textContent(), 'Mot de passe oublié');

    await tabTo(page, '#user-code');
    assert.equal(await page.getByLabel("Code d'utilisateur").evaluate((el) => el === document.activeElement), true);
    await page.keyboard.type(userCode);
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Envoyer le lien');
    await page.keyboard.press('Enter');
    await page.locator('#done').waitFor({ state: 'visible' });
    const sent = await focused(page);
    assert.equal(sent.element, 'p#done-message');
    assert.match(sent.text, /un lien vient d'être envoyé/);

    const mail = await mailTo(suite.server, email, 'Réinitialisation de votre mot de passe');
    await page.goto(suite.server.base + mail.link);
    assert.equal(await page.locator('h1').textContent(), 'Choisissez un nouveau mot de passe');
    await choosePassword(page, NEW_PASSWORD);

    const signIn = (password: string) =>
      fetch(`${suite.server.base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'self-service-test' },
        body: JSON.stringify({ userCode, password }),
      });
    assert.equal((await signIn(FIRST_PASSWORD)).status, 401);
    assert.equal((await signIn(NEW_PASSWORD)).status, 200);
    await page.context().close();
  });

  it('a dead invitation link: its page sends a new link to the address on file, and the new link works', async () => {
    const email = 'renouveau.e2e@example.com';
    const { link, resend } = await invitedContact(suite.server, 'René Renouveau', email);
    await resend(); // the first link is dead now (replaced)
    const page = await openPage(suite.browser, suite.server.base + link, errors);
    assert.equal(await page.locator('h1').textContent(), 'Ce lien ne fonctionne plus');
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');

    await tabTo(page, '#renew-button');
    assert.equal((await focused(page)).text, 'Envoyer un nouveau lien');
    await page.keyboard.press('Enter');
    await page.locator('#renew-status').filter({ hasText: /nouveau lien vient d'être envoyé/ }).waitFor();
    assert.equal((await focused(page)).element, 'p#renew-status');

    const mail = await mailTo(suite.server, email, 'Votre nouveau lien d’invitation');
    await page.goto(suite.server.base + mail.link);
    assert.equal(await page.locator('h1').textContent(), 'Choisissez votre mot de passe');
    await choosePassword(page, FIRST_PASSWORD);
    await page.context().close();
  });

  it('logged no error in the pages (but the dead link page\'s own 410)', () => {
    assert.deepEqual(errors.filter((e) => !/status of 410 \(Gone\)/.test(e)), []);
  });
});
