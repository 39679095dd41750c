/**
 * The development mailbox: every mail the server sent or is trying to send,
 * as the contact will see it (the HTML part in a sandboxed frame, the text
 * part, the headers), as HTML and JSON; and `/dev/mail-templates`, every mail
 * of mail/wording.ts in French and English with sample facts and the current
 * branding.
 *
 * The HTML part goes into `<iframe sandbox srcdoc>`: no script runs, it has an
 * opaque origin (no cookie, no access to this page), it cannot navigate this
 * page; only a link that asks for a new window (the button's) opens one. The
 * page's CSP (inherited by the frame) allows no script at all, inline styles
 * (mail HTML needs them) and images (the logo).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { renderMail } from '../mail/templates.js';
import { MAIL_KINDS, type MailLanguage } from '../mail/wording.js';
import { type MailRecord, latestMails } from '../services/mailbox.js';
import { escapeHtml } from '../text.js';

const LIMIT = 200;
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'none'";

export interface MailboxEntry {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  language: string;
  transport: string;
  /** sent, retrying (in the outbox), failed, cancelled, interrupted, pending (being sent). */
  status: string;
  attempts: number;
  lastError: string | null;
  /** The headers as sent, `[name, value]`. */
  headers: [string, string][];
  text: string;
  html: string;
  /** The links found in the text body (the invitation link among them). */
  links: string[];
}

function toEntry(mail: MailRecord): MailboxEntry {
  return {
    id: String(mail.id),
    to: mail.to_address,
    from: mail.from_address,
    subject: mail.subject,
    date: mail.sent_at ?? mail.created_at,
    language: mail.language,
    transport: mail.transport,
    status: mail.status,
    attempts: mail.attempts,
    lastError: mail.last_error,
    headers: mail.headers ? (JSON.parse(mail.headers) as [string, string][]) : [],
    text: mail.text,
    html: mail.html,
    links: mail.text.match(URL_PATTERN) ?? [],
  };
}

/** Escapes the text, then turns the http(s) URLs in it into links. */
function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    out += escapeHtml(text.slice(last, match.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

type Shown = Pick<MailboxEntry, 'subject' | 'to' | 'from' | 'date' | 'status' | 'attempts' | 'lastError' | 'headers' | 'text' | 'html' | 'language'>;

/** One mail; `badge` says what it is (its status, unless sent). */
function renderEntry(m: Shown, badge = m.status === 'sent' ? '' : m.status): string {
  const e = escapeHtml;
  const status = badge ? ` <span class="status">${e(badge)}</span>` : '';
  const error = m.lastError ? `\n      <dt>Last error</dt><dd>${e(m.lastError)} (attempt ${m.attempts})</dd>` : '';
  const headers = m.headers.map(([name, value]) => `<tr><th scope="row">${e(name)}</th><td>${e(value)}</td></tr>`).join('');
  return `  <article lang="${e(m.language)}">
    <h2>${e(m.subject)}${status}</h2>
    <dl lang="en">
      <dt>To</dt><dd>${e(m.to)}</dd>
      <dt>From</dt><dd>${e(m.from)}</dd>
      <dt>Date</dt><dd><time datetime="${e(m.date)}">${e(m.date)}</time></dd>${error}
    </dl>
    <div class="parts">
      <iframe title="HTML part: ${e(m.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${e(m.html)}"></iframe>
      <pre>${linkify(m.text)}</pre>
    </div>
    ${headers ? `<details lang="en"><summary>Headers</summary><table>${headers}</table></details>` : ''}
  </article>`;
}

function page(title: string, intro: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 90rem; padding: 0 1rem; }
  article { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: 0 1rem 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  .parts { display: grid; grid-template-columns: minmax(0, 40rem) minmax(0, 1fr); gap: 1rem; align-items: start; }
  @media (max-width: 60rem) { .parts { grid-template-columns: 1fr; } }
  iframe { width: 100%; height: 46rem; border: 1px solid #ccc; border-radius: 4px; background: #fff; }
  pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.75rem; margin: 0; }
  table { border-collapse: collapse; font-size: 0.875rem; }
  th, td { text-align: left; vertical-align: top; padding: 0.125rem 0.5rem; word-break: break-all; }
  .status { font-size: 0.875rem; background: #fde68a; color: #422006; border-radius: 4px; padding: 0.125rem 0.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${intro}</p>
${body}
</body>
</html>
`;
}

export function renderMailbox(entries: MailboxEntry[]): string {
  const intro =
    (entries.length === 0 ? 'No mail was sent yet.' : `The ${entries.length} most recent mails, newest first.`) +
    ' <a href="/dev/mailbox.json">JSON</a> · <a href="/dev/mail-templates">Every template</a>';
  return page('Development mailbox', intro, entries.map((m) => renderEntry(m)).join('\n'));
}

/** Every mail in both languages, with sample facts and the configured branding. */
async function renderTemplates(ctx: AppContext): Promise<string> {
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.invitationTtlHours * 3_600_000);
  const parts: string[] = [];
  for (const kind of MAIL_KINDS) {
    for (const language of ['fr', 'en'] as MailLanguage[]) {
      const content = await renderMail(
        {
          kind,
          language,
          contactName: 'Mireille Couture',
          clientName: 'Béton Québec inc.',
          userCode: '8005551216',
          link: `${ctx.config.publicUrl}/invitation?token=SAMPLE-TOKEN`,
          expiresAt,
          lifetimeMinutes: ctx.config.invitationTtlHours * 60,
          timeZone: ctx.config.mailTimeZone,
        },
        ctx.config.mailBranding,
      );
      const sample = { to: 'mireille.couture@example.com', from: ctx.config.mailFrom, date: now.toISOString(), status: 'sent', attempts: 0, lastError: null, headers: [] };
      parts.push(renderEntry({ ...content, ...sample, language }, `${kind}, ${language}`));
    }
  }
  return page('Mail templates', 'Every mail in French and English, with sample facts and the configured branding. <a href="/dev/mailbox">Mailbox</a>', parts.join('\n'));
}

export function registerDevRoutes(app: FastifyInstance, ctx: AppContext): void {
  const html = (reply: import('fastify').FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');
  app.get('/dev/mailbox.json', async () => ({ items: (await latestMails(ctx, LIMIT)).map(toEntry) }));
  app.get('/dev/mailbox', async (_request, reply) => {
    html(reply);
    return renderMailbox((await latestMails(ctx, LIMIT)).map(toEntry));
  });
  app.get('/dev/mail-templates', async (_request, reply) => {
    html(reply);
    return renderTemplates(ctx);
  });
}
