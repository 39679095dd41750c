/**
 * The development mailbox shows a mail as the contact sees it: the HTML part
 * in a sandboxed frame (checked in headless Chromium under the page's CSP),
 * the text part, the headers as built (DKIM signature included), in the
 * mail's language; and every template in both languages.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { Access, Contact } from '../../src/api/types.js';
import { CHROME_ARGS, findChrome } from '../../test/find-chrome.mjs';
import type { MailboxEntry } from '../routes/dev.js';
import { REFERENCE_CLIENT, type TestServer, startServer } from './harness.js';

describe('development mailbox', () => {
  let server: TestServer;
  let browser: Browser;
  let mail: MailboxEntry;
  before(async () => {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    server = await startServer({
      mailReplyTo: 'support@actbl.example',
      dkim: { domainName: 'actbl.example', keySelector: 'dev', privateKey },
    });
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS.filter((a) => a !== '--headless=new') });
    const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, {
      json: { name: 'Zoé <b>Gras</b>', email: 'zoe@example.com' },
    });
    const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const res = await server.request('PUT', access, { json: { userCode: code, email: 'zoe@example.com', sendInvitation: true } });
    assert.equal(res.status, 200);
    mail = (await server.request<{ items: MailboxEntry[] }>('GET', '/dev/mailbox.json')).body.items[0]!;
  });
  after(async () => {
    await browser?.close();
    await server.close();
  });

  it('keeps the headers as built: Message-ID, Date, Auto-Submitted, Reply-To, DKIM-Signature', () => {
    const names = mail.headers.map(([name]) => name);
    for (const name of ['From', 'To', 'Reply-To', 'Subject', 'Message-ID', 'Date', 'Auto-Submitted', 'DKIM-Signature']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    assert.equal(mail.headers.find(([n]) => n === 'Auto-Submitted')?.[1], 'auto-generated');
    assert.match(mail.headers.find(([n]) => n === 'DKIM-Signature')?.[1] ?? '', /d=actbl\.example; .*s=dev/);
    assert.equal(mail.status, 'sent');
  });

  it('shows the HTML part in a sandboxed frame that renders under the page CSP, with the text part and the headers', async () => {
    const res = await server.request('GET', '/dev/mailbox');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /script-src/);
    assert.match(res.text, /<iframe title="HTML part: [^"]*" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="/);
    assert.doesNotMatch(res.text, /<b>Gras/);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
    try {
      await page.goto(`${server.base}/dev/mailbox`);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      assert.ok(frame, 'the frame is there');
      await frame.waitForLoadState();
      const greeting = await frame.evaluate(() => document.body.innerText);
      assert.match(greeting, /Bonjour Zoé <b>Gras<\/b>,/, 'the name shows as text in the rendered mail');
      assert.equal(await frame.evaluate(() => document.documentElement.lang), 'fr');
      const button = frame.getByRole('link', { name: 'Établir mon mot de passe' });
      assert.equal(await button.getAttribute('href'), mail.links[0]);
      // Sandboxed: an opaque origin, no script (this evaluate runs as the test, not as the page).
      assert.equal(await frame.evaluate(() => window.origin), 'null');
      assert.ok(await page.getByText('Auto-Submitted').isVisible() === false, 'headers folded away');
      await page.getByText('Headers').click();
      assert.ok(await page.getByRole('rowheader', { name: 'Auto-Submitted' }).isVisible());
      assert.ok(await page.getByText(mail.links[0]!, { exact: true }).first().isVisible(), 'the text part with its link');
      assert.deepEqual(problems.filter((p) => /Content Security Policy|Refused/.test(p)), []);
    } finally {
      await page.close();
    }
  });

  it('shows every template in French and English at /dev/mail-templates', async () => {
    const res = await server.request('GET', '/dev/mail-templates');
    assert.equal(res.status, 200);
    for (const subject of [
      'Votre code d&#39;utilisateur 8005551216 a été créé',
      'Your user code 8005551216 has been created',
      'Vos informations de connexion',
      'Your sign-in details',
      'Réinitialisation de votre mot de passe',
      'Resetting your password',
      'Votre nouveau lien d’invitation',
      'Your new invitation link',
    ]) {
      assert.ok(res.text.includes(subject), subject);
    }
    assert.equal(res.text.match(/<iframe /g)?.length, 8);
  });
});
