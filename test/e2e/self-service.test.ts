/**
 * Issue 13, items 2 and 3, end to end in Chromium against the real server
 * (demo mode, its development mailbox), with the keyboard only: the portal's
 * "Mot de passe oublié ?" leads to the form, the mail's link to the page
 * that sets a new password; a dead invitation link's page sends a new link,
 * which works. After each step the focus is on what the person now reads,
 * never on <body>.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, type Mail, type RunningServer } from './harness.js';

const CLIENT = '8005551';
const FIRST_PASSWORD = 'une phrase de passe assez longue';
const NEW_PASSWORD = 'Gaspésie à vélo en juillet';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The focused element (deep, through shadow roots) as `tag#id`, and its text. */
async function focused(page: Page): Promise<{ element: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { element: el ? `${el.localName}${el.id ? `#${el.id}` : ''}` : 'none', text: el?.textContent?.trim() ?? '' };
  });
}

/** Presses Tab until the focus is on the element `selector` names (at most 20 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** The newest mail to `email` with `subject`, waiting for it (the forgotten password's leaves after the answer). */
async function mailTo(email: string, subject: string): Promise<Mail & { link: string }> {
  for (let i = 0; i < 100; i++) {
    const mail = (await server.mailbox()).find((m) => m.to.includes(email) && m.subject === subject);
    const link = mail && /\/invitation\?token=[\w-]+/.exec(mail.text)?.[0];
    if (mail && link) return { ...mail, link };
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no mail "${subject}" to ${email}`);
}

/** A contact of the demo client invited by the demo staff user; `resend` calls the staff's re-send. */
async function invitedContact(name: string, email: string) {
  const home = await fetch(`${server.base}/`);
  const cookie = home.headers.getSetCookie()[0]!.split(';')[0]!;
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'self-service-test', ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const contact = await call('POST', `/clients/${CLIENT}/contacts`, { name, email });
  const access = `/clients/${CLIENT}/contacts/${contact['id'] as string}/access`;
  const { userCode } = (await call('GET', access)) as { userCode: string };
  await call('PUT', access, { userCode, email, sendInvitation: true });
  const { link } = await mailTo(email, `Votre code d'utilisateur ${userCode} a été créé`);
  return { userCode, link, resend: () => call('POST', `${access}/invitation`) };
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
    const { userCode, link } = await invitedContact('Odile Oubli', email);
    const page = await openPage(browser, server.base + link, errors);
    await choosePassword(page, FIRST_PASSWORD);

    await page.goto(`${server.base}/portal?lang=fr`);
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

    const mail = await mailTo(email, 'Réinitialisation de votre mot de passe');
    await page.goto(server.base + mail.link);
    assert.equal(await page.locator('h1').textContent(), 'Choisissez un nouveau mot de passe');
    await choosePassword(page, NEW_PASSWORD);

    const signIn = (password: string) =>
      fetch(`${server.base}/api/v1/session`, {
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
    const { link, resend } = await invitedContact('René Renouveau', email);
    await resend(); // the first link is dead now (replaced)
    const page = await openPage(browser, server.base + link, errors);
    assert.equal(await page.locator('h1').textContent(), 'Ce lien ne fonctionne plus');
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');

    await tabTo(page, '#renew-button');
    assert.equal((await focused(page)).text, 'Envoyer un nouveau lien');
    await page.keyboard.press('Enter');
    await page.locator('#renew-status').filter({ hasText: /nouveau lien vient d'être envoyé/ }).waitFor();
    assert.equal((await focused(page)).element, 'p#renew-status');

    const mail = await mailTo(email, 'Votre nouveau lien d’invitation');
    await page.goto(server.base + mail.link);
    assert.equal(await page.locator('h1').textContent(), 'Choisissez votre mot de passe');
    await choosePassword(page, FIRST_PASSWORD);
    await page.context().close();
  });

  it('logged no error in the pages (but the dead link page\'s own 410)', () => {
    assert.deepEqual(errors.filter((e) => !/status of 410 \(Gone\)/.test(e)), []);
  });
});
