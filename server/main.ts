/**
 * `npm start`: the reference backend on 127.0.0.1:${PORT:-8080}, the demo;
 * `NODE_ENV=production npm start`: the production mode (see README "Security").
 *
 * Environment:
 *   NODE_ENV              `production`: no demo data, staff, sign-in nor mailbox; needs API_TOKEN, PUBLIC_URL, SMTP_URL
 *   HOST                  address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface, as in a container)
 *   PORT                  port (default 8080)
 *   DATABASE              SQLite file (default ./data/client-access.sqlite; `:memory:` works)
 *   DATABASE_URL          postgres://user:password@host:port/db: PostgreSQL instead of SQLite (several instances may share it)
 *   DATABASE_POOL_SIZE    PostgreSQL connections per instance, at most (default 10)
 *   PUBLIC_URL            origin users reach the server at, for e-mail links and the Host check (default http://127.0.0.1:${PORT})
 *   ALLOWED_HOSTS         comma-separated Host names accepted besides PUBLIC_URL's (`name` or `name:port`)
 *   SMTP_URL              send mail over SMTP instead of the development mailbox
 *   MAIL_FROM             From: of the e-mails
 *   MAIL_REPLY_TO, MAIL_BRANDING (a JSON file), MAIL_COMPANY_NAME, MAIL_LOGO_URL, MAIL_ACCENT_COLOR,
 *   MAIL_EXTRA_PARAGRAPH_FR/_EN, DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY(_FILE): see mail/settings.ts
 *   MAIL_TIME_ZONE        time zone of the dates in the e-mails (default America/Toronto)
 *   INVITATION_TTL_HOURS  validity of an invitation link (default 72)
 *   PASSWORD_RESET_TTL_MINUTES  validity of a forgotten-password link (default 60)
 *   SEED_BIG_CLIENT       create client 8009999 with this many contacts (once), e.g. 1000000 (the bench's bulk seed)
 *   LOG_LEVEL             fastify log level (default warn)
 *   API_TOKEN             the host backend's service token (Authorization: Bearer ...); none: no bearer access
 *   DEMO_LOGIN            demo only: `off` to stop GET / from signing loopback browsers in as staff user demo
 *   DEMO_STAFF_PASSWORD   demo only: password of the staff users demo and stagiaire (random, not shown, by default)
 *   CORS_ORIGINS          comma-separated origins allowed to call the API from a browser (CORS with credentials)
 *   TRUST_PROXY           comma-separated proxy addresses or CIDR blocks whose X-Forwarded-For is believed
 *   SESSION_IDLE_HOURS    a session ends after this long without a request (default 12)
 *   SHUTDOWN_DELAY_SECONDS  on SIGTERM, /readyz answers 503 this long, everything else still served, before closing (default 0)
 *   KEEP_ALIVE_TIMEOUT_SECONDS  an idle kept-alive connection is closed after this long (default 72; above a load balancer's idle timeout)
 */
