/**
 * `npm start`: the reference backend on 127.0.0.1:${PORT:-8080}.
 *
 * Environment:
 *   PORT                  port (default 8080)
 *   DATABASE              SQLite file (default ./data/client-access.sqlite; `:memory:` works)
 *   PUBLIC_URL            origin used in e-mail links (default http://127.0.0.1:${PORT})
 *   SMTP_URL              send mail over SMTP instead of the development mailbox
 *   MAIL_FROM             From: of the e-mails
 *   MAIL_TIME_ZONE        time zone of the dates in the e-mails (default America/Toronto)
 *   INVITATION_TTL_HOURS  validity of an invitation link (default 72)
 *   SEED_BIG_CLIENT       create client 8009999 with this many contacts (once), e.g. 100000
 *   LOG_LEVEL             fastify log level (default warn)
 *   API_TOKEN             the host backend's service token (Authorization: Bearer ...); none: no bearer access
 *   DEMO_LOGIN            `off` to stop GET / from signing in as staff user demo (on by default: never anywhere real)
 *   DEMO_STAFF_PASSWORD   password of the seeded staff users demo and stagiaire (random at each start by default)
 *   CORS_ORIGINS          comma-separated origins allowed to call the API from a browser (CORS with credentials)
 *   TRUST_PROXY           comma-separated proxy addresses or CIDR blocks whose X-Forwarded-For is believed
 *   SESSION_IDLE_HOURS    a session ends after this long without a request (default 12)
 */
import { buildApp } from './app.js';

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(raw)}`);
  return value;
}

function list(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const port = positiveNumber('PORT', 8080);
const demoLogin = !['off', 'false', '0', 'no'].includes((process.env['DEMO_LOGIN'] ?? 'on').trim().toLowerCase());
const host = '127.0.0.1';
const origin = `http://${host}:${port}`;

const app = await buildApp({
  database: process.env['DATABASE'] || undefined,
  publicUrl: process.env['PUBLIC_URL'] || origin,
  smtpUrl: process.env['SMTP_URL'] || undefined,
  mailFrom: process.env['MAIL_FROM'] || undefined,
  mailTimeZone: process.env['MAIL_TIME_ZONE'] || undefined,
  invitationTtlHours: positiveNumber('INVITATION_TTL_HOURS', 72) || 72,
  bigClientContacts: Math.floor(positiveNumber('SEED_BIG_CLIENT', 0)),
  logger: { level: process.env['LOG_LEVEL'] || 'warn' },
  apiToken: process.env['API_TOKEN'] || undefined,
  demoLogin,
  demoStaffPassword: process.env['DEMO_STAFF_PASSWORD'] || undefined,
  corsOrigins: list('CORS_ORIGINS'),
  trustProxy: list('TRUST_PROXY'),
  sessionIdleHours: positiveNumber('SESSION_IDLE_HOURS', 12) || 12,
});

await app.listen({ host, port });
const address = app.server.address();
const url = typeof address === 'object' && address ? `http://${host}:${address.port}` : origin;
console.log(`Serving ${url}/  (API ${url}/api/v1, mailbox ${url}/dev/mailbox, database ${app.ctx.config.database})`);
console.log(`Portal ${url}/portal; invitation links open ${app.ctx.config.publicUrl}/invitation?token=...`);
if (app.demoStaffPassword !== undefined) {
  const from = process.env['DEMO_STAFF_PASSWORD'] ? 'DEMO_STAFF_PASSWORD' : 'random for this start; set DEMO_STAFF_PASSWORD to choose it';
  console.log(`Staff users: demo (every client), stagiaire (client 8005552 only); password: ${app.demoStaffPassword} (${from})`);
}
console.log(
  demoLogin
    ? 'DEMO_LOGIN is on: GET / signs the browser in as staff user demo. Turn it off (DEMO_LOGIN=off) anywhere real.'
    : 'DEMO_LOGIN is off: sign in with POST /api/v1/session (or at /portal).',
);
console.log(app.ctx.config.apiToken ? 'API_TOKEN is set: Authorization: Bearer ... acts with rights on every client.' : 'API_TOKEN is not set: no bearer access.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
