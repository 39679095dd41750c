/**
 * The e-mails, rendered from one MJML layout and the wording of each mail
 * (wording.ts): responsive table HTML for the mail clients, and a plain-text
 * part that says the same (every link of the HTML is in it too).
 *
 * Every interpolated value is escaped (`escapeHtml`) before it reaches MJML:
 * a contact named `<script>` is text. The URLs (the link, the logo) are built
 * or normalised by `URL`, so they carry no quote.
 *
 * Dark mode: the palette is mid-contrast on purpose (no pure white page, no
 * pure black text) so that clients that invert colours (Gmail, Outlook apps)
 * keep it readable, `color-scheme` tells the others the mail handles both,
 * and a `prefers-color-scheme: dark` block gives Apple Mail and the other
 * clients that honour it a dark card.
 */
import mjml2html from 'mjml';
import { escapeHtml } from '../text.js';
import type { Branding } from './settings.js';
import { COMMON, type MailKind, type MailLanguage, WORDING } from './wording.js';

export interface MailInput {
  kind: MailKind;
  language: MailLanguage;
  contactName: string;
  clientName: string;
  userCode: string;
  link: string;
  expiresAt: Date;
  /** How long the link lives. */
  lifetimeMinutes: number;
  timeZone: string;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const PALETTE = {
  page: '#eef1f4',
  card: '#ffffff',
  text: '#1f2933',
  muted: '#52606d',
  code: '#f1f4f8',
  darkPage: '#12161b',
  darkCard: '#1d232a',
  darkText: '#e4e9ee',
  darkMuted: '#a6b2bd',
  darkCode: '#2a323b',
};

function formatDate(date: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

/** The accent mixed with white: readable links on the dark card. */
function lighten(hex: string, amount: number): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** Blank lines split the branding's extra text into paragraphs. */
function paragraphs(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

export async function renderMail(input: MailInput, branding: Branding): Promise<MailContent> {
  const common = COMMON[input.language];
  const wording = WORDING[input.kind][input.language];
  const facts = {
    contactName: input.contactName,
    clientName: input.clientName,
    userCode: input.userCode,
    expiry: formatDate(input.expiresAt, common.locale, input.timeZone),
    lifetime: common.duration(Math.round(input.lifetimeMinutes)),
  };
  const subject = wording.subject(facts);
  const extra = paragraphs(branding.extraParagraph[input.language]);

  const text = [
    common.greeting(facts.contactName),
    '',
    wording.intro(facts),
    `${common.userCode} ${facts.userCode}`,
    '',
    wording.action,
    input.link,
    '',
    wording.expiry(facts),
    ...extra.flatMap((p) => ['', p]),
    '',
    wording.closing,
    '',
    branding.companyName,
    '',
    '--',
    common.footer(branding.companyName),
    '',
  ].join('\n');

  const e = escapeHtml;
  const accent = branding.accentColor;
  const header = branding.logoUrl
    ? // Not mj-image: its height="auto" is invalid HTML. Outlook scales by the width attribute.
      `<mj-text padding="0"><img src="${e(branding.logoUrl)}" alt="${e(branding.companyName)}" width="160" style="display: block; width: 160px; max-width: 100%; height: auto; border: 0;"></mj-text>`
    : `<mj-text font-size="20px" font-weight="700" padding="0" css-class="cae-brand">${e(branding.companyName)}</mj-text>`;
  const mjml = `<mjml lang="${input.language}" dir="ltr">
  <mj-head>
    <mj-title>${e(subject)}</mj-title>
    <mj-preview>${e(wording.preheader(facts))}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT}" />
      <mj-text font-size="16px" line-height="1.5" color="${PALETTE.text}" padding="0 0 16px" />
    </mj-attributes>
    <mj-raw>
      <meta name="color-scheme" content="light dark">
      <meta name="supported-color-schemes" content="light dark">
    </mj-raw>
    <mj-style>
      .cae-code div { font-size: 18px !important; letter-spacing: 0.02em; }
      .cae-url a { word-break: break-all; }
      @media (prefers-color-scheme: dark) {
        .cae-page, .cae-page > div { background: ${PALETTE.darkPage} !important; }
        .cae-card, .cae-card > table, .cae-card > table > tbody > tr > td { background: ${PALETTE.darkCard} !important; }
        .cae-card div, .cae-brand div { color: ${PALETTE.darkText} !important; }
        .cae-muted div, .cae-footer div { color: ${PALETTE.darkMuted} !important; }
        td.cae-code { background: ${PALETTE.darkCode} !important; }
        .cae-url a { color: ${lighten(accent, 0.55)} !important; }
      }
    </mj-style>
  </mj-head>
  <mj-body background-color="${PALETTE.page}" width="600px" css-class="cae-page">
    <mj-section padding="24px 16px 12px">
      <mj-column>${header}</mj-column>
    </mj-section>
    <mj-section background-color="${PALETTE.card}" border-radius="8px" padding="28px 24px 12px" css-class="cae-card">
      <mj-column>
        <mj-text>${e(common.greeting(facts.contactName))}</mj-text>
        <mj-text>${e(wording.intro(facts))}</mj-text>
        <mj-text container-background-color="${PALETTE.code}" padding="12px 16px" css-class="cae-code">${e(common.userCode)} <strong>${e(facts.userCode)}</strong></mj-text>
        <mj-spacer height="16px" />
        <mj-text>${e(wording.action)}</mj-text>
        <mj-button href="${e(input.link)}" background-color="${accent}" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" inner-padding="12px 24px" padding="4px 0 20px" align="left">${e(wording.button)}</mj-button>
        <mj-text font-size="14px" color="${PALETTE.muted}" css-class="cae-muted cae-url">${e(common.copyLink)}<br><a href="${e(input.link)}" style="color: ${accent};">${e(input.link)}</a></mj-text>
        <mj-text>${e(wording.expiry(facts))}</mj-text>
        ${extra.map((p) => `<mj-text>${e(p)}</mj-text>`).join('\n        ')}
        <mj-text>${e(wording.closing)}</mj-text>
        <mj-text>${e(branding.companyName)}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="12px 16px 24px">
      <mj-column>
        <mj-text font-size="12px" color="${PALETTE.muted}" css-class="cae-footer">${e(common.footer(branding.companyName))}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const result = await mjml2html(mjml, { validationLevel: 'strict', keepComments: false, fonts: {} });
  return { subject, text, html: result.html };
}
