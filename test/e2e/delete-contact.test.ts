/**
 * Issue 13, item 1, end to end in Chromium against the real server (demo mode,
 * its development mailbox), with the keyboard only: a contact signed in on the
 * portal and a contact whose invitation is pending are deleted from the demo
 * page ("Supprimer le contact", then "Supprimer"). Each row goes at once, the
 * focus lands on a control of the table (never on <body>), the signed-in
 * contact's session stops working and the pending invitation's link is dead.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { focused, invitedContact, openPage, serverAndBrowser } from './harness.js';

const PASSWORD = 'une phrase de passe assez longue';

const suite = serverAndBrowser();

/** The server's API, anonymous (as the portal's pages call it), with a session cookie when given. */
async function api(method: string, path: string, json?: unknown, cookie?: string): Promise<Response> {
  return fetch(`${suite.server.base}/api/v1${path}`, {
    method,
    headers: {
      'x-requested-with': 'e2e-test',
      ...(cookie ? { cookie } : {}),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

const tokenOf = (link: string) => new URL(link, suite.server.base).searchParams.get('token')!;

/** Presses Tab until `target` has the focus (at most 80 times). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el.matches(':focus')).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${String(target)}`);
}

/** Opens the contact from her name and deletes her, with the keyboard only; returns what has the focus then. */
async function deleteByKeyboard(page: Page, name: string): Promise<{ element: string; text: string }> {
  const nameButton = page.getByRole('button', { name, exact: true });
  await nameButton.waitFor({ state: 'visible', timeout: 10_000 });
  await tabTo(page, nameButton);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name, exact: true });
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  // Her access has loaded (the question depends on it).
  await dialog.getByText('Accès au portail', { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
  await tabTo(page, dialog.getByRole('button', { name: 'Supprimer le contact' }));
  await page.keyboard.press('Enter');

  const question = page.getByRole('alertdialog', { name: `Supprimer le contact ${name}?` });
  await question.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match((await question.textContent()) ?? '', /Son accès au portail prend fin aussi/);
  assert.equal((await focused(page)).text, 'Annuler', 'the focus starts on the harmless answer');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Supprimer');
  await page.keyboard.press('Enter');

  await nameButton.waitFor({ state: 'detached', timeout: 10_000 });
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  // The focus moves to the row that took her place, or "+", once the table drew it.
  for (let i = 0; i < 50 && (await focused(page)).element === 'body'; i++) await new Promise((r) => setTimeout(r, 50));
  return focused(page);
}

describe('deleting a contact on the demo page, keyboard only', () => {
  let page: Page;
  const errors: string[] = [];
  let signedIn: { name: string; cookie: string; userCode: string };
  let pending: { name: string; token: string };

  before(async () => {
    // Denise accepted her invitation and is signed in on the portal; Paul's invitation is still pending.
    const denise = await invitedContact(suite.server, 'Denise Départ', 'denise.depart@example.com');
    assert.equal((await api('POST', '/invitations/accept', { token: tokenOf(denise.link), password: PASSWORD, passwordConfirmation: PASSWORD })).status, 204);
    const session = await api('POST', '/session', { userCode: denise.userCode, password: PASSWORD });
    assert.equal(session.status, 200, await session.text());
    const cookie = session.headers.getSetCookie()[0]!.split(';')[0]!;
    assert.equal((await api('GET', '/session', undefined, cookie)).status, 200);
    signedIn = { name: 'Denise Départ', cookie, userCode: denise.userCode };

    const paul = await invitedContact(suite.server, 'Paul Parti', 'paul.parti@example.com');
    pending = { name: 'Paul Parti', token: tokenOf(paul.link) };

    page = await openPage(suite.browser, suite.server.base, errors);
  });

  it('deletes a contact signed in on the portal: her row goes, the count goes down, her session ends', async () => {
    const count = page.locator('client-contacts .count');
    await count.filter({ hasText: '2 contacts' }).waitFor({ timeout: 10_000 });
    const now = await deleteByKeyboard(page, signedIn.name);
    assert.notEqual(now.element, 'body');
    assert.equal(now.text, pending.name, 'the focus is on the row that took her place');
    await count.filter({ hasText: '1 contact' }).waitFor({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: `Contact supprimé : ${signedIn.name}` }).waitFor({ timeout: 10_000 });

    assert.equal((await api('GET', '/session', undefined, signedIn.cookie)).status, 401, 'her portal session ended');
    assert.equal((await api('GET', '/clients/8005551', undefined, signedIn.cookie)).status, 401);
    assert.equal((await api('POST', '/session', { userCode: signedIn.userCode, password: PASSWORD })).status, 401, 'she cannot sign in again');
  });

  it('deletes a contact whose invitation is pending: the link in her mail no longer works; the focus goes to "+"', async () => {
    const now = await deleteByKeyboard(page, pending.name);
    assert.equal(now.element, 'button', `the focus is on ${JSON.stringify(now)}`);
    assert.equal(
      await page.getByRole('button', { name: 'Ajouter un contact' }).evaluate((el) => el.matches(':focus')),
      true,
      'the focus is on "+"',
    );
    await page.getByText("Aucun contact n'est encore associé à ce client.").waitFor({ timeout: 10_000 });
    const accept = await api('POST', '/invitations/accept', { token: pending.token, password: PASSWORD, passwordConfirmation: PASSWORD });
    assert.equal(accept.status, 410);
    assert.deepEqual(errors, []);
  });
});
