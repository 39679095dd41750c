/** The server's settings. `main.ts` reads them from the environment; tests pass them to `buildApp`. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RETRY_DELAYS_MS } from './mail/outbox.js';
import { type Branding, DEFAULT_BRANDING, DEFAULT_MAIL_FROM, type DkimSettings, checkBranding, checkMailbox } from './mail/settings.js';
import type { MailSender } from './mail/transport.js';
import { DEFAULT_SCRYPT_COST } from './auth/passwords.js';
import { DEFAULT_DATABASE, isPostgresUrl } from './db/database.js';

export interface AppConfig {
  /**
   * `demo` (`npm start`): demo data and staff, the demo sign-in on `GET /` for loopback hosts, the
   * development mailbox. `production` (`NODE_ENV=production`): none of them; needs `apiToken`,
   * `publicUrl` and a mail transport.
   */
  mode: 'demo' | 'production';
  /** SQLite file path, or `:memory:` (when `databaseUrl` is not set). */
  database: string;
  /** `postgres://user:password@host:port/db`: PostgreSQL instead of the SQLite file (several instances may share it). */
  databaseUrl: string | undefined;
  /** PostgreSQL: the connections each instance keeps at most (instances × this must fit the server's `max_connections`). */
  databasePoolSize: number;
  /** The public origin of the server, for links in e-mails (never taken from the Host header). */
  publicUrl: string;
  /** How long an invitation link stays valid. */
  invitationTtlHours: number;
  /** How long the link of a forgotten-password mail stays valid. */
  passwordResetTtlMinutes: number;
  /** "Now": injectable so tests can move time. */
  clock: () => Date;
  /** Send mail over SMTP (`smtp://user:pass@host:port`, `smtps://...`) instead of the development mailbox. */
  smtpUrl: string | undefined;
  /** A ready transport (tests); wins over `smtpUrl`. */
  mailTransport: MailSender | undefined;
  /** The From: of the e-mails. */
  mailFrom: string;
  /** The Reply-To: of the e-mails; none by default. */
  mailReplyTo: string | undefined;
  /** The host's name, logo, colour and extra paragraph in the e-mails (mail/settings.ts). */
  mailBranding: Branding;
  /** Sign the e-mails with DKIM when set. */
  dkim: DkimSettings | undefined;
  /** The waits between the attempts at sending a mail that failed; `[]`: no retry (the call answers 502). */
  mailRetryDelaysMs: readonly number[];
  /** The time zone the e-mail shows the link's expiry in. */
  mailTimeZone: string;
  /** Seed the reference data when the database is new (empty). */
  seed: boolean;
  /** Contacts per bucket of a big client's list (repositories/list-buckets.ts); tests lower it. */
  listBucketSize: number;
  /**
   * How often (ms) the changes time makes (an access's end, an invitation's expiry) get their live
   * event (services/events.ts): a table shows them at most this late. 0: never (the tests tell them).
   */
  timeChangesEveryMs: number;
  /** Above this many matches a search's page is read in name order from the index, not sorted (repositories/contacts.ts); tests lower it. */
  searchSortLimit: number;
  /** Also create (once) the benchmark client 8009999 with this many contacts; 0 for none. */
  bigClientContacts: number;
  /** Where `demo/` and `dist/` are (the project root). */
  rootDir: string;
  /** fastify's logger: off, or a level (and a stream, for tests; stdout by default). */
  logger: boolean | { level: string; stream?: { write(line: string): void } };

  // ---- security (see README "Security") ----
  /** The host's service token (`Authorization: Bearer ...`); rights on every client. None: no bearer access. */
  apiToken: string | undefined;
  /** `GET /` (the demo page) signs the browser in as staff user `demo` when it has no session. Never anywhere real. */
  demoLogin: boolean;
  /** The password of the seeded staff users `demo` and `stagiaire`; random at each start when not given. */
  demoStaffPassword: string | undefined;
  /** `Host` names accepted besides `publicUrl`'s host (and, in the demo, the loopback names): `name` or `name:port`. */
  allowedHosts: string[];
  /** The whole request (headers and body) must arrive within this time (ms); slower clients get 408. */
  requestTimeoutMs: number;
  /** The request headers must arrive within this time (ms). */
  headersTimeoutMs: number;
  /**
   * An idle kept-alive connection is closed after this time (ms): longer than a load balancer's own
   * idle timeout, else it may send a request on a connection this server is closing (a 502).
   */
  keepAliveTimeoutMs: number;
  /** Origins allowed to call the API from a browser across origins (CORS, with credentials). */
  corsOrigins: string[];
  /** The proxies whose `X-Forwarded-For` is believed (addresses or CIDR blocks); none: the socket's address. */
  trustProxy: string[];
  /** A session ends after this long without a request. */
  sessionIdleHours: number;
  /** A session ends this long after sign-in, used or not. */
  sessionMaxHours: number;
  /** log2 of scrypt's N for new password hashes (15 by default; tests lower it). */
  passwordHashCost: number;
  /** Failed sign-ins per user code within a window before it is blocked until the window ends. */
  loginMaxFailuresPerUser: number;
  /** Failed sign-ins (and dead invitation links) per address (IPv6: per /64) within a window. */
  loginMaxFailuresPerAddress: number;
  /** The throttle's window, from the first failure. */
  loginWindowMinutes: number;
}

