/**
 * The mail settings a host changes without forking: the sender, a Reply-To,
 * the branding of the templates (company name, logo, accent colour, an extra
 * paragraph per language) and DKIM signing. From the environment, or from a
 * JSON file named by `MAIL_BRANDING` (the variables win over the file).
 * Every value is checked at start; a bad one stops the server with one line
 * that names it.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { MailLanguage } from './wording.js';

export interface Branding {
  /** Signs the mails and names the sender in the footer. */
  companyName: string;
  /** An https (or http) URL of the logo shown at the top; none: the company name in text. */
  logoUrl: string | undefined;
  /** `#rrggbb`: the button and the links. White text on it must be readable (contrast 4.5:1). */
  accentColor: string;
  /** One more paragraph in each mail, per language (plain text; blank lines split paragraphs). */
  extraParagraph: Partial<Record<MailLanguage, string>>;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** PEM. */
  privateKey: string;
}

export const DEFAULT_MAIL_FROM = 'ACT BL Solutions <no-reply@actbl.example>';
export const DEFAULT_BRANDING: Branding = {
  companyName: 'ACT BL Solutions',
  logoUrl: undefined,
  accentColor: '#1d4ed8',
  extraParagraph: {},
};

export class MailSettingsError extends Error {}

const fail = (message: string): never => {
  throw new MailSettingsError(message);
};

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The contrast ratio of white text on the colour. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** One address, optionally with a name: `Name <a@b.example>` or `a@b.example`. */
export function checkMailbox(value: string, name: string): string {
  const parsed = addressparser(value);
  const address = parsed.length === 1 ? (parsed[0] as { address?: string }).address : undefined;
  if (!address || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
    fail(`${name} must be one e-mail address, optionally with a name ("Name <address@example.com>"), got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

/** Checks every field; returns the branding with the URL normalised. */
export function checkBranding(branding: Branding, source = 'mail branding'): Branding {
  const { companyName, logoUrl, accentColor, extraParagraph } = branding;
  if (typeof companyName !== 'string' || companyName.trim() === '' || companyName.length > 100 || /[\p{Cc}]/u.test(companyName)) {
    fail(`${source}: companyName must be one line of 1 to 100 characters`);
  }
  let logo: string | undefined;
  if (logoUrl !== undefined && logoUrl !== '') {
    let url: URL | undefined;
    try {
      url = new URL(logoUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) fail(`${source}: logoUrl must be an http(s) URL, got ${JSON.stringify(logoUrl)}`);
    logo = url!.href; // serialised: quotes and brackets are percent-encoded
  }
  if (typeof accentColor !== 'string' || !/^#[0-9a-f]{6}$/i.test(accentColor)) {
    fail(`${source}: accentColor must be a colour written #rrggbb, got ${JSON.stringify(accentColor)}`);
  }
  const contrast = contrastWithWhite(accentColor);
  if (contrast < 4.5) {
    fail(`${source}: accentColor ${accentColor} is too light for the white text of the button (contrast ${contrast.toFixed(1)}:1, needs 4.5:1)`);
  }
  for (const [language, text] of Object.entries(extraParagraph ?? {})) {
    if (language !== 'fr' && language !== 'en') fail(`${source}: extraParagraph has a language "${language}"; use "fr" and "en"`);
    if (typeof text !== 'string' || text.length > 2000 || /[\p{Cc}]/u.test(text.replace(/\r?\n/g, ''))) {
      fail(`${source}: extraParagraph.${language} must be text of at most 2000 characters`);
    }
  }
  return { companyName: companyName.trim(), logoUrl: logo, accentColor: accentColor.toLowerCase(), extraParagraph: { ...extraParagraph } };
}

export function checkDkim(dkim: Partial<DkimSettings>): DkimSettings | undefined {
  const { domainName, keySelector, privateKey } = dkim;
  if (!domainName && !keySelector && !privateKey) return undefined;
  if (!domainName || !keySelector || !privateKey) {
    return fail('DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a key (DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE), or none of them');
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domainName)) fail(`DKIM_DOMAIN must be a domain name, got ${JSON.stringify(domainName)}`);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(keySelector)) fail(`DKIM_SELECTOR must be a DNS label, got ${JSON.stringify(keySelector)}`);
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') throw new Error(key.asymmetricKeyType);
  } catch {
    fail('DKIM private key: not a PEM RSA or Ed25519 private key');
  }
  return { domainName, keySelector, privateKey };
}

