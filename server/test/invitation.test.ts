import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Access, AuditEvent, Problem } from '../../src/api/types.js';
import { PASSWORD_MIN_LENGTH, checkNewPassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { Agent, GOOD_PASSWORD, accept, invite, latestToken } from './agents.js';
import { BROWSING_CLIENT, REFERENCE_CLIENT, type TestServer, startServer } from './harness.js';
import { assertNoInlineScript, assertPageHeaders } from './page-checks.js';

function tokenOfPage(html: string): string {
  const m = /<input type="hidden" name="token" value="([A-Za-z0-9_-]+)">/.exec(html);
  assert.ok(m, 'the page has the form with the token');
  return m[1]!;
}

describe('invitation: the page and the acceptance', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ trustProxy: ['127.0.0.1'] });
  });
  after(() => server.close());

  const page = (token: string, headers: Record<string, string> = {}) =>
    server.request('GET', `/invitation?token=${encodeURIComponent(token)}`, { headers, anonymous: true });

  describe('the page', () => {
    it('a live link: the form in the client language (French for 8005551), the user code, the rule; strict headers', async () => {
      const invited = await invite(server, REFERENCE_CLIENT, { name: 'Mireille Couture' });
      const res = await page(invited.token, { 'accept-language': 'en' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assertPageHeaders(res.headers);
      assertNoInlineScript(res.text);
      assert.match(res.text, /<html lang="fr-CA">/);
      assert.match(res.text, /Choisissez votre mot de passe/);
      assert.match(res.text, /Bonjour Mireille Couture/);
      assert.ok(res.text.includes(invited.userCode));
      assert.match(res.text, new RegExp(`Au moins ${PASSWORD_MIN_LENGTH} caractères`));
      assert.match(res.text, /id="password" name="password" type="password" autocomplete="new-password"/);
      assert.match(res.text, /id="confirmation" name="passwordConfirmation" type="password"/);
      assert.match(res.text, /id="toggle"[^>]*aria-pressed="false"/);
      assert.match(res.text, /aria-describedby="password-rule password-error"/);
      assert.match(res.text, /<script type="module" src="\/assets\/invitation.js"><\/script>/);
      assert.match(res.text, /href="\/portal\?lang=fr"/);
      assert.equal(tokenOfPage(res.text), invited.token);
      // Loading the page spends nothing.
      assert.equal((await page(invited.token)).status, 200);
    });

    it('English for a client whose language is English (8005552)', async () => {
      const invited = await invite(server, BROWSING_CLIENT);
      const res = await page(invited.token, { 'accept-language': 'fr' });
      assert.equal(res.status, 200);
      assert.match(res.text, /<html lang="en-CA">/);
      assert.match(res.text, /Choose your password/);
    });

    it('its script is served from /assets with a JavaScript type and nosniff', async () => {
      const res = await server.request('GET', '/assets/invitation.js', { anonymous: true });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.text, /\/api\/v1\/invitations\/accept/);
      assert.match(res.text, /from '\.\/form\.js'/);
      const shared = await server.request('GET', '/assets/form.js', { anonymous: true });
      assert.match(shared.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.match(shared.text, /'X-Requested-With'/);
      assert.equal((await server.request('GET', '/assets/../app.ts', { anonymous: true })).status, 404);
      assert.equal((await server.request('GET', '/assets/nothing.js', { anonymous: true })).status, 404);
    });

    it('an unknown, spent, superseded, revoked or expired link: the same page, saying to ask for a new link', async () => {
      const unknown = await page('A'.repeat(43), { 'accept-language': 'fr-CA,fr;q=0.9' });
      assert.equal(unknown.status, 410);
      assertPageHeaders(unknown.headers);
      assertNoInlineScript(unknown.text);
      assert.match(unknown.text, /Ce lien ne fonctionne plus/);
      assert.match(unknown.text, /Demandez à la personne qui vous a invité de vous envoyer un nouveau lien/);
      assert.doesNotMatch(unknown.text, /<form/);

      const spent = await invite(server, REFERENCE_CLIENT);
      assert.equal((await accept(server, spent.token)).status, 204);

      const superseded = await invite(server, REFERENCE_CLIENT);
      assert.equal((await server.request('POST', `${superseded.base}/access/invitation`)).status, 200);

      const revoked = await invite(server, REFERENCE_CLIENT);
      assert.equal((await server.request('DELETE', `${revoked.base}/access`)).status, 200);

      for (const [why, token] of [
        ['spent', spent.token],
        ['superseded', superseded.token],
        ['revoked', revoked.token],
      ] as const) {
        const res = await page(token);
        assert.equal(res.status, 410, why);
        assert.equal(res.text, unknown.text, `${why}: the very page of an unknown link`);
      }
      // Without a token, or with garbage.
      assert.equal((await server.request('GET', '/invitation', { anonymous: true })).text, unknown.text);
      assert.equal((await page('<script>')).text, unknown.text);

      const english = await page('B'.repeat(43), { 'accept-language': 'en-US,en;q=0.9,fr;q=0.5' });
      assert.equal(english.status, 410);
      assert.match(english.text, /This link no longer works/);
    });
  });

  describe('accepting', () => {
    it('refuses a short, a common or a mismatched password, next to its field, and changes nothing', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      const post = (json: Record<string, unknown>) => new Agent(server).request<Problem>('POST', '/api/v1/invitations/accept', { json });
      const cases: [Record<string, unknown>, string, string][] = [
        [{ password: 'court' }, 'password', 'password-too-short'],
        [{ password: 'x'.repeat(PASSWORD_MIN_LENGTH - 1) }, 'password', 'password-too-short'],
        [{ password: 'Qwerty123456' }, 'password', 'password-common'],
        [{ password: '1q2w3e4r5t6y' }, 'password', 'password-common'],
        [{ password: 'MotDePasse123' }, 'password', 'password-common'],
        [{ password: GOOD_PASSWORD, passwordConfirmation: `${GOOD_PASSWORD}!` }, 'passwordConfirmation', 'password-mismatch'],
        [{}, 'password', 'required'],
      ];
      for (const [body, field, code] of cases) {
        const res = await post({ token: invited.token, ...body });
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.deepEqual(
          res.body.errors?.map((e) => [e.field, e.code]),
          [[field, code]],
          JSON.stringify(body),
        );
      }
      const access = await server.request<Access>('GET', `${invited.base}/access`);
      assert.equal(access.body.status, 'invited');
      assert.equal((await page(invited.token)).status, 200, 'the link still works');
    });

    it('a good password: the access turns active, the link is spent (reuse: 410), the trail says who and from where', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      const res = await accept(server, invited.token, GOOD_PASSWORD, { 'x-forwarded-for': '198.51.100.23' });
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      const access = await server.request<Access>('GET', `${invited.base}/access`);
      assert.equal(access.body.status, 'active');
      assert.ok(access.body.activatedAt);
      assert.equal(access.body.version, invited.access.version + 1, 'the staff side sees a new version');

      const again = await accept(server, invited.token, 'Another good password 2026');
      assert.equal(again.status, 410);
      assert.equal((again.body as Problem).type, 'urn:client-access:problem:invitation-unusable');
      assert.equal((await page(invited.token)).status, 410);

      const history = await server.request<{ items: AuditEvent[] }>('GET', `${invited.base}/access/history`);
      const accepted = history.body.items.find((e) => e.action === 'invitation-accepted');
      assert.ok(accepted);
      assert.equal(accepted.actor, invited.userCode);
      assert.equal(accepted.address, '198.51.100.23');

      // Stored: an scrypt hash, never the password.
      const row = await server.db.get('SELECT password_hash FROM accesses WHERE contact_id = ?', Number(invited.contact.id)) as {
        password_hash: string;
      };
      assert.match(row.password_hash, /^scrypt\$12\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      assert.ok(!row.password_hash.includes(GOOD_PASSWORD));
    });

    it('an expired link: 410; the staff side sees expired and re-sends; the new link works, the old one not', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      server.clock.advanceHours(73);
      try {
        assert.equal((await accept(server, invited.token)).status, 410);
        assert.equal((await page(invited.token)).status, 410);
        const access = await server.request<Access>('GET', `${invited.base}/access`);
        assert.equal(access.body.status, 'expired');
        assert.equal((await server.request('POST', `${invited.base}/access/invitation`)).status, 200);
        const fresh = await latestToken(server, invited.email);
        assert.notEqual(fresh, invited.token);
        assert.equal((await accept(server, invited.token)).status, 410);
        assert.equal((await accept(server, fresh)).status, 204);
      } finally {
        server.clock.advanceHours(-73);
      }
    });

    it('after a re-send the old link is dead and the new one works; after a revocation both are dead', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      assert.equal((await server.request('POST', `${invited.base}/access/invitation`)).status, 200);
      const second = await latestToken(server, invited.email);
      assert.equal((await accept(server, invited.token)).status, 410);
      assert.equal((await server.request('DELETE', `${invited.base}/access`)).status, 200);
      assert.equal((await accept(server, second)).status, 410);
      const access = await server.request<Access>('GET', `${invited.base}/access`);
      assert.equal(access.body.status, 'revoked');
    });

    it('a re-sent invitation to an active contact sets a new password and ends its sessions', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      assert.equal((await accept(server, invited.token)).status, 204);
      const agent = new Agent(server);
      assert.equal((await agent.signIn(invited.userCode, GOOD_PASSWORD)).status, 200);
      assert.equal((await server.request('POST', `${invited.base}/access/invitation`)).status, 200);
      const token = await latestToken(server, invited.email);
      assert.equal((await accept(server, token, 'Une toute nouvelle phrase secrète')).status, 204);
      assert.equal((await agent.request('GET', '/api/v1/session')).status, 401, 'the old session ended');
      assert.equal((await new Agent(server).signIn(invited.userCode, GOOD_PASSWORD)).status, 401);
      assert.equal((await new Agent(server).signIn(invited.userCode, 'Une toute nouvelle phrase secrète')).status, 200);
    });

    it('needs X-Requested-With like every cookie-borne state change', async () => {
      const invited = await invite(server, REFERENCE_CLIENT);
      const res = await new Agent(server).request<Problem>('POST', '/api/v1/invitations/accept', {
        json: { token: invited.token, password: GOOD_PASSWORD },
        bare: true,
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.type, 'urn:client-access:problem:cross-site-request');
      assert.equal((await page(invited.token)).status, 200, 'the link still works');
    });
  });

  describe('passwords', () => {
    it('scrypt with N = 2^15, r = 8, p = 1 by default; verifies the right password only', async () => {
      const hash = await hashPassword('une phrase de passe');
      assert.match(hash, /^scrypt\$15\$8\$1\$/);
      assert.equal(await verifyPassword('une phrase de passe', hash), true);
      assert.equal(await verifyPassword('une phrase de passe ', hash), false);
      assert.equal(await verifyPassword('une phrase de passe', 'plain'), false);
      assert.notEqual(await hashPassword('une phrase de passe'), hash, 'a new salt every time');
    });

    it('the rule: 12 characters, not a common password (any case)', () => {
      assert.deepEqual(checkNewPassword('a'.repeat(11)).map((e) => e.code), ['password-too-short']);
      assert.deepEqual(checkNewPassword('éééééééééééé'), [], 'characters, not bytes');
      assert.deepEqual(checkNewPassword('QAZWSXEDCRFV').map((e) => e.code), ['password-common']);
      assert.deepEqual(checkNewPassword('bienvenue2026').map((e) => e.code), ['password-common']);
      assert.deepEqual(checkNewPassword(GOOD_PASSWORD), []);
    });
  });
});

describe('invitation: dead links are limited per address', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ trustProxy: ['127.0.0.1'], loginMaxFailuresPerAddress: 3 });
  });
  after(() => server.close());

  it('429 with Retry-After after 3 dead links from one address; another address still accepts', async () => {
    const invited = await invite(server, REFERENCE_CLIENT);
    const from = { 'x-forwarded-for': '192.0.2.50' };
    for (let i = 0; i < 3; i++) assert.equal((await accept(server, `${'Z'.repeat(42)}${i}`, GOOD_PASSWORD, from)).status, 410);
    const blocked = await accept(server, invited.token, GOOD_PASSWORD, from);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await accept(server, invited.token, GOOD_PASSWORD, { 'x-forwarded-for': '192.0.2.51' })).status, 204);
  });
});