export type AppOptions = Partial<AppConfig>;

/** A setting that stops the server from starting; its message is one line saying why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Is `hostname` (as `URL.hostname` writes it) this machine: `localhost`, `127.x.x.x` or `[::1]`? */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

function checkProduction(options: AppOptions): void {
  if (!options.apiToken) throw new ConfigError('NODE_ENV=production needs API_TOKEN (the host backend\'s service token).');
  if (!options.publicUrl) throw new ConfigError('NODE_ENV=production needs PUBLIC_URL (the https origin users reach the server at).');
  if (!options.smtpUrl && !options.mailTransport) throw new ConfigError('NODE_ENV=production needs SMTP_URL (there is no development mailbox).');
  if (options.bigClientContacts) {
    throw new ConfigError('SEED_BIG_CLIENT is for benchmarks in demo mode (its contacts use the demo\'s reference data): unset it in production.');
  }
  let url: URL;
  try {
    url = new URL(options.publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a URL: ${JSON.stringify(options.publicUrl)}.`);
  }
  if (url.protocol === 'http:' && !isLoopbackName(url.hostname)) {
    throw new ConfigError(`PUBLIC_URL must be https:// in production (http:// only for a loopback address), not ${url.origin}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must be an https:// origin, not ${url.origin}.`);
}

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function resolveConfig(options: AppOptions = {}): AppConfig {
  const mode = options.mode ?? 'demo';
  const production = mode === 'production';
  if (production) checkProduction(options);
  if (options.databaseUrl && !isPostgresUrl(options.databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres://user:password@host:port/database URL (or unset for SQLite).');
  }
  const databasePoolSize = options.databasePoolSize ?? 10;
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 1000) {
    throw new ConfigError(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not ${databasePoolSize}.`);
  }
  return {
    mode,
    database: options.database ?? DEFAULT_DATABASE,
    databaseUrl: options.databaseUrl || undefined,
    databasePoolSize,
    publicUrl: (options.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    invitationTtlHours: options.invitationTtlHours ?? 72,
    passwordResetTtlMinutes: options.passwordResetTtlMinutes ?? 60,
    clock: options.clock ?? (() => new Date()),
    smtpUrl: options.smtpUrl,
    mailTransport: options.mailTransport,
    mailFrom: checkMailbox(options.mailFrom ?? DEFAULT_MAIL_FROM, 'MAIL_FROM'),
    mailReplyTo: options.mailReplyTo ? checkMailbox(options.mailReplyTo, 'MAIL_REPLY_TO') : undefined,
    mailBranding: checkBranding({ ...DEFAULT_BRANDING, ...options.mailBranding }),
    dkim: options.dkim,
    mailRetryDelaysMs: options.mailRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    mailTimeZone: options.mailTimeZone ?? 'America/Toronto',
    seed: production ? false : (options.seed ?? true),
    bigClientContacts: options.bigClientContacts ?? 0,
    listBucketSize: options.listBucketSize ?? 1000,
    timeChangesEveryMs: options.timeChangesEveryMs ?? 5_000,
    searchSortLimit: options.searchSortLimit ?? 1000,
    rootDir: options.rootDir ?? PROJECT_ROOT,
    logger: options.logger ?? false,
    apiToken: options.apiToken || undefined,
    demoLogin: production ? false : (options.demoLogin ?? false),
    demoStaffPassword: options.demoStaffPassword || undefined,
    allowedHosts: (options.allowedHosts ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== ''),
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 72_000,
    corsOrigins: (options.corsOrigins ?? []).map((o) => o.replace(/\/+$/, '')),
    trustProxy: options.trustProxy ?? [],
    sessionIdleHours: options.sessionIdleHours ?? 12,
    sessionMaxHours: options.sessionMaxHours ?? 7 * 24,
    passwordHashCost: options.passwordHashCost ?? DEFAULT_SCRYPT_COST,
    loginMaxFailuresPerUser: options.loginMaxFailuresPerUser ?? 5,
    loginMaxFailuresPerAddress: options.loginMaxFailuresPerAddress ?? 20,
    loginWindowMinutes: options.loginWindowMinutes ?? 15,
  };
}
