/**
 * How mail leaves the server. All three kinds go through nodemailer's
 * `sendMail` shape:
 * - `mailbox` (default): nodemailer's JSON transport builds the message and
 *   nothing leaves the machine; the `mailbox` table row *is* the delivery,
 *   shown at /dev/mailbox.
 * - `smtp`: `SMTP_URL` (e.g. `smtp://user:pass@host:587`); the mailbox table
 *   keeps a log of what was sent, with the invitation link redacted.
 * - `custom`: a transport handed to `buildApp` (tests), treated like SMTP.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the server needs of a nodemailer transporter. */
export interface MailSender {
  sendMail(mail: OutgoingMail): Promise<{ messageId?: string }>;
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
    // is waiting for the answer. Parameters in the URL win.
    const smtp: SMTPTransport.Options = {
      url: options.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
    const transporter = nodemailer.createTransport(smtp);
    return { kind: 'smtp', sender: transporter, close: () => transporter.close() };
  }
  const transporter = nodemailer.createTransport({ jsonTransport: true });
  return { kind: 'mailbox', sender: transporter, close: () => transporter.close() };
}
