/**
 * The table's search and access filter, end to end on the demo page in
 * Chromium against the real server (both engines: the status filter's search
 * reads the search index's rows of the contacts with an access, kept by
 * triggers on the accesses). By keyboard, as a clerk does: a search typed,
 * then a state picked, then the e-mail order; the rows shown are the ones the
 * rule gives, computed here from the client's whole list. An access granted
 * and sent through the API meanwhile shows in its state at the next search.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Contact, ContactPage } from '../../src/api/types.js';
import { emailKey, nameKey } from '../../server/text.js';
import { openPage, serverAndBrowser, staffApi } from './harness.js';

const suite = serverAndBrowser();
/** The seed's English client: about fifty contacts, some with an access in each state. */
const CLIENT = '8005552';

/** The names in the table's rows, once they stop changing and equal `expected` (or after 10 s). */
async function rowsBecome(page: Page, expected: string[]): Promise<string[]> {
  const names = () => page.locator('client-contacts').getByRole('rowheader').allTextContents();
  let shown: string[] = [];
  for (let i = 0; i < 100; i++) {
    shown = (await names()).map((n) => n.trim());
    if (JSON.stringify(shown) === JSON.stringify(expected)) return shown;
    await page.waitForTimeout(100);
  }
  return shown;
}

/** The contacts of `all` that `q` matches by the rule, in `status`, in name or e-mail order either way (ties by id). */
function expected(all: Contact[], q: string, status: string, sort: 'name' | 'email' | '-email'): string[] {
  const key = (c: Contact) => (sort === 'name' ? nameKey(c.name) : emailKey(c.email));
  const found = all
    .filter((c) => c.accessStatus === status && (` ${nameKey(c.name)}`.includes(` ${nameKey(q)}`) || emailKey(c.email).startsWith(emailKey(q))))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id)))
    .map((c) => c.name);
  return sort === '-email' ? found.reverse() : found;
}

describe('the search and the access filter (French)', () => {
  const errors: string[] = [];

  it('shows by keyboard the contacts a search and a state give, in name and in e-mail order, an access sent meanwhile included', async () => {
    const call = await staffApi(suite.server);
    const everyone = async () => ((await call('GET', `/clients/${CLIENT}/contacts?limit=500`)) as unknown as ContactPage).items;
    const page = await openPage(suite.browser, suite.server.base, errors);
    // The host's page turns to another client, as an ERP's does.
    await page.locator('client-contacts').evaluate((table, client) => table.setAttribute('client-id', client), CLIENT);
    const all = await everyone();
    assert.ok(all.length > 40, `the seed's client has its contacts (${all.length})`);
    await rowsBecome(page, all.slice(0, 5).map((c) => c.name));

    // A letter an invited contact matches; one that several contacts without access match.
    const letters = [...'abcdefghijklmnopqrstuvwxyz'];
    const q1 = letters.find((l) => expected(all, l, 'invited', 'name').length > 0)!;
    const q = letters.find((l) => expected(all, l, 'none', 'name').length > 2)!;
    assert.ok(q1 && q, 'the seed has such letters');
    const filter = page.getByLabel('Filtrer les contacts', { exact: true });
    await filter.focus();
    await page.keyboard.type(q1);
    await page.keyboard.press('Tab');
    // "État de l'accès": Tous les états, Aucun accès, Invitation envoyée, …
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const invited = expected(all, q1, 'invited', 'name');
    assert.deepEqual(await rowsBecome(page, invited), invited, `"${q1}", invited`);

    await page.keyboard.press('ArrowUp');
    await filter.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(q);
    const none = expected(all, q, 'none', 'name');
    assert.deepEqual(await rowsBecome(page, none), none, `"${q}", no access`);

    // The e-mail order, descending (the addresses of the seed sort as its names), by its column's sort button.
    const sortByEmail = page.locator('client-contacts').getByRole('button', { name: /Adresse courriel/ });
    await sortByEmail.press('Enter');
    await rowsBecome(page, expected(all, q, 'none', 'email'));
    await sortByEmail.press('Enter');
    const byEmail = expected(all, q, 'none', '-email');
    assert.deepEqual(await rowsBecome(page, byEmail), byEmail, `"${q}", no access, by e-mail`);

    // An access granted and sent through the API meanwhile (an access written: its contact's search rows marked).
    const granted = all.find((c) => c.accessStatus === 'none' && byEmail.includes(c.name))!;
    await call('PUT', `/clients/${CLIENT}/contacts/${granted.id}/access`, { userCode: `${CLIENT}-E2E`, email: granted.email }, { 'if-match': '"0"' });
    await call('POST', `/clients/${CLIENT}/contacts/${granted.id}/access/invitation`, {});
    await page.getByLabel("État de l'accès", { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    const now = await everyone();
    const after = expected(now, q, 'invited', '-email');
    assert.ok(after.includes(granted.name), `${granted.name} is invited now`);
    assert.deepEqual(await rowsBecome(page, after), after, `"${q}", invited, by e-mail, with the access just sent`);
    assert.deepEqual(errors, []);
  });
});
