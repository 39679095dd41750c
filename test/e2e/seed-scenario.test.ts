/**
 * The seed article's scenario (SPEC.md, steps 1-9) on the demo host page, in
 * Chromium, against the real reference server and its SQLite database: once
 * with the mouse, once with the keyboard only and in English.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openPage, serverAndBrowser } from './harness.js';

const MIREILLE = {
  name: 'Mireille Couture',
  title: 'Responsable stock',
  department: 'Logistique',
  email: 'mireille.couture@hervedavid.com',
  phone: '521 1224 6321',
  mobile: '524 1478 1263',
  fax: '521 1582 1132',
};

const suite = serverAndBrowser();

/** Waits until `locator` is visible (Playwright's auto-wait, with a clearer failure). */
async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** The open contact dialog (the first open `<dialog>` of `<contact-dialog>`; role queries skip closed ones). */
function contactDialog(page: Page): Locator {
  return page.locator('contact-dialog').getByRole('dialog').first();
}

/** The open grant-access dialog, whatever its title ("Ajouter un utilisateur", then the contact's name). */
function grantDialog(page: Page): Locator {
  return page.locator('grant-access-dialog').getByRole('dialog');
}

async function mailsTo(address: string) {
  return (await suite.server.mailbox()).filter((m) => m.to.includes(address));
}

describe('the seed scenario with the mouse (French)', () => {
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    page = await openPage(suite.browser, suite.server.base, errors);
  });

  it('1. shows the empty contacts section of client 8005551', async () => {
    await visible(page.getByRole('heading', { name: 'Contacts associés à ce client' }));
    await visible(page.getByText('Ajoutez ou administrez ici les contacts associés à ce client'));
    const table = page.getByRole('table', { name: 'Contacts associés à ce client' });
    for (const column of ['Nom', 'Titre', 'Département', 'Type', 'Adresse courriel', 'Téléphone', 'Cellulaire', 'Télécopieur']) {
      await visible(table.getByRole('columnheader', { name: new RegExp(`^${column}`, 'i') }));
    }
    await visible(page.getByText("Aucun contact n'est encore associé à ce client."));
  });

  it('2-3. adds Mireille Couture with "+", and she appears in the table at once', async () => {
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Nouveau contact' }));
    // Nom is required: saving empty says so next to the field, and nothing is created.
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await visible(dialog.getByText('Ce champ est obligatoire.'));

    await dialog.getByLabel('Nom', { exact: true }).fill(MIREILLE.name);
    await dialog.getByLabel('Titre', { exact: true }).fill(MIREILLE.title);
    await dialog.getByLabel('Département', { exact: true }).fill(MIREILLE.department);
    await dialog.getByLabel('Type', { exact: true }).selectOption({ label: 'Opérations' });
    await dialog.getByLabel('Adresse courriel', { exact: true }).fill(MIREILLE.email);
    await dialog.getByLabel('Téléphone', { exact: true }).fill(MIREILLE.phone);
    await dialog.getByLabel('Cellulaire', { exact: true }).fill(MIREILLE.mobile);
    await dialog.getByLabel('Télécopieur', { exact: true }).fill(MIREILLE.fax);
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await visible(contactDialog(page).getByRole('status').getByText('Enregistré avec succès'));

    await contactDialog(page).getByRole('button', { name: 'Fermer', exact: true }).last().click();
    const row = page.getByRole('row', { name: new RegExp(MIREILLE.name) });
    await visible(row);
    for (const text of [MIREILLE.title, MIREILLE.department, 'Opérations', MIREILLE.email, MIREILLE.phone, MIREILLE.mobile, MIREILLE.fax, 'Aucun accès']) {
      await visible(row.getByText(text, { exact: true }));
    }
  });

  it('4-6. grants access: the invalid IP of the seed is refused, then a valid one and the branch are saved and the mail sent', async () => {
    await page.getByRole('button', { name: MIREILLE.name }).click();
    const contact = await visible(page.getByRole('dialog', { name: MIREILLE.name }));
    await visible(contact.getByLabel('Nom', { exact: true }));
    assert.equal(await contact.getByLabel('Nom', { exact: true }).inputValue(), MIREILLE.name);

    await contact.getByRole('button', { name: 'Accès', exact: true }).click();
    await visible(page.getByRole('dialog', { name: 'Ajouter un utilisateur' }));
    const grant = grantDialog(page);
    await visible(grant.getByText("Je veux donner un accès à un contact d'un client"));
    await visible(grant.getByText('Client (rôle du système)'));
    const person = grant.getByRole('combobox', { name: 'Entrer le nom ou le prénom et sélectionner la personne' });
    assert.equal(await person.inputValue(), MIREILLE.name);
    const userCode = grant.getByLabel("Code d'utilisateur", { exact: true });
    await visible(userCode);
    assert.equal(await userCode.inputValue(), '8005551216');
    assert.equal(await grant.getByLabel('Adresse courriel', { exact: true }).inputValue(), MIREILLE.email);

    const ips = grant.getByLabel("Limiter l'accès à cette adresse IP (optionnel)", { exact: true });
    await ips.fill('123.542.654.785');
    await grant.getByRole('button', { name: 'Enregistrer et envoyer un courriel' }).click();
    await visible(grant.getByText(/« 123\.542\.654\.785 »/));
    assert.equal(await ips.getAttribute('aria-invalid'), 'true');
    assert.equal((await mailsTo(MIREILLE.email)).length, 0, 'no mail for a refused form');

    await ips.fill('203.0.113.7, 10.20.0.0/16');
    await grant.getByLabel("Limiter l'accès à cette succursale (optionnel)", { exact: true }).selectOption({
      label: 'ACT BL Solutions - Actif Montréal',
    });
    await grant.getByRole('button', { name: 'Enregistrer et envoyer un courriel' }).click();
    // The grant dialog's own bubble (the contact dialog's may still show from its save).
    await visible(grant.getByRole('status').getByText('Enregistré avec succès'));
    // Now an existing access: FERMER and ENREGISTRER (no e-mail).
    await visible(grant.getByRole('button', { name: 'Enregistrer', exact: true }));

    const mails = await mailsTo(MIREILLE.email);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text, /8005551216/);
    assert.match(mails[0]!.text, /\/invitation\?token=[\w-]{40,}/);
  });

  it('7. reopening the contact shows the access; 8. the envelope re-sends the mail', async () => {
    await grantDialog(page).getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await grantDialog(page).waitFor({ state: 'detached' });
    await contactDialog(page).getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await contactDialog(page).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: MIREILLE.name }).click();
    const reopened = await visible(page.getByRole('dialog', { name: MIREILLE.name }));
    for (const text of ['Client (rôle du système)', '8005551216', '203.0.113.7', 'ACT BL Solutions - Actif Montréal', 'Invitation envoyée']) {
      await visible(reopened.getByText(text).first());
    }
    await reopened.getByRole('button', { name: 'Envoyer les informations de connexion' }).click();
    await visible(contactDialog(page).getByRole('status').getByText('Un courriel a été envoyé avec les informations de connexion'));

    const mails = await mailsTo(MIREILLE.email);
    assert.equal(mails.length, 2, 'the grant mail and the re-sent one');
    const token = (text: string) => /token=([\w-]+)/.exec(text)?.[1];
    assert.notEqual(token(mails[0]!.text), token(mails[1]!.text), 'the re-send carries a new link');
  });

  it('the table shows the new access state without a reload, and the page logged no error', async () => {
    await contactDialog(page).getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await visible(page.getByRole('row', { name: new RegExp(MIREILLE.name) }).getByText('Invitation envoyée'));
    assert.deepEqual(errors, []);
  });
});

