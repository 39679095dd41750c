/**
 * The pages a person meets, each in the state to check, in French or
 * English: the demo host page (also with the contact dialog showing an error,
 * and with the grant dialog), the invitation page (a live link), the
 * password-reset form and the portal, signed out and signed in. Read by the
 * pages' axe test (`pages-axe.test.ts`) and `npm run audit` (`bench/audit.ts`).
 *
 * The invitation page and the signed-in portal speak their client's language:
 * the French ones are of the demo client (8005551), the English ones of the
 * seed's English client (8005552).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { invitedContact, staffApi, type RunningServer } from './harness.js';

export type Language = 'fr' | 'en';
export const LANGUAGES: Language[] = ['fr', 'en'];

export const PAGE_STATES = [
  '/',
  '/ (contact dialog, an error shown)',
  '/ (grant dialog)',
  '/invitation',
  '/password-reset',
  '/portal (signed out)',
  '/portal (signed in)',
] as const;
export type PageState = (typeof PAGE_STATES)[number];

const CLIENTS = { fr: { code: '8005551', language: 'fr' }, en: { code: '8005552', language: 'en' } } as const;

/** The grant dialog's contact: in the demo client, no access yet. */
export const GRANT_CONTACT = 'Gilles Sansaccès';

const PASSWORD = 'une phrase de passe assez longue';

const TEXT = {
  fr: { add: 'Ajouter un contact', newContact: 'Nouveau contact', save: 'Enregistrer', required: 'Ce champ est obligatoire.', access: 'Accès', grant: 'Ajouter un utilisateur', userCode: "Code d'utilisateur", password: 'Mot de passe' },
  en: { add: 'Add a contact', newContact: 'New contact', save: 'Save', required: 'This field is required.', access: 'Access', grant: 'Add a user', userCode: 'User code', password: 'Password' },
};

export interface PageFixture {
  /** A live invitation link (path and query) per language. */
  invitation: Record<Language, string>;
  /** A contact who chose a password (signs in to the portal) per language. */
  member: Record<Language, { userCode: string; password: string }>;
}

/** The server's data for every state: invited contacts (one accepted per language) and the grant dialog's contact. */
export async function pageFixture(server: RunningServer): Promise<PageFixture> {
  const call = await staffApi(server);
  await call('POST', `/clients/${CLIENTS.fr.code}/contacts`, { name: GRANT_CONTACT, email: 'gilles.sansacces@example.com' });
  const invitation = {} as PageFixture['invitation'];
  const member = {} as PageFixture['member'];
  for (const language of LANGUAGES) {
    invitation[language] = (await invitedContact(server, `Invitée ${language}`, `invitee.${language}@example.com`, CLIENTS[language])).link;
    const joined = await invitedContact(server, `Membre ${language}`, `member.${language}@example.com`, CLIENTS[language]);
    const token = new URL(joined.link, server.base).searchParams.get('token');
    const res = await fetch(`${server.base}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'e2e-test' },
      body: JSON.stringify({ token, password: PASSWORD, passwordConfirmation: PASSWORD }),
    });
    assert.ok(res.ok, `accepting the ${language} invitation: ${res.status} ${await res.text()}`);
    member[language] = { userCode: joined.userCode, password: PASSWORD };
  }
  return { invitation, member };
}

/** The path Lighthouse loads for a state that a navigation reaches (the dialogs need clicks). */
export function statePath(fixture: PageFixture, state: PageState, language: Language): string | undefined {
  switch (state) {
    case '/':
      return '/';
    case '/invitation':
      return fixture.invitation[language];
    case '/password-reset':
      return `/password-reset?lang=${language}`;
    case '/portal (signed out)':
    case '/portal (signed in)':
      return `/portal?lang=${language}`;
    default:
      return undefined;
  }
}

/** The demo page in `language`, its table loaded (the language is the page's own switch, kept in localStorage). */
async function demo(page: Page, base: string, language: Language): Promise<void> {
  await page.goto(`${base}/`);
  const lang = await page.evaluate(() => document.documentElement.lang);
  if ((language === 'en') !== (lang === 'en')) await page.getByRole('button', { name: language.toUpperCase(), exact: true }).click();
  await page.getByRole('button', { name: GRANT_CONTACT }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: TEXT[language].add }).waitFor();
}

/** Opens `state` in `page` and waits until it is drawn. */
export async function openState(page: Page, base: string, fixture: PageFixture, state: PageState, language: Language): Promise<void> {
  const t = TEXT[language];
  // Each state from no session: the demo page signs in as staff, the contact's pages are seen without that session.
  await page.context().clearCookies();
  switch (state) {
    case '/':
      await demo(page, base, language);
      break;
    case '/ (contact dialog, an error shown)': {
      await demo(page, base, language);
      await page.getByRole('button', { name: t.add }).click();
      const dialog = page.getByRole('dialog', { name: t.newContact });
      await dialog.getByRole('button', { name: t.save, exact: true }).click();
      await dialog.getByText(t.required).first().waitFor();
      break;
    }
    case '/ (grant dialog)':
      await demo(page, base, language);
      await page.getByRole('button', { name: GRANT_CONTACT }).click();
      await page.getByRole('dialog', { name: GRANT_CONTACT }).getByRole('button', { name: t.access, exact: true }).click();
      await page.getByRole('dialog', { name: t.grant }).getByLabel(t.userCode, { exact: true }).waitFor();
      break;
    case '/portal (signed in)':
      await page.goto(base + statePath(fixture, state, language)!);
      await page.locator('#sign-in').waitFor({ state: 'visible' });
      await page.getByLabel(t.userCode).fill(fixture.member[language].userCode);
      await page.getByLabel(t.password, { exact: true }).fill(fixture.member[language].password);
      await page.getByLabel(t.password, { exact: true }).press('Enter');
      await page.locator('#portal').waitFor({ state: 'visible' });
      break;
    case '/portal (signed out)':
      await page.goto(base + statePath(fixture, state, language)!);
      await page.locator('#sign-in').waitFor({ state: 'visible' });
      break;
    default:
      await page.goto(base + statePath(fixture, state, language)!);
      await page.locator('.card').first().waitFor();
  }
  await page.evaluate(() => document.fonts.ready);
}
