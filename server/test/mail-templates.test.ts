/**
 * The e-mail templates: each mail in both languages against committed
 * snapshots (HTML and text), every link of the HTML in the text part, valid
 * HTML (html-validate, with the rules that e-mail HTML must break turned
 * off), hostile values escaped, and the branding settings checked at start.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { DEFAULT_BRANDING, MailSettingsError, checkBranding, contrastWithWhite, mailOptionsFromEnv } from '../mail/settings.js';
import { renderMail } from '../mail/templates.js';
import { BRANDING, LOGO_URL, SAMPLES, SNAPSHOT_DIR, UPDATING, render } from './mail-fixtures.js';

/**
 * html-validate's recommended rules, minus the ones e-mail HTML has to break
 * to render in the common clients (MJML's output does all of these on purpose):
 * - `no-inline-style`: Gmail and others drop or ignore `<style>` in many
 *   cases; inline styles are the only styling every client keeps.
 * - `no-deprecated-attr`: `align`, `border`, `cellpadding`, `cellspacing`,
 *   `width` on tables: Outlook for Windows (Word's engine) lays out with them
 *   and ignores the CSS equivalents.
 * - `no-conditional-comment`: `<!--[if mso]>` blocks give Outlook for Windows
 *   its fixed-width tables and are ignored by everyone else.
 * - `prefer-native-element`: the body's `<div role="article">` is the
 *   accessible pattern for e-mail (`<article>` is unknown to some clients).
 * - `no-trailing-whitespace`, `doctype-style`: the generator's formatting,
 *   not validity.
 * Everything else stays on: nesting, attribute values, ids, `alt` on images,
 * link text, landmarks...
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-inline-style': 'off',
    'no-deprecated-attr': 'off',
    'no-conditional-comment': 'off',
    'prefer-native-element': 'off',
    'no-trailing-whitespace': 'off',
    'doctype-style': 'off',
  },
});

async function matchesSnapshot(file: string, actual: string): Promise<void> {
  const path = join(SNAPSHOT_DIR, file);
  if (UPDATING) {
    await mkdir(SNAPSHOT_DIR, { recursive: true });
    await writeFile(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(path, 'utf8');
  } catch {
    assert.fail(`no snapshot ${path}: run UPDATE_SNAPSHOTS=1 npm run test:server and commit it`);
  }
  assert.equal(actual, expected, `${file} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept the change)`);
}

/** The href values of the HTML, entities decoded. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) =>
    m[1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&'),
  );
}

describe('mail templates', () => {
  for (const sample of SAMPLES) {
    describe(sample.name, () => {
      it('matches the committed HTML and text snapshots', async () => {
        const mail = await render(sample);
        await matchesSnapshot(`${sample.name}.html`, mail.html);
        await matchesSnapshot(`${sample.name}.txt`, `Subject: ${mail.subject}\n\n${mail.text}`);
      });

      it('has every link of the HTML in the text part, and the button links to the full URL shown under it', async () => {
        const mail = await render(sample);
        const links = hrefs(mail.html);
        assert.ok(links.length >= 2, 'the button and the written-out link');
        for (const link of links) assert.ok(mail.text.includes(link), `${link} is not in the text part`);
        assert.equal(links.filter((l) => l === sample.input.link).length, 2);
        assert.ok(mail.html.includes(`>${sample.input.link}</a>`), 'the full URL is shown');
      });

      it('passes html-validate (rules for e-mail HTML) and stays under Gmail\'s 102 KB clipping', async () => {
        for (const branding of [BRANDING, DEFAULT_BRANDING]) {
          const mail = await render(sample, branding);
          const report = await validator.validateString(mail.html);
          const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} line ${m.line}: ${m.message}`));
          assert.deepEqual(messages, []);
          assert.ok(Buffer.byteLength(mail.html) < 102_000, `${Buffer.byteLength(mail.html)} bytes`);
        }
      });
    });
  }

  it('says "Vos informations de connexion" / "Your sign-in details" for a re-send, with the same user code', async () => {
    const fr = await render(SAMPLES.find((s) => s.name === 'resend.fr')!);
    const en = await render(SAMPLES.find((s) => s.name === 'resend.en')!);
    assert.equal(fr.subject, 'Vos informations de connexion');
    assert.equal(en.subject, 'Your sign-in details');
    assert.match(fr.text, /Votre code d'utilisateur : 8005551216/);
    assert.match(en.text, /Your user code: 8005551216/);
  });

  it('escapes hostile names in the HTML and keeps them readable in the text', async () => {
    const sample = SAMPLES[0]!;
    const hostile = '<img src=x onerror=alert(1)> "Bob" & <script>alert(\'x\')</script>';
    const mail = await renderMail({ ...sample.input, contactName: hostile, clientName: '</mj-text><mj-raw><script>x()</script></mj-raw>' }, BRANDING);
    assert.doesNotMatch(mail.html, /<script|<img src=x|<[^>]*onerror|<mj-raw/);
    assert.ok(mail.html.includes('&#60;img src=x onerror=alert(1)&#62; &#34;Bob&#34; &#38; &#60;script&#62;'));
    assert.ok(mail.text.includes(`Bonjour ${hostile},`));
    const report = await validator.validateString(mail.html);
    assert.equal(report.valid, true);
  });

  it('shows the logo with the company name as its text, or the name alone without a logo', async () => {
    const sample = SAMPLES[0]!;
    assert.match((await render(sample)).html, new RegExp(`<img src="${LOGO_URL.replace(/\./g, '\\.')}" alt="Béton Québec inc\\."`));
    const plain = await render(sample, DEFAULT_BRANDING);
    assert.doesNotMatch(plain.html, /<img/);
    assert.match(plain.html, />ACT BL Solutions<\/div>/);
  });
});

describe('mail settings', () => {
  const check = (changes: object) => () => checkBranding({ ...DEFAULT_BRANDING, ...changes });

  it('refuses an accent colour too light for the white button text, with one line that says why', () => {
    assert.ok(contrastWithWhite('#1d4ed8') >= 4.5);
    assert.throws(check({ accentColor: '#ffcc00' }), (e: Error) => e instanceof MailSettingsError && /^mail branding: accentColor #ffcc00 is too light .*contrast 1\.\d:1, needs 4\.5:1\)$/.test(e.message));
    assert.throws(check({ accentColor: 'red' }), /accentColor must be a colour written #rrggbb/);
  });

  it('refuses a logo that is not an http(s) URL, and normalises the one it takes', () => {
    assert.throws(check({ logoUrl: 'javascript:alert(1)' }), /logoUrl must be an http\(s\) URL/);
    assert.equal(checkBranding({ ...DEFAULT_BRANDING, logoUrl: 'https://x.example/a "b".png' }).logoUrl, 'https://x.example/a%20%22b%22.png');
  });

  it('reads MAIL_BRANDING and the variables, the variables winning; refuses unknown keys and half a DKIM setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mail-settings-'));
    try {
      const file = join(dir, 'branding.json');
      await writeFile(file, JSON.stringify({ from: 'Béton <no-reply@beton.example>', companyName: 'Béton Québec', accentColor: '#0f5c4d', extraParagraph: { fr: 'Bonjour.' } }));
      const options = mailOptionsFromEnv({ MAIL_BRANDING: file, MAIL_ACCENT_COLOR: '#7a1f5c', MAIL_REPLY_TO: 'support@beton.example' });
      assert.equal(options.mailFrom, 'Béton <no-reply@beton.example>');
      assert.equal(options.mailReplyTo, 'support@beton.example');
      assert.deepEqual(options.mailBranding, { companyName: 'Béton Québec', logoUrl: undefined, accentColor: '#7a1f5c', extraParagraph: { fr: 'Bonjour.' } });
      assert.equal(options.dkim, undefined);

      await writeFile(file, JSON.stringify({ colour: '#000000' }));
      assert.throws(() => mailOptionsFromEnv({ MAIL_BRANDING: file }), /MAIL_BRANDING=.*unknown key "colour"/);
      await writeFile(file, '{ not json');
      assert.throws(() => mailOptionsFromEnv({ MAIL_BRANDING: file }), /MAIL_BRANDING=.*cannot read it as JSON/);
      assert.throws(() => mailOptionsFromEnv({ DKIM_DOMAIN: 'beton.example' }), /DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a key/);
      assert.throws(
        () => mailOptionsFromEnv({ DKIM_DOMAIN: 'beton.example', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'not a key' }),
        /DKIM private key: not a PEM RSA or Ed25519 private key/,
      );
      assert.throws(() => mailOptionsFromEnv({ MAIL_FROM: 'nobody' }), /MAIL_FROM must be one e-mail address/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
