/**
 * Errors are heard when they show (issue 11): read in Chromium's own
 * accessibility tree (CDP `Accessibility.getFullAXTree`). A field's error line
 * is a live region that is in the tree, empty, before the error is written;
 * the written error is inside it, once (no second copy for screen readers).
 * The elements' dialogs on the demo page (an error shown as a field is left:
 * the focus is already on the next field) and the server's pages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { PASSWORD_MIN_LENGTH } from '../../server/auth/passwords.js';
import { invitedContact, openPage, serverAndBrowser } from './harness.js';

const suite = serverAndBrowser();

interface AXValue {
  type: string;
  value?: unknown;
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  properties?: { name: string; value: AXValue }[];
  parentId?: string;
  backendDOMNodeId?: number;
}

async function cdp(page: Page): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Accessibility.enable');
  await session.send('DOM.enable');
  return session;
}

/** The `live` politeness of an AX node ('polite', 'assertive'), if it is in a live region. */
function liveOf(node: AXNode): string | undefined {
  const live = node.properties?.find((p) => p.name === 'live')?.value.value;
  return typeof live === 'string' && live !== 'off' ? live : undefined;
}

/**
 * The element `selector` (searched through shadow roots) as the accessibility
 * tree has it: in the tree (not ignored), and its live politeness.
 */
async function region(session: CDPSession, selector: string): Promise<{ inTree: boolean; live: string | undefined }> {
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const found = findDom(root, selector);
  assert.ok(found, `${selector} is in the DOM`);
  const { nodes } = (await session.send('Accessibility.getPartialAXTree', { backendNodeId: found.backendNodeId, fetchRelatives: false })) as {
    nodes: AXNode[];
  };
  const node = nodes.find((n) => n.backendDOMNodeId === found.backendNodeId);
  return { inTree: node !== undefined && !node.ignored, live: node ? liveOf(node) : undefined };
}

interface DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** A DOM node whose `id` attribute is `#id` (the only selector these tests need). */
function findDom(node: DomNode, selector: string): DomNode | undefined {
  const id = selector.replace(/^#/, '');
  const attrs = node.attributes ?? [];
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'id' && attrs[i + 1] === id) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const hit = findDom(child, selector);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Where `text` is in the accessibility tree: how many text nodes say it (all of it), and
 * the politeness of the live region each is in (undefined: none).
 */
async function heard(session: CDPSession, text: string): Promise<{ copies: number; live: (string | undefined)[] }> {
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const texts = nodes.filter((n) => !n.ignored && n.role?.value === 'StaticText' && String(n.name?.value ?? '').trim() === text);
  const live = texts.map((n) => {
    for (let at: AXNode | undefined = n; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      const politeness = liveOf(at);
      if (politeness) return politeness;
    }
    return undefined;
  });
  return { copies: texts.length, live };
}

/** Asserts that `text` shows once, inside a live region. */
async function assertHeardOnce(session: CDPSession, text: string): Promise<void> {
  let found = await heard(session, text);
  for (let i = 0; i < 50 && found.copies === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    found = await heard(session, text);
  }
  assert.equal(found.copies, 1, `"${text}" is in the accessibility tree once`);
  assert.ok(found.live[0] === 'polite' || found.live[0] === 'assertive', `"${text}" is in a live region (${found.live[0]})`);
}

describe('errors are announced when they show', () => {
  const errors: string[] = [];

  it('the contact dialog: the error shown as a field is left is in a live region that was there before', async () => {
    const page = await openPage(suite.browser, suite.server.base, errors);
    const session = await cdp(page);
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
    await dialog.waitFor();
    await dialog.getByLabel('Adresse courriel', { exact: true }).fill('mireille@');
    const before = await region(session, '#field-email-error');
    assert.deepEqual(before, { inTree: true, live: 'polite' }, 'the empty error line is a polite live region in the tree');
    await page.keyboard.press('Tab');
    await assertHeardOnce(session, 'Entrez une adresse courriel valide, par exemple nom@exemple.com.');
    await page.context().close();
  });

  it('the invitation page: the password error shown as the field is left', async () => {
    const { link } = await invitedContact(suite.server, 'Annonce Invitation', 'annonce.invitation@example.com');
    const page = await openPage(suite.browser, suite.server.base + link, errors);
    const session = await cdp(page);
    assert.deepEqual(await region(session, '#password-error'), { inTree: true, live: 'polite' });
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.keyboard.press('Tab');
    await assertHeardOnce(session, `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`);
    assert.equal(await page.getByLabel('Nouveau mot de passe').getAttribute('aria-invalid'), 'true');
    // The confirmation, changed and left: its own error, heard too.
    await page.getByLabel('Confirmez le mot de passe').fill('autre chose');
    await page.keyboard.press('Tab');
    await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
    await assertHeardOnce(session, 'Les deux mots de passe ne sont pas identiques.');
    await page.context().close();
  });

  it('the forgotten password page: the user code emptied and left', async () => {
    const page = await openPage(suite.browser, `${suite.server.base}/password-reset?lang=fr`, errors);
    const session = await cdp(page);
    assert.deepEqual(await region(session, '#user-code-error'), { inTree: true, live: 'polite' });
    await page.getByLabel("Code d'utilisateur").fill('x');
    await page.getByLabel("Code d'utilisateur").fill('');
    await page.keyboard.press('Tab');
    await assertHeardOnce(session, "Entrez votre code d'utilisateur.");
    await page.context().close();
  });

  it('the portal sign-in: its error line is an alert in the tree before the failed sign-in', async () => {
    const page = await openPage(suite.browser, `${suite.server.base}/portal?lang=fr`, errors);
    const session = await cdp(page);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.deepEqual(await region(session, '#sign-in-error'), { inTree: true, live: 'assertive' });
    await page.getByLabel("Code d'utilisateur").fill('personne');
    await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
    await page.getByLabel('Mot de passe').press('Enter');
    await assertHeardOnce(session, "Le code d'utilisateur ou le mot de passe est incorrect.");
    await page.context().close();
  });

  it('logged no error in the pages (but the failed sign-in\'s own 401)', () => {
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  });
});
