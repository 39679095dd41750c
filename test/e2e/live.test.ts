/**
 * Issue 13, item 4 ("Live"), end to end on the demo page against the real
 * server: two browser contexts are two staff members' windows on client
 * 8005551. A change made elsewhere (window A, a host's API call, the invited
 * contact accepting her invitation from the real mail's link) shows in window
 * B within 2 s of the change, without a reload; an open dialog with unsaved
 * edits keeps them and says the contact changed, and an open access dialog
 * follows its access; `live="off"` opens no
 * stream; a cut stream resumes with `Last-Event-ID` and brings what happened
 * meanwhile.
 *
 * "Within 2 s" is the feature's promise (issue 13), so it is the longest wait
 * of these checks, counted from the moment the change's request answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page, Request } from 'playwright-core';
import { focused, invitedContact, openPage, serverAndBrowser, staffApi, startRelay, type StaffCall } from './harness.js';

const CLIENT = '/clients/8005551';
/** The promise of the feature: a change made elsewhere shows within this. */
const LIVE_MS = 2_000;

const suite = serverAndBrowser();

/** Waits until `locator` is visible (page loads, dialogs opening: not the live promise). */
async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** The live promise: `locator` shows within 2 s. */
async function within2s(locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: LIVE_MS });
  } catch {
    assert.fail(`${what} did not show within ${LIVE_MS} ms`);
  }
}

function row(page: Page, name: string): Locator {
  return page.getByRole('row', { name: new RegExp(name) });
}

/** The open contact dialog (role queries skip closed ones). */
function contactDialog(page: Page): Locator {
  return page.locator('contact-dialog').getByRole('dialog').first();
}

/** Is `r` a request of the client's live stream? */
const isStream = (r: Request) => new URL(r.url()).pathname === `/api/v1${CLIENT}/events`;

/** The `/events` stream requests the page makes, from now on. */
function streamRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => isStream(r) && seen.push(r));
  return seen;
}

/**
 * Opens the demo page and waits until it has settled: its table shown, its live stream open (it opens
 * after the first page shows: its answer came, so the server watches) and no other request on its way for half a second (the lazy chunks loaded).
 * `live: 'off'`: the page as a host would write it with `live="off"` (the demo page has no switch of its
 * own); then no stream is waited for.
 */