/** What `buildApp` takes, read from the environment (and the `MAIL_BRANDING` file). */
export interface MailOptions {
  mailFrom: string;
  mailReplyTo: string | undefined;
  mailBranding: Branding;
  dkim: DkimSettings | undefined;
}

interface BrandingFile {
  from?: string;
  replyTo?: string;
  companyName?: string;
  logoUrl?: string;
  accentColor?: string;
  extraParagraph?: Partial<Record<MailLanguage, string>>;
}

const FILE_KEYS = new Set(['from', 'replyTo', 'companyName', 'logoUrl', 'accentColor', 'extraParagraph']);

function readBrandingFile(path: string): BrandingFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`MAIL_BRANDING=${path}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`MAIL_BRANDING=${path}: must hold a JSON object`);
  const unknown = Object.keys(raw as object).filter((k) => !FILE_KEYS.has(k));
  if (unknown.length > 0) fail(`MAIL_BRANDING=${path}: unknown key "${unknown[0]}" (known: ${[...FILE_KEYS].join(', ')})`);
  for (const key of ['from', 'replyTo', 'companyName', 'logoUrl', 'accentColor'] as const) {
    const value = (raw as BrandingFile)[key];
    if (value !== undefined && typeof value !== 'string') fail(`MAIL_BRANDING=${path}: ${key} must be a string`);
  }
  const extra = (raw as BrandingFile).extraParagraph;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    fail(`MAIL_BRANDING=${path}: extraParagraph must be an object like {"fr": "...", "en": "..."}`);
  }
  return raw as BrandingFile;
}

export function mailOptionsFromEnv(env: NodeJS.ProcessEnv): MailOptions {
  const file = env['MAIL_BRANDING'] ? readBrandingFile(env['MAIL_BRANDING']) : {};
  const source = env['MAIL_BRANDING'] ? `MAIL_BRANDING=${env['MAIL_BRANDING']}` : 'mail branding';
  const pick = (name: string, fromFile: string | undefined) => env[name] || fromFile;
  const extraParagraph: Partial<Record<MailLanguage, string>> = { ...file.extraParagraph };
  if (env['MAIL_EXTRA_PARAGRAPH_FR']) extraParagraph.fr = env['MAIL_EXTRA_PARAGRAPH_FR'];
  if (env['MAIL_EXTRA_PARAGRAPH_EN']) extraParagraph.en = env['MAIL_EXTRA_PARAGRAPH_EN'];
  const branding = checkBranding(
    {
      companyName: pick('MAIL_COMPANY_NAME', file.companyName) ?? DEFAULT_BRANDING.companyName,
      logoUrl: pick('MAIL_LOGO_URL', file.logoUrl),
      accentColor: pick('MAIL_ACCENT_COLOR', file.accentColor) ?? DEFAULT_BRANDING.accentColor,
      extraParagraph,
    },
    source,
  );
  const replyTo = pick('MAIL_REPLY_TO', file.replyTo);
  let privateKey = env['DKIM_PRIVATE_KEY']?.replace(/\\n/g, '\n');
  if (!privateKey && env['DKIM_PRIVATE_KEY_FILE']) {
    try {
      privateKey = readFileSync(env['DKIM_PRIVATE_KEY_FILE'], 'utf8');
    } catch {
      fail(`DKIM_PRIVATE_KEY_FILE=${env['DKIM_PRIVATE_KEY_FILE']}: cannot read it`);
    }
  }
  return {
    mailFrom: checkMailbox(pick('MAIL_FROM', file.from) ?? DEFAULT_MAIL_FROM, 'MAIL_FROM'),
    mailReplyTo: replyTo ? checkMailbox(replyTo, 'MAIL_REPLY_TO') : undefined,
    mailBranding: branding,
    dkim: checkDkim({ domainName: env['DKIM_DOMAIN'], keySelector: env['DKIM_SELECTOR'], privateKey }),
  };
}
