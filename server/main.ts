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
 */
import { buildApp } from './app.js';

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(raw)}`);
  return value;
}

const port = positiveNumber('PORT', 8080);
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
});

await app.listen({ host, port });
const address = app.server.address();
const url = typeof address === 'object' && address ? `http://${host}:${address.port}` : origin;
console.log(`Serving ${url}/  (API ${url}/api/v1, mailbox ${url}/dev/mailbox, database ${app.ctx.config.database})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
