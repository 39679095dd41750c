/**
 * How mail leaves the server. All three kinds go through nodemailer's
 * `sendMail` shape:
 * - `mailbox` (default): nodemailer's stream transport builds the whole
 *   message (headers, DKIM signature when configured) and nothing leaves the
 *   machine; the `mailbox` table row *is* the delivery, shown at /dev/mailbox.
 * - `smtp`: `SMTP_URL` (e.g. `smtp://user:pass@host:587`); the mailbox table
 *   keeps a log of what was sent, with the invitation link redacted.
 * - `custom`: a transport handed to `buildApp` (tests), treated like SMTP.
 *
 * Every mail carries a Message-ID of the sender's domain, a Date, the
 * `Auto-Submitted: auto-generated` of RFC 3834 (no auto-replies, no
 * vacation notices back), a Reply-To when configured, and a DKIM signature
 * when a key is configured.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { DkimSettings } from './settings.js';
import type { MailContent } from './templates.js';

export interface OutgoingMail {
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  dkim?: DkimSettings | undefined;
}

/** What the server needs of a nodemailer transporter. */
export interface MailSender {
  sendMail(mail: OutgoingMail): Promise<{ messageId?: string; message?: Buffer | string | unknown }>;
}

export type MailTransportKind = 'mailbox' | 'smtp' | 'custom';

export interface MailTransport {
  kind: MailTransportKind;
  sender: MailSender;
  close(): void;
}

export function createMailTransport(options: { smtpUrl?: string | undefined; sender?: MailSender | undefined }): MailTransport {
  if (options.sender) return { kind: 'custom', sender: options.sender, close: () => {} };
  if (options.smtpUrl) {
    // Timeouts shorter than nodemailer's minutes-long defaults: a staff member
    // is waiting for the first attempt. Parameters in the URL win.
    const smtp: SMTPTransport.Options = {
      url: options.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
    const transporter = nodemailer.createTransport(smtp);
    return { kind: 'smtp', sender: transporter, close: () => transporter.close() };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return { kind: 'mailbox', sender: transporter, close: () => transporter.close() };
}

export interface MailEnvelope {
  from: string;
  to: string;
  replyTo: string | undefined;
  dkim: DkimSettings | undefined;
  date: Date;
}

/** The address part of `Name <address>`. */
function addressOf(mailbox: string): string {
  const [first] = addressparser(mailbox);
  return (first as { address?: string } | undefined)?.address ?? mailbox;
}

/** The message nodemailer sends, with the deliverability headers. */
export function composeMail(envelope: MailEnvelope, content: MailContent): OutgoingMail {
  const domain = addressOf(envelope.from).split('@')[1] ?? 'localhost';
  return {
    from: envelope.from,
    to: envelope.to,
    ...(envelope.replyTo ? { replyTo: envelope.replyTo } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: `<${randomUUID()}@${domain}>`,
    date: envelope.date,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    ...(envelope.dkim ? { dkim: envelope.dkim } : {}),
  };
}

/**
 * The headers of the message as it left: from the raw message when the
 * transport gives it back (the mailbox), otherwise the ones the server set.
 */
export function sentHeaders(mail: OutgoingMail, message: unknown): [string, string][] {
  if (Buffer.isBuffer(message) || typeof message === 'string') {
    const raw = message.toString();
    const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    return head.split(/\r?\n/).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
  }
  return [
    ['From', mail.from],
    ['To', mail.to],
    ...(mail.replyTo ? ([['Reply-To', mail.replyTo]] as [string, string][]) : []),
    ['Subject', mail.subject],
    ['Date', mail.date.toUTCString()],
    ['Message-ID', mail.messageId],
    ...Object.entries(mail.headers),
    ...(mail.dkim ? ([['DKIM-Signature', `d=${mail.dkim.domainName}; s=${mail.dkim.keySelector}; (added by nodemailer)`]] as [string, string][]) : []),
  ];
}

/**
 * Whether retrying can help: an SMTP 5xx answer (recipient or message
 * refused) is final; a refused connection, a timeout, a 4xx (greylisting, a
 * full queue) are not.
 */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
