/**
 * Issue 13, item 6, end to end on the demo page in Chromium against the real
 * server and its development mailbox: an access granted until a day shows
 * that day in the contact dialog; an access past its end shows "Accès
 * terminé" in the table and its person's sign-in on the portal is refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { invitedContact, mailTo, openPage, serverAndBrowser } from './harness.js';

const suite = serverAndBrowser();
const PASSWORD = 'une phrase de passe assez longue';

async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Opens the contact `name` from the table and returns its dialog. */
async function openContact(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name, exact: true }).click();
  return visible(page.getByRole('dialog', { name }));
}

describe('access for a limited time (French)', () => {
  const errors: string[] = [];

  it('grants access until a day: the invitation goes, and the contact dialog says until when', async () => {
    const name = 'Carole Contractuelle';
    const email = 'carole.contractuelle@example.com';
    const page = await openPage(suite.browser, suite.server.base, errors);
    // The contact, made with the "+" of the table.
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const created = await visible(page.getByRole('dialog', { name: 'Nouveau contact' }));
    await created.getByLabel('Nom', { exact: true }).fill(name);
    await created.getByLabel('Adresse courriel', { exact: true }).fill(email);
    await created.getByRole('button', { name: 'Enregistrer' }).click();
    const contact = page.locator('contact-dialog').getByRole('dialog').first();
    await visible(contact.getByRole('status').getByText('Enregistré avec succès'));

    await contact.getByRole('button', { name: 'Accès', exact: true }).click();
    await visible(page.getByRole('dialog', { name: 'Ajouter un utilisateur' }));
    // (Its title becomes the person's once she has an access.)
    const grant = page.locator('grant-access-dialog').getByRole('dialog');
    const end = grant.getByLabel("Accès valide jusqu'au (optionnel)", { exact: true });
    await visible(end);
    await end.fill('2020-01-15');
    await grant.getByRole('button', { name: 'Enregistrer et envoyer un courriel' }).click();
    await visible(grant.getByText("Cette date est passée. Choisissez aujourd'hui ou une date à venir, ou laissez le champ vide."));
    assert.equal((await suite.server.mailbox()).filter((m) => m.to.includes(email)).length, 0, 'nothing sent for a past day');

    await end.fill('2030-06-30');
    await grant.getByRole('button', { name: 'Enregistrer et envoyer un courriel' }).click();
    await visible(grant.getByRole('status').getByText('Enregistré avec succès'));
    await visible(grant.getByText(/Accès valide jusqu'au 30 juin 2030/));
    const userCode = await grant.getByLabel("Code d'utilisateur", { exact: true }).inputValue();
    await mailTo(suite.server, email, `Votre code d'utilisateur ${userCode} a été créé`);

    await grant.getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await grant.waitFor({ state: 'detached' });
    const summary = contact.locator('[part="access"]');
    await visible(summary.getByText("Accès valide jusqu'au"));
    await visible(summary.getByText(/30 juin 2030/));
  });

  it('an access past its end: "Accès terminé" in the table, and the portal refuses the sign-in', async () => {
    const name = 'Fabien Fini';
    const email = 'fabien.fini@example.com';
    const { userCode, link } = await invitedContact(suite.server, name, email);
    // She accepts the invitation, and signs in once.
    const invitation = await openPage(suite.browser, suite.server.base + link, errors);
    await invitation.getByLabel('Nouveau mot de passe').fill(PASSWORD);
    await invitation.getByLabel('Confirmez le mot de passe').fill(PASSWORD);
    await invitation.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await visible(invitation.locator('#done'));

    // Her access ended yesterday (written in the database: nobody waits a day).
    const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString();
    await suite.server.sql("UPDATE accesses SET access_expires_at = ? WHERE lower(user_code) = lower(?)", yesterday, userCode);

    const page = await openPage(suite.browser, suite.server.base, errors);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await visible(row.getByText('Accès terminé', { exact: true }));
    const dialog = await openContact(page, name);
    await visible(dialog.locator('[part="access"]').getByText('Accès terminé le'));

    const portal = await openPage(suite.browser, `${suite.server.base}/portal?lang=fr`, errors);
    await portal.getByLabel("Code d'utilisateur").fill(userCode);
    await portal.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await portal.getByRole('button', { name: 'Se connecter' }).click();
    await visible(portal.getByText("Votre accès au portail a pris fin. Adressez-vous à la personne qui vous l'a donné pour le prolonger."));
  });

  it('an access ending while the table is open: its row and the open contact dialog say so within seconds, with no reload', async () => {
    const name = 'Justine Juste';
    const { userCode, link } = await invitedContact(suite.server, name, 'justine.juste@example.com');
    const invitation = await openPage(suite.browser, suite.server.base + link, errors);
    await invitation.getByLabel('Nouveau mot de passe').fill(PASSWORD);
    await invitation.getByLabel('Confirmez le mot de passe').fill(PASSWORD);
    await invitation.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await visible(invitation.locator('#done'));

    const page = await openPage(suite.browser, suite.server.base, errors);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await visible(row.getByText('Actif', { exact: true }));
    const dialog = await openContact(page, name);
    // Her access ends in 3 s (written in the database, as an end saved long ago: no request tells it).
    const soon = new Date(Date.now() + 3_000).toISOString();
    await suite.server.sql('UPDATE accesses SET access_expires_at = ? WHERE lower(user_code) = lower(?)', soon, userCode);
    // The server tells it within 5 s of the end (its sweep), the page within 2 s of that.
    await visible(dialog.locator('[part="access"]').getByText('Accès terminé le'), 15_000);
    await dialog.getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await visible(row.getByText('Accès terminé', { exact: true }));
  });

  it('logged no error in the pages (but the refused sign-in\'s own 403)', () => {
    assert.deepEqual(
      errors.filter((e) => !/403/.test(e)),
      [],
    );
  });
});
