/**
 * Several contacts at once on the demo host page (issue 13, item 5), in
 * Chromium against the real reference server: three contacts ticked (one
 * without e-mail), "Donner l'accès aux contacts sélectionnés", one save; two
 * invitations land in the development mailbox and the third line says why it
 * did not go; once her address is typed, "Réessayer" sends hers, and nobody
 * gets a second one.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openPage, serverAndBrowser } from './harness.js';

const CLIENT = '8005551';
const PEOPLE = [
  { name: 'Aline Bulk', email: 'aline.bulk@example.com' },
  { name: 'Bruno Bulk', email: '' },
  { name: 'Chloé Bulk', email: 'chloe.bulk@example.com' },
];
const TYPED = 'bruno.bulk@example.com';

const suite = serverAndBrowser();

/** The contacts, created through the API as the demo staff user (the demo page's sign-in). */
async function createContacts(): Promise<void> {
  const { base } = suite.server;
  const cookie = (await fetch(`${base}/`)).headers.getSetCookie()[0]!.split(';')[0]!;
  for (const p of PEOPLE) {
    const res = await fetch(`${base}/api/v1/clients/${CLIENT}/contacts`, {
      method: 'POST',
      headers: { cookie, 'x-requested-with': 'e2e-test', 'content-type': 'application/json' },
      body: JSON.stringify(p),
    });
    assert.equal(res.status, 201, await res.text());
  }
}

async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** The development mailbox once it holds `n` mails (some leave just after the answer), by recipient. */
async function mailbox(n: number): Promise<Map<string, number>> {
  let mails = await suite.server.mailbox();
  for (let i = 0; i < 100 && mails.length < n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    mails = await suite.server.mailbox();
  }
  // A little longer: a second invitation to anyone would show too.
  await new Promise((r) => setTimeout(r, 300));
  mails = await suite.server.mailbox();
  const byRecipient = new Map<string, number>();
  for (const m of mails) byRecipient.set(m.to, (byRecipient.get(m.to) ?? 0) + 1);
  return byRecipient;
}

function recipients(box: Map<string, number>): string[] {
  return [...box.keys()].map((to) => `${PEOPLE.concat({ name: '', email: TYPED }).find((p) => p.email && to.includes(p.email))?.email ?? to} × ${box.get(to)}`).sort();
}

/** A person's line in the dialog. */
function line(dialog: Locator, name: string): Locator {
  return dialog.getByRole('row').filter({ has: dialog.page().getByRole('rowheader', { name, exact: true }) });
}

describe('several contacts at once, on the demo page', () => {
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    await createContacts();
    page = await openPage(suite.browser, suite.server.base, errors);
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
    assert.deepEqual(recipients(await mailbox(2)), [`${PEOPLE[0]!.email} × 1`, `${PEOPLE[2]!.email} × 1`]);
  });

  it('"Réessayer" sends the failed line only: nobody gets a second invitation', async () => {
    const dialog = page.getByRole('dialog', { name: "Donner l'accès à 3 personnes" });
    await line(dialog, PEOPLE[1]!.name).getByRole('textbox', { name: `Adresse courriel ${PEOPLE[1]!.name}` }).fill(TYPED);
    await dialog.getByRole('button', { name: 'Réessayer les envois échoués (1)' }).click();
    await visible(dialog.getByRole('status').filter({ hasText: '3 sur 3 envoyées' }));
    await visible(line(dialog, PEOPLE[1]!.name).getByText('Envoyée'));
    assert.deepEqual(recipients(await mailbox(3)), [`${PEOPLE[0]!.email} × 1`, `${TYPED} × 1`, `${PEOPLE[2]!.email} × 1`].sort());
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