import { buildApp } from './app.js';
import { ConfigError } from './config.js';
import { MailSettingsError, mailOptionsFromEnv } from './mail/settings.js';

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a non-negative number, not ${JSON.stringify(raw)}.`);
  return value;
}

function list(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const host = process.env['HOST']?.trim() || '127.0.0.1';
const production = process.env['NODE_ENV'] === 'production';

async function start() {
  const port = positiveNumber('PORT', 8080);
  const demoLogin = !['off', 'false', '0', 'no'].includes((process.env['DEMO_LOGIN'] ?? 'on').trim().toLowerCase());
  return buildApp({
    ...mailOptionsFromEnv(process.env),
    mode: production ? 'production' : 'demo',
    database: process.env['DATABASE'] || undefined,
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    databasePoolSize: positiveNumber('DATABASE_POOL_SIZE', 10),
    publicUrl: process.env['PUBLIC_URL'] || (production ? undefined : `http://127.0.0.1:${port}`),
    allowedHosts: list('ALLOWED_HOSTS'),
    smtpUrl: process.env['SMTP_URL'] || undefined,
    mailTimeZone: process.env['MAIL_TIME_ZONE'] || undefined,
    invitationTtlHours: positiveNumber('INVITATION_TTL_HOURS', 72) || 72,
    passwordResetTtlMinutes: positiveNumber('PASSWORD_RESET_TTL_MINUTES', 60) || 60,
    bigClientContacts: Math.floor(positiveNumber('SEED_BIG_CLIENT', 0)),
    logger: { level: process.env['LOG_LEVEL'] || 'warn' },
    apiToken: process.env['API_TOKEN'] || undefined,
    demoLogin,
    demoStaffPassword: process.env['DEMO_STAFF_PASSWORD'] || undefined,
    corsOrigins: list('CORS_ORIGINS'),
    trustProxy: list('TRUST_PROXY'),
    sessionIdleHours: positiveNumber('SESSION_IDLE_HOURS', 12) || 12,
    keepAliveTimeoutMs: (positiveNumber('KEEP_ALIVE_TIMEOUT_SECONDS', 72) || 72) * 1000,
  }).then(async (app) => {
    await app.listen({ host, port });
    return app;
  });
}

let app: Awaited<ReturnType<typeof start>>;
let shutdownDelay: number;
try {
  shutdownDelay = positiveNumber('SHUTDOWN_DELAY_SECONDS', 0);
  app = await start();
} catch (error) {
  // A setting that cannot work: one line saying why, no stack.
  if (!(error instanceof ConfigError) && !(error instanceof MailSettingsError)) throw error;
  console.error(`Not starting: ${error.message}`);
  process.exit(1);
}

// SIGTERM or SIGINT: /readyz says 503 for SHUTDOWN_DELAY_SECONDS (the load balancer stops sending requests), then the
// server closes: new requests get 503, the ones under way finish, the process exits. A second signal closes at once.
// Listened to before the banner: a supervisor may signal as soon as it reads it.
let closing: Promise<void> | undefined;
const close = () => (closing ??= app.close().then(() => process.exit(0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shutdownDelay === 0 || app.draining) return void close();
    app.drain();
    setTimeout(() => void close(), shutdownDelay * 1000);
  });
}

const { config } = app.ctx;
const address = app.server.address();
const listening = typeof address === 'object' && address ? address : undefined;
const url = listening ? `http://${listening.family === 'IPv6' ? `[${listening.address}]` : listening.address}:${listening.port}` : `http://${host}`;
if (config.mode === 'demo') {
  console.log(`Serving ${url}/  (demo; API ${url}/api/v1, database ${databaseName(config)})`);
  console.log('DEMO MODE, not for real use: demo data and staff users; ' +
    (config.demoLogin ? 'GET / signs loopback browsers in as staff user demo; ' : '') +
    (config.smtpUrl ? `mail over SMTP.` : `mail kept in the development mailbox ${url}/dev/mailbox (this machine only).`));
  console.log('Run NODE_ENV=production (with API_TOKEN, PUBLIC_URL and SMTP_URL) anywhere real.');
} else {
  console.log(`Serving ${url}/  (production; public URL ${config.publicUrl}, API ${config.publicUrl}/api/v1, database ${databaseName(config)})`);
}
console.log(`Portal ${config.publicUrl}/portal; invitation links open ${config.publicUrl}/invitation?token=...`);
console.log(config.apiToken ? 'API_TOKEN is set: Authorization: Bearer ... acts with rights on every client.' : 'API_TOKEN is not set: no bearer access.');

/** Where the data is, without the password of a PostgreSQL URL. */
function databaseName(config: { database: string; databaseUrl: string | undefined }): string {
  if (!config.databaseUrl) return config.database;
  const url = new URL(config.databaseUrl);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}`;
}