async function openDemo(errors: string[], { base = suite.server.base, live = 'on' } = {}): Promise<{ page: Page; streams: Request[] }> {
  const page = await openPage(suite.browser, 'about:blank', errors);
  if (live === 'off') {
    await page.route(`${base}/`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('<client-contacts client-id="8005551">', '<client-contacts client-id="8005551" live="off">');
      await route.fulfill({ response, body });
    });
  }
  const streams = streamRequests(page);
  const pending = new Set<Request>();
  page.on('request', (r) => isStream(r) || pending.add(r));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  const opened = live === 'on' ? page.waitForResponse((r) => isStream(r.request())) : undefined;
  await page.goto(base);
  await visible(page.getByRole('table', { name: 'Contacts associés à ce client' }));
  assert.equal(await page.locator('client-contacts').getAttribute('live'), live === 'off' ? 'off' : null);
  await opened;
  for (let i = 0, quiet = 0; quiet < 10; i++) {
    assert.ok(i < 300, `the page still loads ${[...pending].map((r) => r.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
    quiet = pending.size === 0 ? quiet + 1 : 0;
  }
  // Marks this document: still there at the end means no reload happened.
  await page.evaluate(() => ((window as unknown as { liveMark: boolean }).liveMark = true));
  return { page, streams };
}

async function notReloaded(page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (window as unknown as { liveMark?: boolean }).liveMark), true, 'the page was reloaded');
}

/** Presses Tab until the focused control's text is `text` (at most 30 times). */
async function tabTo(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).text === text) return;
  }
  assert.fail(`Tab never reached "${text}"`);
}

describe('live changes on the demo page, two staff windows', () => {
  const errors: string[] = [];
  let a: Page;
  let b: Page;
  let api: StaffCall;

  before(async () => {
    ({ page: a } = await openDemo(errors));
    ({ page: b } = await openDemo(errors));
    api = await staffApi(suite.server);
  });

  after(async () => {
    await a?.context().close();
    await b?.context().close();
  });

  it('a contact added in window A shows in window B within 2 s, without a reload', async () => {
    await a.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = await visible(a.getByRole('dialog', { name: 'Nouveau contact' }));
    await dialog.getByLabel('Nom', { exact: true }).fill('Laurent Bisson');
    await dialog.getByLabel('Titre', { exact: true }).fill('Acheteur');
    const saved = a.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${CLIENT}/contacts`));
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    assert.equal((await saved).status(), 201);

    await within2s(row(b, 'Laurent Bisson').getByText('Acheteur', { exact: true }), "Laurent Bisson's row in window B");
    await notReloaded(b);
    await a.keyboard.press('Escape');
    await contactDialog(a).waitFor({ state: 'detached' });
  });

  it("a host's API call (PUT with the demo's credentials) shows in window B within 2 s", async () => {
    const page = (await api('GET', `${CLIENT}/contacts?q=Laurent`)) as { items: { id: string; version: number }[] };
    const laurent = page.items[0]!;
    const full = await api('GET', `${CLIENT}/contacts/${laurent.id}`);
    await api('PUT', `${CLIENT}/contacts/${laurent.id}`, { ...pick(full), department: 'Approvisionnement' }, { 'if-match': `"${laurent.version}"` });

    await within2s(row(b, 'Laurent Bisson').getByText('Approvisionnement', { exact: true }), 'the department the host set');
    await notReloaded(b);
  });

  it('the contact accepting her invitation (the real mail\'s link) turns B\'s badge from "Invitation envoyée" to "Actif" within 2 s', async () => {
    const { link } = await invitedContact(suite.server, 'Mireille Couture', 'mireille.couture@hervedavid.com');
    await within2s(row(b, 'Mireille Couture').getByText('Invitation envoyée', { exact: true }), 'the invitation sent');

    const mireille = await openPage(suite.browser, suite.server.base + link, errors);
    await mireille.locator('#password').fill('une phrase de passe assez longue');
    await mireille.locator('#confirmation').fill('une phrase de passe assez longue');
    const accepted = mireille.waitForResponse((r) => r.request().method() === 'POST');
    await mireille.locator('#submit').click();
    assert.ok((await accepted).ok());
    await visible(mireille.locator('#done'));
    await mireille.context().close();

    await within2s(row(b, 'Mireille Couture').getByText('Actif', { exact: true }), 'the accepted state');
    await notReloaded(b);
  });

  it('B has the contact open with an unsaved edit when A changes it: the edit stays, B is told, and reloads with the keyboard', async () => {
    await b.getByRole('button', { name: 'Laurent Bisson' }).click();
    const inB = await visible(b.getByRole('dialog', { name: 'Laurent Bisson' }));
    const titleInB = inB.getByLabel('Titre', { exact: true });
    await visible(titleInB);
    await titleInB.fill('Acheteur principal');

    await a.getByRole('button', { name: 'Laurent Bisson' }).click();
    const inA = await visible(a.getByRole('dialog', { name: 'Laurent Bisson' }));
    await visible(inA.getByLabel('Département', { exact: true }));
    await inA.getByLabel('Département', { exact: true }).fill('Achats');
    const saved = a.waitForResponse((r) => r.request().method() === 'PUT' && /\/contacts\/[^/]+$/.test(r.url()));
    await inA.getByRole('button', { name: 'Enregistrer' }).click();
    assert.equal((await saved).status(), 200);

    const banner = inB.getByRole('alert').filter({ hasText: "Ce contact a été modifié par quelqu'un d'autre." });
    await within2s(banner, 'the "changed elsewhere" message');
    assert.equal(await titleInB.inputValue(), 'Acheteur principal', 'the unsaved edit stays');
    assert.equal(await inB.getByLabel('Département', { exact: true }).inputValue(), 'Approvisionnement', 'nothing overwritten');

    // Reload, with the keyboard: it asks first (the edit would be lost), then shows A's values.
    await titleInB.focus();
    await tabTo(b, 'Recharger');
    await b.keyboard.press('Enter');
    await visible(b.getByRole('alertdialog', { name: 'Abandonner les modifications?' }));
    await tabTo(b, 'Abandonner');
    await b.keyboard.press('Enter');
    await b.getByRole('alertdialog').waitFor({ state: 'detached' });
    await visible(inB.getByLabel('Département', { exact: true }));
    assert.equal(await inB.getByLabel('Département', { exact: true }).inputValue(), 'Achats');
    assert.equal(await titleInB.inputValue(), 'Acheteur');
    assert.equal(await banner.count(), 0);
    assert.notEqual((await focused(b)).element, 'body', 'the focus stays in the dialog');
    await notReloaded(b);

    await b.keyboard.press('Escape');
    await contactDialog(b).waitFor({ state: 'detached' });
    await a.keyboard.press('Escape');
    await contactDialog(a).waitFor({ state: 'detached' });
  });

  it("B has Mireille's access open when A revokes it: B's access dialog says \"Révoqué\" within 2 s, by keyboard", async () => {
    await b.getByRole('button', { name: 'Mireille Couture' }).click();
    const inB = await visible(b.getByRole('dialog', { name: 'Mireille Couture' }));
    const key = inB.getByRole('button', { name: 'Accès', exact: true });
    await visible(key);
    await key.focus();
    await b.keyboard.press('Enter');
    const access = await visible(b.locator('grant-access-dialog').getByRole('dialog'));
    await visible(access.getByText('Actif', { exact: true }));

    const page = (await api('GET', `${CLIENT}/contacts?q=Mireille`)) as { items: { id: string }[] };
    const id = page.items[0]!.id;
    const current = await api('GET', `${CLIENT}/contacts/${id}/access`);
    await api('DELETE', `${CLIENT}/contacts/${id}/access`, undefined, { 'if-match': `"${current['version'] as number}"` });

    await within2s(access.getByText('Révoqué', { exact: true }), 'the revoked state in the access dialog');
    assert.equal(await access.getByRole('alert').count(), 0, 'nothing typed: no banner');
    assert.notEqual((await focused(b)).element, 'body', 'the focus stays in the dialog');
    await notReloaded(b);
    await b.keyboard.press('Escape');
    await b.locator('grant-access-dialog').getByRole('dialog').waitFor({ state: 'detached' });
    await b.keyboard.press('Escape');
    await contactDialog(b).waitFor({ state: 'detached' });
  });

  it('live="off" on the host page opens no stream: a change shows in B but not there; back on, changes arrive', async () => {
    const offErrors: string[] = [];
    const { page: off, streams } = await openDemo(offErrors, { live: 'off' });

    await api('POST', `${CLIENT}/contacts`, { name: 'Odette Horsligne' });
    await within2s(row(b, 'Odette Horsligne'), 'the new contact in B (live)');
    assert.equal(streams.length, 0, 'no /events request with live="off"');
    assert.equal(await row(off, 'Odette Horsligne').count(), 0, 'nothing arrived with live="off"');

    // The attribute made the difference: removed, the page listens.
    const listening = off.waitForResponse((r) => isStream(r.request()));
    await off.locator('client-contacts').evaluate((el) => el.removeAttribute('live'));
    await listening;
    await api('POST', `${CLIENT}/contacts`, { name: 'Octave Rebranché' });
    await within2s(row(off, 'Octave Rebranché'), 'a change once live is back on');
    await notReloaded(off);
    assert.deepEqual(offErrors, []);
    await off.context().close();
  });

  it('a window whose connection is cut gets the change made meanwhile once back, resumed with Last-Event-ID', async (t) => {
    // A third window reaches the server through a relay the test cuts: a real network cut, not a closed page.
    const relay = await startRelay(suite.server.base);
    t.after(() => relay.close());
    const cutErrors: string[] = [];
    const { page: c, streams } = await openDemo(cutErrors, { base: relay.base });
    const open = streams.at(-1)!;
    const failed = c.waitForEvent('requestfailed', (r) => r === open);
    relay.cut();
    await failed;

    const resumed = c.waitForRequest((r) => isStream(r) && r.headers()['last-event-id'] !== undefined);
    await api('POST', `${CLIENT}/contacts`, { name: 'Paul Pendant-la-coupure' });
    relay.restore();

    assert.match((await resumed).headers()['last-event-id']!, /^\d+$/);
    // Reconnecting waits with back-off after the attempts that failed while cut: a few seconds, not the live promise.
    await visible(row(c, 'Paul Pendant-la-coupure'), 15_000);
    await notReloaded(c);
    // The browser logs the cut stream and the attempts refused while cut; nothing else.
    assert.deepEqual(cutErrors.filter((e) => !/^console: Failed to load resource: net::ERR_[A-Z_]+$/.test(e)), []);
    await c.context().close();
  });

  it('logged no error in the pages', () => {
    assert.deepEqual(errors, []);
  });
});

/** A contact's editable fields (the PUT body), from its GET. */
function pick(contact: Record<string, unknown>): Record<string, unknown> {
  const fields = ['name', 'title', 'department', 'type', 'email', 'phone', 'mobile', 'fax', 'location'];
  return Object.fromEntries(fields.filter((f) => contact[f] !== undefined && contact[f] !== null).map((f) => [f, contact[f]]));
}
