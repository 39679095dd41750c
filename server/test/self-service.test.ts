/**
 * Issue 13, items 2 and 3, over a real SMTP server: the forgotten password
 * (`POST /password-resets`) and the new link from a dead invitation link
 * (`POST /invitations/renew`). The mails go to the address on file, in the
 * client's language, with a single-use link to the invitation page.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Access, AuditEvent, Contact, Problem } from '../../src/api/types.js';
import { drainBackground } from '../services/self-service.js';
import { Agent, GOOD_PASSWORD } from './agents.js';
import { BROWSING_CLIENT, REFERENCE_CLIENT, type TestServer, snapshot, startServer } from './harness.js';
import { assertNoInlineScript, assertPageHeaders } from './page-checks.js';
import { type Sink, header, part, startSink, tokenIn } from './smtp-sink.js';

const NEW_PASSWORD = 'Gaspésie à vélo en juillet';
const RESET_TTL_MINUTES = 30;

describe('self-service links over real SMTP', () => {
  let sink: Sink;
  let server: TestServer;
  let serial = 0;

  before(async () => {
    sink = await startSink();
    server = await startServer({ smtpUrl: sink.url, passwordResetTtlMinutes: RESET_TTL_MINUTES });
  });
  after(async () => {
    await server.close();
    await sink.close();
  });
  beforeEach(async () => {
    // Every test starts with the mails of the one before delivered, and an empty throttle.
    await drainBackground(server.app.ctx);
    await server.db.all('DELETE FROM login_throttle');
  });

  /** The mails received since `from`, once the background work is done. */
  async function mailsSince(from: number) {
    await drainBackground(server.app.ctx);
    return sink.received.slice(from);
  }

  /** A contact of `client` invited by the service token; its link's token from the mail. */
  async function invited(client: string) {
    serial++;
    const email = `libre.${serial}@example.com`;
    const created = await server.request<Contact>('POST', `/api/v1/clients/${client}/contacts`, { json: { name: `Libre Service ${serial}`, email } });
    const base = `/api/v1/clients/${client}/contacts/${created.body.id}`;
    const userCode = `libre${serial}-${created.body.id}`;
    const from = sink.received.length;
    const saved = await server.request<Access>('PUT', `${base}/access`, { json: { userCode, email, sendInvitation: true } });
    assert.equal(saved.status, 200, saved.text);
    const [mail] = await mailsSince(from);
    assert.ok(mail);
    return { base, email, userCode, token: tokenIn(part(mail.raw, 'text/plain')) };
  }

  /** An invited contact that accepted and is signed in. */
  async function active(client: string) {
    const contact = await invited(client);
    const accepted = await new Agent(server).request('POST', '/api/v1/invitations/accept', { json: { token: contact.token, password: GOOD_PASSWORD } });
    assert.equal(accepted.status, 204);
    const agent = new Agent(server);
    assert.equal((await agent.signIn(contact.userCode, GOOD_PASSWORD)).status, 200);
    return { ...contact, agent };
  }

  const ask = (userCode: unknown, headers: Record<string, string> = {}) =>
    new Agent(server, headers).request<{ detail: string } & Problem>('POST', '/api/v1/password-resets', { json: { userCode } });
  const renew = (token: unknown) => new Agent(server).request<{ detail: string } & Problem>('POST', '/api/v1/invitations/renew', { json: { token } });
  const page = (token: string) => server.request('GET', `/invitation?token=${token}`, { anonymous: true });

  describe('forgotten password', () => {
    it('mails a single-use link to the address on file, in the client\'s language; the new password ends every session', async () => {
      for (const [client, subject, title] of [
        [REFERENCE_CLIENT, 'Réinitialisation de votre mot de passe', 'Choisissez un nouveau mot de passe'],
        [BROWSING_CLIENT, 'Resetting your password', 'Choose a new password'],
      ] as const) {
        const contact = await active(client);
        const from = sink.received.length;
        const res = await ask(` ${contact.userCode.toUpperCase()} `);
        assert.equal(res.status, 202, res.text);
        const [mail, extra] = await mailsSince(from);
        assert.ok(mail, 'a mail');
        assert.equal(extra, undefined, 'one mail');
        assert.deepEqual(mail.to, [contact.email]);
        assert.equal(header(mail.raw, 'Subject'), subject);
        const token = tokenIn(part(mail.raw, 'text/plain'));

        const form = await page(token);
        assert.equal(form.status, 200);
        assert.match(form.text, new RegExp(`<h1 id="title">${title}</h1>`));
        const accepted = await new Agent(server).request('POST', '/api/v1/invitations/accept', { json: { token, password: NEW_PASSWORD } });
        assert.equal(accepted.status, 204, accepted.text);

        assert.equal((await contact.agent.request('GET', '/api/v1/session')).status, 401, 'the session ended');
        assert.equal((await new Agent(server).signIn(contact.userCode, GOOD_PASSWORD)).status, 401, 'the old password is gone');
        assert.equal((await new Agent(server).signIn(contact.userCode, NEW_PASSWORD)).status, 200);
        assert.equal((await page(token)).status, 410, 'single use');
      }
    });

    it('answers an unknown user code, a staff user or an access not accepted yet exactly as an active one, and mails nothing', async () => {
      const contact = await active(REFERENCE_CLIENT);
      const pending = await invited(REFERENCE_CLIENT);
      const known = await ask(contact.userCode);
      await drainBackground(server.app.ctx);
      for (const userCode of ['personne-9999', 'demo', pending.userCode]) {
        const from = sink.received.length;
        const before = await snapshot(server.db);
        const res = await ask(userCode);
        assert.equal(res.status, known.status, userCode);
        assert.equal(res.text, known.text, userCode);
        assert.deepEqual(await mailsSince(from), [], userCode);
        const unchanged = (db: Record<string, unknown[]>) => ({ ...db, login_throttle: [] });
        assert.deepEqual(unchanged(await snapshot(server.db)), unchanged(before), userCode);
      }
    });

    it('a link lives PASSWORD_RESET_TTL_MINUTES, and a newer one replaces it', async () => {
      const contact = await active(REFERENCE_CLIENT);
      let from = sink.received.length;
      await ask(contact.userCode);
      const first = tokenIn(part((await mailsSince(from))[0]!.raw, 'text/plain'));
      from = sink.received.length;
      await ask(contact.userCode);
      const second = tokenIn(part((await mailsSince(from))[0]!.raw, 'text/plain'));
      assert.equal((await page(first)).status, 410, 'replaced');
      assert.equal((await page(second)).status, 200);
      server.clock.advanceHours((RESET_TTL_MINUTES + 1) / 60);
      assert.equal((await page(second)).status, 410, 'expired');
    });

    it('is limited per user code (3 an hour), known or not, and per address (20 an hour): 429 with Retry-After', async () => {
      for (const userCode of [(await active(REFERENCE_CLIENT)).userCode, 'inconnu-4242']) {
        for (let i = 0; i < 3; i++) assert.equal((await ask(userCode)).status, 202);
        const refused = await ask(userCode);
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
      }
      await server.db.all('DELETE FROM login_throttle');
      for (let i = 0; i < 20; i++) assert.equal((await ask(`code-${i}`)).status, 202);
      assert.equal((await ask('code-20')).status, 429);
    });

    it('refuses a missing or blank user code next to its field (422)', async () => {
      for (const userCode of [undefined, '  ', 12]) {
        const res = await ask(userCode);
        assert.equal(res.status, 422, String(userCode));
        assert.deepEqual(res.body.errors?.map((e) => e.field), ['userCode']);
      }
    });
  });

  describe('a new link from a dead invitation link', () => {
    it('an expired link: a new invitation to the address on file (never one sent along), the history shows it, the new link works', async () => {
      const contact = await invited(REFERENCE_CLIENT);
      server.clock.advanceHours(73);
      assert.equal((await page(contact.token)).status, 410);
      const from = sink.received.length;
      const res = await new Agent(server).request<{ detail: string }>('POST', '/api/v1/invitations/renew', {
        json: { token: contact.token, email: 'pirate@attacker.example' },
      });
      assert.equal(res.status, 202, res.text);
      const [mail] = await mailsSince(from);
      assert.ok(mail);
      assert.deepEqual(mail.to, [contact.email]);
      assert.equal(header(mail.raw, 'Subject'), 'Votre nouveau lien d’invitation');
      const token = tokenIn(part(mail.raw, 'text/plain'));
      assert.equal((await page(token)).status, 200);
      const history = await server.request<{ items: AuditEvent[] }>('GET', `${contact.base}/access/history`);
      const sent = history.body.items.find((e) => e.action === 'invitation-sent');
      assert.equal(sent?.actor, contact.userCode, 'sent at the contact\'s request');
      const access = await server.request<Access>('GET', `${contact.base}/access`);
      assert.equal(access.body.status, 'invited');
      assert.equal((await new Agent(server).request('POST', '/api/v1/invitations/accept', { json: { token, password: NEW_PASSWORD } })).status, 204);
    });

    it('a spent link of an active access: a link to choose a new password', async () => {
      const contact = await active(REFERENCE_CLIENT);
      const from = sink.received.length;
      assert.equal((await renew(contact.token)).status, 202);
      const [mail] = await mailsSince(from);
      assert.ok(mail);
      assert.equal(header(mail.raw, 'Subject'), 'Réinitialisation de votre mot de passe');
    });

    it('at most 3 a day per access (429), then again the next day', async () => {
      const contact = await invited(REFERENCE_CLIENT);
      for (let i = 0; i < 3; i++) assert.equal((await renew(contact.token)).status, 202, `renewal ${i + 1}`);
      const from = sink.received.length;
      const refused = await renew(contact.token);
      assert.equal(refused.status, 429);
      assert.match(refused.body.type, /too-many-renewals$/);
      assert.deepEqual(await mailsSince(from), []);
      server.clock.advanceHours(24);
      assert.equal((await renew(contact.token)).status, 202);
    });

    it('an unknown or revoked link: the same 202, no mail, nothing written but the address\'s count', async () => {
      const contact = await invited(REFERENCE_CLIENT);
      const known = await renew(contact.token);
      const revoked = await invited(REFERENCE_CLIENT);
      assert.equal((await server.request('DELETE', `${revoked.base}/access`)).status, 200);
      for (const token of ['Q'.repeat(43), revoked.token, 'not a token']) {
        const from = sink.received.length;
        const before = await snapshot(server.db);
        const res = await renew(token);
        assert.equal(res.status, 202, token);
        assert.equal(res.text, known.text, token);
        assert.deepEqual(await mailsSince(from), [], token);
        const unchanged = (db: Record<string, unknown[]>) => ({ ...db, login_throttle: [] });
        assert.deepEqual(unchanged(await snapshot(server.db)), unchanged(before), token);
      }
    });
  });
});

