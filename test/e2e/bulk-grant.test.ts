/**
 * Several contacts at once on the demo host page (issue 13, item 5), in
 * Chromium against the real reference server: three contacts ticked (one
 * without e-mail), "Donner l'accès aux contacts sélectionnés", one save; two
 * invitations land in the development mailbox and the third line says why it
 * did not go; once her address is typed, "Réessayer" sends hers, and nobody
 * gets a second one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, type RunningServer } from './harness.js';

const CLIENT = '8005551';
const PEOPLE = [
  { name: 'Aline Bulk', email: 'aline.bulk@example.com' },
  { name: 'Bruno Bulk', email: '' },
  { name: 'Chloé Bulk', email: 'chloe.bulk@example.com' },
];
const TYPED = 'bruno.bulk@example.com';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The contacts, created through the API as the demo staff user.
  const home = await fetch(`${server.base}/`);
  const cookie = home.headers.getSetCookie()[0]!.split(';')[0]!;
  for (const p of PEOPLE) {
    const res = await fetch(`${server.base}/api/v1/clients/${CLIENT}/contacts`, {
      method: 'POST',
      headers: { cookie, 'x-requested-with': 'bulk-grant-test', 'content-type': 'application/json' },
      body: JSON.stringify(p),
    });
    assert.equal(res.status, 201, await res.text());
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

async function mailsTo(address: string) {
  return (await server.mailbox()).filter((m) => m.to.includes(address));
}

/** A person's line in the dialog. */
function line(dialog: Locator, name: string): Locator {
  return dialog.getByRole('row').filter({ has: dialog.page().getByRole('rowheader', { name, exact: true }) });
}

describe('several contacts at once, on the demo page', () => {
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    page = await openPage(browser, server.base, errors);
  });

  it('ticks the three contacts, and the bulk button counts them', async () => {
    for (const p of PEOPLE) await (await visible(page.getByRole('checkbox', { name: `Sélectionner ${p.name}` }))).check();
    await visible(page.getByRole('button', { name: "Donner l'accès aux contacts sélectionnés (3)" }));
  });

  it('one save sends two invitations; the line without e-mail says why it did not go', async () => {
    await page.getByRole('button', { name: "Donner l'accès aux contacts sélectionnés (3)" }).click();
    const dialog = await visible(page.getByRole('dialog', { name: "Donner l'accès à 3 personnes" }));
    await visible(line(dialog, PEOPLE[0]!.name).getByText('Prête'));
    await dialog.getByRole('button', { name: 'Enregistrer et envoyer les courriels (3)' }).click();
    await visible(dialog.getByRole('status').filter({ hasText: '2 sur 3 envoyées, 1 en échec' }));
    await visible(line(dialog, PEOPLE[0]!.name).getByText('Envoyée'));
    await visible(line(dialog, PEOPLE[2]!.name).getByText('Envoyée'));
    await visible(line(dialog, PEOPLE[1]!.name).getByText("Aucune adresse courriel : entrez celle de cette personne pour l'inviter."));
    assert.equal((await mailsTo(PEOPLE[0]!.email)).length, 1);
    assert.equal((await mailsTo(PEOPLE[2]!.email)).length, 1);
    assert.equal((await server.mailbox()).length, 2);
  });

  it('"Réessayer" sends the failed line only: nobody gets a second invitation', async () => {
    const dialog = page.getByRole('dialog', { name: "Donner l'accès à 3 personnes" });
    await line(dialog, PEOPLE[1]!.name).getByRole('textbox', { name: `Adresse courriel ${PEOPLE[1]!.name}` }).fill(TYPED);
    await dialog.getByRole('button', { name: 'Réessayer les envois échoués (1)' }).click();
    await visible(dialog.getByRole('status').filter({ hasText: '3 sur 3 envoyées' }));
    await visible(line(dialog, PEOPLE[1]!.name).getByText('Envoyée'));
    assert.equal((await mailsTo(TYPED)).length, 1);
    assert.equal((await mailsTo(PEOPLE[0]!.email)).length, 1);
    assert.equal((await mailsTo(PEOPLE[2]!.email)).length, 1);
    assert.equal((await server.mailbox()).length, 3);
  });

  it('closing clears the selection; the table shows the invitations', async () => {
    const dialog = page.getByRole('dialog', { name: "Donner l'accès à 3 personnes" });
    await dialog.getByRole('button', { name: 'Fermer' }).first().click();
    await page.getByRole('button', { name: /Donner l'accès aux contacts sélectionnés/ }).waitFor({ state: 'detached' });
    for (const p of PEOPLE) assert.equal(await page.getByRole('checkbox', { name: `Sélectionner ${p.name}` }).isChecked(), false);
    const table = page.getByRole('table', { name: 'Contacts associés à ce client' });
    await visible(table.getByText('Invitation envoyée').nth(2));
    assert.deepEqual(errors, []);
  });
});
