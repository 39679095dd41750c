/**
 * The server's pages and the demo host page wear the elements' design tokens
 * (src/internal/tokens.ts, served as /assets/tokens.css): light, dark by the
 * system's colour scheme, high contrast under prefers-contrast: more; and at
 * 320 px none of them, nor the dialogs, scrolls sideways (issue 11). In
 * Chromium against the real server (demo mode).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TOKENS } from '../../src/internal/tokens.js';
import { invitedContact, serverAndBrowser } from './harness.js';

const suite = serverAndBrowser();

const token = (name: string) => TOKENS.find((t) => t.name === name)!;

/** `#rrggbb` as the browser writes a computed colour. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The computed colours that tell the theme: the page's background and a card's (or the demo's card). */
async function colours(page: Page) {
  return page.evaluate(() => {
    const card = document.querySelector('.card')!;
    return {
      body: getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)'
        ? getComputedStyle(document.documentElement).backgroundColor
        : getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(card).backgroundColor,
      border: getComputedStyle(card).borderTopColor,
    };
  });
}

async function noSidewaysScroll(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what}: ${scroll} px wide in a ${client} px window`);
}

describe('themes and narrow screens of the pages', () => {
  let pages: Record<string, string>;

  before(async () => {
    const { link } = await invitedContact(suite.server, 'Thème Sombre', 'theme.sombre@example.com');
    pages = {
      '/': '/',
      '/invitation': link,
      '/password-reset': '/password-reset?lang=fr',
      '/portal': '/portal?lang=fr',
    };
  });

  for (const [scheme, contrast, pick] of [
    ['light', 'no-preference', (name: string) => token(name).value],
    ['dark', 'no-preference', (name: string) => token(name).dark!],
    ['light', 'more', (name: string) => token(name).contrast!],
    ['dark', 'more', (name: string) => token(name).contrastDark!],
  ] as const) {
    it(`${scheme}${contrast === 'more' ? ', high contrast' : ''}: the tokens' surfaces and borders on every page`, async () => {
      const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, contrast });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(suite.server.base + path);
        await page.locator('.card').first().waitFor();
        const seen = await colours(page);
        assert.equal(seen.card, rgb(pick('color-surface')), `${name}: the card's background`);
        assert.equal(seen.body, rgb(pick('color-surface-alt')), `${name}: the page's background`);
        assert.equal(seen.border, rgb(pick('color-border')), `${name}: the card's border`);
      }
      await context.close();
    });
  }

  it('at 320 px, no page scrolls sideways, nor the demo page with a dialog open', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 320, height: 640 } });
    let page = await context.newPage();
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(suite.server.base + path);
      await page.locator('.card').first().waitFor();
      // Not 'networkidle': the demo page keeps its live event stream open.
      await page.waitForLoadState('load');
      if (path === '/') await page.getByRole('button', { name: 'Ajouter un contact' }).waitFor({ timeout: 60_000 });
      await page.evaluate(() => document.fonts.ready);
      await noSidewaysScroll(page, name);
    }
    await context.close();
    // The demo page in a fresh window, as a person opens it.
    const demo = await suite.browser.newContext({ viewport: { width: 320, height: 640 } });
    page = await demo.newPage();
    await page.goto(suite.server.base + '/');
    await page.getByRole('button', { name: 'Ajouter un contact' }).click({ timeout: 90_000 });
    await page.getByRole('dialog', { name: 'Nouveau contact' }).waitFor({ timeout: 60_000 });
    await noSidewaysScroll(page, 'the contact dialog');
    const dialogBox = (await page.getByRole('dialog', { name: 'Nouveau contact' }).boundingBox())!;
    assert.ok(dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 320, `the contact dialog fits: ${JSON.stringify(dialogBox)}`);
    await demo.close();
  });

  it('at 320 px, the grant dialog of a contact just added fits: no sideways scroll, every field and button in view and whole', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(suite.server.base + '/');
    await page.getByRole('button', { name: 'Ajouter un contact' }).click({ timeout: 90_000 });
    const contact = page.getByRole('dialog', { name: 'Nouveau contact' });
    await contact.getByLabel('Nom', { exact: true }).fill('Étroite Largeur');
    await contact.getByLabel('Adresse courriel', { exact: true }).fill('etroite.largeur@example.com');
    await contact.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const saved = page.getByRole('dialog', { name: 'Étroite Largeur' });
    await saved.getByRole('button', { name: 'Accès', exact: true }).click();
    const grant = page.getByRole('dialog', { name: 'Ajouter un utilisateur' });
    await grant.getByLabel("Code d'utilisateur", { exact: true }).waitFor();
    await page.evaluate(() => document.fonts.ready);

    await noSidewaysScroll(page, 'the grant dialog');
    const box = (await grant.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 320 && box.y >= 0 && box.y + box.height <= 640, `the grant dialog fits in the window: ${JSON.stringify(box)}`);
    const controls = grant.locator('input:visible, select:visible, textarea:visible, button:visible');
    const count = await controls.count();
    assert.ok(count >= 6, `${count} controls`);
    for (let i = 0; i < count; i++) {
      const control = controls.nth(i);
      await control.scrollIntoViewIfNeeded();
      const name = (await control.getAttribute('aria-label')) ?? (await control.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() || el.textContent?.trim() || el.id));
      const at = (await control.boundingBox())!;
      assert.ok(at.x >= box.x && at.x + at.width <= box.x + box.width + 0.5, `${name}: inside the dialog (${JSON.stringify(at)})`);
      assert.ok(at.y >= 0 && at.y + at.height <= 640, `${name}: in the window once scrolled to (${JSON.stringify(at)})`);
      const cut = await control.evaluate((el) => el.localName === 'button' && el.scrollWidth > el.clientWidth + 1);
      assert.equal(cut, false, `${name}: its label is whole`);
    }
    await context.close();
  });
});
