/**
 * A moment without the database (an instance restarting, a failover: issue
 * 14), on the demo page against the real server: the server answers 503 with
 * `Retry-After`, and the elements send a read or a creation again after it
 * (`RestBackend`'s retries), so the clerk sees no error and nothing is
 * created twice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'playwright-core';
import { openPage, serverAndBrowser, staffApi } from './harness.js';

const suite = serverAndBrowser();

describe('the database away for a moment', () => {
  it('a new contact saved meanwhile is created once, with no error shown, once the database is back', async () => {
    const errors: string[] = [];
    const page = await openPage(suite.browser, suite.server.base, errors);
    await page.getByRole('heading', { name: 'Contacts associés à ce client' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
    await dialog.getByLabel('Nom', { exact: true }).fill('Pendant la panne');
    await dialog.getByLabel('Adresse courriel', { exact: true }).fill('pendant.la.panne@hervedavid.com');

    const creations: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/contacts')) creations.push(r);
    });
    const isCreation = (r: Response) => r.request().method() === 'POST' && r.url().endsWith('/contacts');
    let bringBack = await suite.server.takeAwayDatabase();
    try {
      const refused = page.waitForResponse((r) => isCreation(r) && r.status() === 503, { timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      // SQLite: the write waits out the 5 s busy timeout first; PostgreSQL: at once.
      assert.equal((await (await refused).headerValue('retry-after')), '5');
      // Still saving, and nothing said of the 503.
      await page.waitForTimeout(500);
      assert.equal(await dialog.getByText(/erreur|injoignable/).count(), 0);
      assert.equal(await page.getByRole('alert').count(), 0);
      // What the clerk is told while the save waits to be sent again (3 s after the click).
      await dialog.getByRole('status').getByText("Toujours en cours… Le serveur met plus de temps que d'habitude à répondre.").waitFor({ timeout: 5_000 });
      await bringBack();
      bringBack = async () => {};
    } finally {
      await bringBack();
    }
    const created = page.waitForResponse((r) => isCreation(r) && r.status() === 201, { timeout: 10_000 });
    await page.locator('contact-dialog').getByRole('status').getByText('Enregistré avec succès').waitFor({ timeout: 10_000 });
    await created;

    assert.equal(creations.length, 2, 'sent twice: refused, then again');
    const keys = await Promise.all(creations.map((r) => r.headerValue('idempotency-key')));
    assert.equal(new Set(keys).size, 1, `one Idempotency-Key: ${keys.join(', ')}`);
    const call = await staffApi(suite.server);
    const found = await call('GET', '/clients/8005551/contacts?q=panne');
    assert.equal(found['total'], 1);
    assert.equal(await dialog.getByText(/erreur|injoignable/).count(), 0);
    assert.deepEqual(errors.filter((e) => !/503/.test(e)), []);
  });
});
