/**
 * Forced colours (Windows High Contrast) on the server's pages (issue 11):
 * the system's colours replace the tokens, and what tells a state stays
 * visible — the card's border, the focus ring on a field and on a button, the
 * error text and the invalid field's border, the buttons' borders. The
 * computed styles are compared with the system colours (Canvas, CanvasText,
 * Highlight, ButtonText) as Chromium resolves them in the same page. In
 * Chromium (`forcedColors: 'active'`) against the real server (demo mode).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { invitedContact, serverAndBrowser } from './harness.js';

const suite = serverAndBrowser();

type SystemColour = 'Canvas' | 'CanvasText' | 'Highlight' | 'ButtonText';

/** A system colour as this page computes it (a probe element, styled by the CSSOM, which the pages' CSP allows). */
async function system(page: Page, name: SystemColour): Promise<string> {
  return page.evaluate((colour) => {
    const probe = document.createElement('span');
    probe.style.color = colour;
    document.body.append(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  }, name);
}

/** The computed border, outline and colours of the first element `selector` matches. */
async function look(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      border: { style: s.borderTopStyle, width: Number.parseFloat(s.borderTopWidth), colour: s.borderTopColor },
      outline: { style: s.outlineStyle, width: Number.parseFloat(s.outlineWidth), colour: s.outlineColor },
      colour: s.color,
      background: s.backgroundColor,
      height: el.getBoundingClientRect().height,
    };
  });
}

/** A border or outline that shows: drawn, at least `width` px, in `colour`. */
function drawn(line: { style: string; width: number; colour: string }, colour: string, what: string, width = 1) {
  assert.ok(line.style !== 'none' && line.style !== 'hidden', `${what}: drawn (${line.style})`);
  assert.ok(line.width >= width, `${what}: ${line.width} px, at least ${width}`);
  assert.equal(line.colour, colour, `${what}: in the system colour`);
}

/** Tabs until `selector` has the focus (at most 20 presses): the keyboard's focus, so :focus-visible applies. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 20; i++) {
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('forced colours on the server pages', () => {
  let context: BrowserContext;
  let link: string;

  before(async () => {
    link = (await invitedContact(suite.server, 'Fanny Forcée', 'forced.colours@example.com')).link;
    context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, forcedColors: 'active' });
  });

  for (const [name, path, field, button] of [
    ['the invitation page', () => link, '#password', '#submit'],
    ['the password-reset form', () => '/password-reset?lang=fr', '#user-code', '#submit'],
    ['the portal', () => '/portal?lang=fr', '#user-code', '#sign-in .primary'],
  ] as const) {
    it(`${name}: the card's border, the focus ring on a field and on the button, the button's border`, async () => {
      const page = await context.newPage();
      await page.goto(suite.server.base + path());
      await page.locator(`${field}:visible`).waitFor();
      const [canvasText, highlight, buttonText] = [await system(page, 'CanvasText'), await system(page, 'Highlight'), await system(page, 'ButtonText')];
      assert.notEqual(canvasText, await system(page, 'Canvas'), 'forced colours are on');

      drawn((await look(page, '.card')).border, canvasText, "the card's border");
      drawn((await look(page, button)).border, buttonText, "the button's border");
      drawn((await look(page, field)).border, canvasText, "the field's border");

      await tabTo(page, field);
      drawn((await look(page, field)).outline, highlight, 'the focus ring on the field', 2);
      await tabTo(page, button);
      drawn((await look(page, button)).outline, highlight, 'the focus ring on the button', 2);
      await page.close();
    });
  }

  it("the demo page: the chosen language and the current tab keep their mark (not a background or a shadow, which forced colours drop)", async () => {
    const page = await context.newPage();
    await page.goto(suite.server.base + '/');
    await page.locator('.lang-switch button[aria-pressed="true"]').waitFor();
    const highlight = await system(page, 'Highlight');
    const chosen = await look(page, '.lang-switch button[aria-pressed="true"]');
    const other = await look(page, '.lang-switch button[aria-pressed="false"]');
    assert.equal(chosen.background, highlight, 'the chosen language');
    assert.notEqual(other.background, highlight, 'the other language');
    const tab = await page.locator('.tabs [aria-current="page"]').evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.borderBottomStyle, width: Number.parseFloat(s.borderBottomWidth), colour: s.borderBottomColor };
    });
    drawn(tab, highlight, 'the current tab', 2);
    await page.close();
  });

  it("the invitation page's errors: the text shows in the text colour, the invalid field's border is thicker and dashed", async () => {
    const page = await context.newPage();
    await page.goto(suite.server.base + link);
    await page.locator('#submit').click();
    await page.locator('#password-error:not(:empty)').waitFor();
    const [canvas, canvasText] = [await system(page, 'Canvas'), await system(page, 'CanvasText')];

    const error = await look(page, '#password-error');
    assert.equal(error.colour, canvasText, 'the error text');
    assert.notEqual(error.colour, error.background === 'rgba(0, 0, 0, 0)' ? canvas : error.background);
    assert.ok(error.height > 0, 'the error line takes room');
    assert.match((await page.locator('#password-error').evaluate((el) => getComputedStyle(el, '::before').content)), /⚠/, "the ⚠ tells it is an error, not the colour");

    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    // Away from the field (the submit put the focus on it: a focused field's border is Chromium's own).
    await page.locator('h1').click();
    const invalid = await look(page, '#password');
    drawn(invalid.border, canvasText, "the invalid field's border", 2);
    assert.equal(invalid.border.style, 'dashed', "the invalid field's border is dashed");
    const valid = await look(page, '.field input:not([aria-invalid="true"])');
    assert.notEqual(valid.border.style, 'dashed', 'a valid field is not');
    await page.close();
  });
});
