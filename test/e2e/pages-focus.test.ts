/**
 * The server's own pages keep the keyboard focus where the person is: after
 * the invitation's password is saved (the form, and the button that had the
 * focus, disappear), and after signing in to and out of the portal (both
 * reload the page). In Chromium against the real server (demo mode).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, type RunningServer } from './harness.js';

const CLIENT = '8005551';
const PASSWORD = 'une phrase de passe assez longue';

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

/** The focused element (deep, through shadow roots) as `tag#id`, and whether its text is empty. */
async function focused(page: Page): Promise<{ element: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { element: el ? `${el.localName}${el.id ? `#${el.id}` : ''}` : 'none', text: el?.textContent?.trim() ?? '' };
  });
}

/** A contact of the demo client, invited by the demo staff user; resolves to its user code and link. */
async function invitedContact(): Promise<{ userCode: string; link: string }> {
  const home = await fetch(`${server.base}/`);
  const cookie = home.headers.getSetCookie()[0]!.split(';')[0]!;
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'pages-focus-test', ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const email = 'focus.test@example.com';
  const contact = await call('POST', `/clients/${CLIENT}/contacts`, { name: 'Gaëlle Focus', email });
  const access = `/clients/${CLIENT}/contacts/${contact['id'] as string}/access`;
  const { userCode } = (await call('GET', access)) as { userCode: string };
  await call('PUT', access, { userCode, email, sendInvitation: true });
  const mail = (await server.mailbox()).find((m) => m.to.includes(email));
  const link = mail && /\/invitation\?token=[\w-]+/.exec(mail.text)?.[0];
  assert.ok(link, 'the invitation mail holds the link');
  return { userCode, link };
}

describe('focus on the server pages', () => {
  let page: Page;
  const errors: string[] = [];
  let userCode: string;

  before(async () => {
    const invited = await invitedContact();
    userCode = invited.userCode;
    page = await openPage(browser, server.base + invited.link, errors);
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
    await page.goto(`${server.base}/portal?lang=fr`);
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
    await page.goto(`${server.base}/portal?lang=fr`);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal((await focused(page)).element, 'body');
    assert.deepEqual(errors, []);
  });
});
