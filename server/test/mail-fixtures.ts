/**
 * The mails of the template tests: every kind in both languages, with fixed
 * facts (date, time zone, link) and a fixed branding, so the output only
 * changes when a template or its wording does.
 */
import { fileURLToPath } from 'node:url';
import type { Branding } from '../mail/settings.js';
import { type MailContent, type MailInput, renderMail } from '../mail/templates.js';
import { MAIL_KINDS, type MailKind, type MailLanguage } from '../mail/wording.js';

export const SNAPSHOT_DIR = fileURLToPath(new URL('./__snapshots__/mail/', import.meta.url));
export const LOGO_URL = 'https://cdn.beton.example/logo.png';
/** `UPDATE_SNAPSHOTS=1 npm run test:server` rewrites the committed files instead of comparing. */
export const UPDATING = process.env['UPDATE_SNAPSHOTS'] === '1';

export const BRANDING: Branding = {
  companyName: 'Béton Québec inc.',
  logoUrl: LOGO_URL,
  accentColor: '#0f5c4d',
  extraParagraph: {
    fr: 'Des questions ? Écrivez-nous à support@beton.example ou appelez le 514 555-0100.',
    en: 'Questions? Write to support@beton.example or call 514 555-0100.',
  },
};

export interface Sample {
  name: string;
  kind: MailKind;
  language: MailLanguage;
  input: MailInput;
}

export const SAMPLES: Sample[] = MAIL_KINDS.flatMap((kind) =>
  (['fr', 'en'] as const).map((language) => ({
    name: `${kind}.${language}`,
    kind,
    language,
    input: {
      kind,
      language,
      contactName: 'Mireille Couture',
      clientName: 'Béton Québec inc.',
      userCode: '8005551216',
      link: `https://portal.example.test/invitation?token=${'Tk'.repeat(21)}x`,
      expiresAt: new Date('2026-12-05T19:30:00Z'),
      lifetimeMinutes: kind === 'password-reset' ? 60 : 72 * 60,
      timeZone: 'America/Toronto',
    },
  })),
);

export function render(sample: Sample, branding: Branding = BRANDING): Promise<MailContent> {
  return renderMail(sample.input, branding);
}