describe('self-service pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('the portal\'s sign-in links to the forgotten password, whose page asks for the user code, in French and English', async () => {
    for (const [lang, forgot, title, label, button] of [
      ['fr', 'Mot de passe oublié ?', 'Mot de passe oublié', "Code d&#39;utilisateur", 'Envoyer le lien'],
      ['en', 'Forgot your password?', 'Forgotten password', 'User code', 'Send the link'],
    ] as const) {
      const portal = await server.request('GET', `/portal?lang=${lang}`, { anonymous: true });
      assert.ok(portal.text.includes(`<a href="/password-reset?lang=${lang}">${forgot}</a>`), lang);
      const res = await server.request('GET', `/password-reset?lang=${lang}`, { anonymous: true });
      assert.equal(res.status, 200);
      assertPageHeaders(res.headers);
      assertNoInlineScript(res.text);
      assert.ok(res.text.includes(`<h1 id="title">${title}</h1>`), lang);
      assert.ok(res.text.includes(`<label for="user-code">${label}</label>`), lang);
      assert.ok(res.text.includes(`<button type="submit" id="submit" class="primary">${button}</button>`), lang);
      assert.match(res.text, /<script type="module" src="\/assets\/password-reset\.js">/);
    }
    const english = await server.request('GET', '/password-reset', { anonymous: true, headers: { 'accept-language': 'en-CA,en;q=0.9' } });
    assert.match(english.text, /Forgotten password/);
    const script = await server.request('GET', '/assets/password-reset.js', { anonymous: true });
    assert.equal(script.status, 200);
    assert.match(script.text, /\/api\/v1\/password-resets/);
  });

  it('a dead link\'s page offers a new link and the forgotten password, and holds nothing of the link', async () => {
    for (const [lang, renew, forgot] of [
      ['fr-CA', 'Envoyer un nouveau lien', 'Mot de passe oublié ?'],
      ['en-CA', 'Send a new link', 'Forgot your password?'],
    ] as const) {
      const token = 'R'.repeat(43);
      const res = await server.request('GET', `/invitation?token=${token}`, { anonymous: true, headers: { 'accept-language': lang } });
      assert.equal(res.status, 410);
      assertNoInlineScript(res.text);
      assert.ok(res.text.includes(`<button type="button" id="renew-button" class="primary">${renew}</button>`), lang);
      assert.ok(res.text.includes(`${forgot}</a>`), lang);
      assert.ok(!res.text.includes(token), 'the token is not in the page');
    }
  });
});
