/** The server's settings. `main.ts` reads them from the environment; tests pass them to `buildApp`. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MailSender } from './mail/transport.js';
import { DEFAULT_DATABASE } from './db/database.js';

export interface AppConfig {
  /** SQLite file path, or `:memory:`. */
  database: string;
  /** The public origin of the server, for links in e-mails (never taken from the Host header). */
  publicUrl: string;
  /** How long an invitation link stays valid. */
  invitationTtlHours: number;
  /** "Now": injectable so tests can move time. */
  clock: () => Date;
  /** Send mail over SMTP (`smtp://user:pass@host:port`, `smtps://...`) instead of the development mailbox. */
  smtpUrl: string | undefined;
  /** A ready transport (tests); wins over `smtpUrl`. */
  mailTransport: MailSender | undefined;
  /** The From: of the e-mails. */
  mailFrom: string;
  /** The time zone the e-mail shows the link's expiry in. */
  mailTimeZone: string;
  /** Seed the reference data when the database is new (empty). */
  seed: boolean;
  /** Also create (once) the benchmark client 8009999 with this many contacts; 0 for none. */
  bigClientContacts: number;
  /** Where `demo/` and `dist/` are (the project root). */
  rootDir: string;
  /** fastify's logger option. */
  logger: boolean | { level: string };
}

export type AppOptions = Partial<AppConfig>;

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function resolveConfig(options: AppOptions = {}): AppConfig {
  return {
    database: options.database ?? DEFAULT_DATABASE,
    publicUrl: (options.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    invitationTtlHours: options.invitationTtlHours ?? 72,
    clock: options.clock ?? (() => new Date()),
    smtpUrl: options.smtpUrl,
    mailTransport: options.mailTransport,
    mailFrom: options.mailFrom ?? 'ACT BL Solutions <no-reply@actbl.example>',
    mailTimeZone: options.mailTimeZone ?? 'America/Toronto',
    seed: options.seed ?? true,
    bigClientContacts: options.bigClientContacts ?? 0,
    rootDir: options.rootDir ?? PROJECT_ROOT,
    logger: options.logger ?? false,
  };
}
