/**
 * The server's own pages keep the keyboard focus where the person is: after
 * the invitation's password is saved (the form, and the button that had the
 * focus, disappear), and after signing in to and out of the portal (both
 * reload the page). In Chromium against the real server (demo mode).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { focused, invitedContact, openPage, serverAndBrowser } from './harness.js';

const PASSWORD = 'une phrase de passe assez longue';

const suite = serverAndBrowser();

describe('focus on the server pages', () => {
  let page: Page;
  const errors: string[] = [];
  let userCode: string;

  before(async () => {
    const invited = await invitedContact(suite.server, 'Gaëlle Focus', 'focus.test@example.com');
    userCode = invited.userCode;
    page = await openPage(suite.browser, suite.server.base + invited.link, errors);
  });

  it('the invitation page\'s show/hide toggle is a 24 px target apart from the submit button (WCAG 2.5.8)', async () => {
    const toggle = (await page.locator('#toggle').boundingBox())!;
    const submit = (await page.locator('#submit').boundingBox())!;
    assert.ok(toggle.height >= 24, `toggle ${toggle.height} px high`);
    assert.ok(submit.y - (toggle.y + toggle.height) >= 8, 'a gap between the toggle and the submit button');
  });

  it('the invitation page, once the password is saved, puts the focus on the shown success text', async () => {
    await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
    await page.getByLabel('Confirmez le mot de passe').fill(PASSWORD);
    await page.getByLabel('Confirmez le mot de passe').press('Enter');
    await page.locator('#done').waitFor({ state: 'visible' });
    const now = await focused(page);
    assert.equal(now.element, 'p#done-message');
    assert.match(now.text, /Votre mot de passe est enregistré/);
    assert.equal(await page.locator('#invitation-form').isHidden(), true);
  });

  it('the portal, after signing in, puts the focus on the client; after signing out, on the sign-in form', async () => {
    await page.goto(`${suite.server.base}/portal?lang=fr`);
    await page.getByLabel("Code d'utilisateur").fill(userCode);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByLabel('Mot de passe').press('Enter');
    await page.locator('#portal').waitFor({ state: 'visible' });
    assert.equal((await focused(page)).element, 'h2#client-title');

    await page.locator('#sign-out').focus();
    await page.keyboard.press('Enter');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.activeElement !== document.body);
    assert.equal((await focused(page)).element, 'h2#sign-in-title');
  });

  it('a plain visit does not move the focus, and the page logged no error', async () => {
    await page.goto(`${suite.server.base}/portal?lang=fr`);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal((await focused(page)).element, 'body');
    assert.deepEqual(errors, []);
  });
});
