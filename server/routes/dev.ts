/** The development mailbox: every mail the server sent, as HTML and JSON. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { MailRecord } from '../repositories/mailbox.js';
import { escapeHtml } from '../text.js';

const LIMIT = 200;
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

export interface MailboxEntry {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  language: string;
  transport: string;
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

export function renderMailbox(entries: MailboxEntry[]): string {
  const items = entries
    .map(
      (m) => `  <article>
    <h2>${escapeHtml(m.subject)}</h2>
    <dl>
      <dt>To</dt><dd>${escapeHtml(m.to)}</dd>
      <dt>From</dt><dd>${escapeHtml(m.from)}</dd>
      <dt>Date</dt><dd><time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time></dd>
    </dl>
    <pre>${linkify(m.text)}</pre>
  </article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Development mailbox</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  article { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: 0 1rem 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.75rem; }
</style>
</head>
<body>
<h1>Development mailbox</h1>
<p>${entries.length === 0 ? 'No mail was sent yet.' : `The ${entries.length} most recent mails, newest first.`} <a href="/dev/mailbox.json">JSON</a></p>
${items}
</body>
</html>
`;
}

export function registerDevRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dev/mailbox.json', async () => ({ items: ctx.mailbox.listSent(LIMIT).map(toEntry) }));
  app.get('/dev/mailbox', async (_request, reply) => {
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');
    return renderMailbox(ctx.mailbox.listSent(LIMIT).map(toEntry));
  });
}