describe('the scenario with the keyboard only (English)', () => {
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    page = await openPage(suite.browser, suite.server.base, errors);
  });

  /** Presses Tab until the focused element (deep, through shadow roots) matches `name`. */
  async function tabTo(name: RegExp, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        if (!el) return '';
        const aria = el.getAttribute('aria-label');
        if (aria) return aria;
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
        return (labelled ?? el.textContent ?? '').trim();
      });
      if (name.test(label)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('switches the page to English with the keyboard', async () => {
    await tabTo(/^EN$/);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { name: "Contacts of this client" }));
  });

  it('adds a contact, grants access and sends the invitation without the mouse', async () => {
    await tabTo(/^Add a contact$/);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog', { name: 'New contact' }));
    // Focus is in the first field.
    await page.keyboard.type('Jean Tremblay');
    await tabTo(/^E-mail address/);
    await page.keyboard.type('jean.tremblay@hervedavid.com');
    await page.keyboard.press('Enter');
    await visible(contactDialog(page).getByRole('status').getByText('Saved successfully'));

    await tabTo(/^Access$/);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog', { name: 'Add a user' }));
    const grant = grantDialog(page);
    assert.equal(await grant.getByLabel('E-mail address', { exact: true }).inputValue(), 'jean.tremblay@hervedavid.com');
    await tabTo(/^Limit access to this IP address/);
    await page.keyboard.type('123.542.654.785');
    await tabTo(/^Save and send an e-mail$/);
    await page.keyboard.press('Enter');
    await visible(grant.getByText(/“123\.542\.654\.785”|"123\.542\.654\.785"|«\s?123\.542\.654\.785\s?»/));
    // The error moved focus back to the field: fix it there.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2001:db8::/32');
    await tabTo(/^Save and send an e-mail$/);
    await page.keyboard.press('Enter');
    await visible(grant.getByRole('status').getByText('Saved successfully'));

    // Escape closes the grant dialog, then the contact dialog; focus comes back to the opener.
    await page.keyboard.press('Escape');
    await grant.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await contactDialog(page).waitFor({ state: 'detached' });
    const mails = await mailsTo('jean.tremblay@hervedavid.com');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /./);
    assert.deepEqual(errors, []);
  });
});
