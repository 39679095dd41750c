import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { Access, Contact, Problem } from '../../src/api/types.js';
import { BROWSING_CLIENT, MIREILLE, PUBLIC_URL, REFERENCE_CLIENT, type TestServer, snapshot, startServer } from './harness.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives. */
async function startSink(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  const address = sink.server.address();
  assert.ok(address && typeof address === 'object');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(decodeQP(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
    );
}

/** Quoted-printable to a binary string (bytes as latin1 characters). */
function decodeQP(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeHeader(line.slice(name.length + 1).trim()) : '';
}

/** The decoded body of the first MIME part of the given type. */
function part(raw: string, type: string): string {
  const start = raw.search(new RegExp(`Content-Type: ${type.replace('/', '\\/')}`, 'i'));
  assert.ok(start >= 0, `no ${type} part`);
  const rest = raw.slice(start);
  const [headers, ...bodyParts] = rest.split(/\r?\n\r?\n/);
  const body = bodyParts.join('\n\n').split(/\r?\n--/)[0]!;
  const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(headers!)?.[1]?.toLowerCase();
  const bytes = encoding === 'quoted-printable' ? decodeQP(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('latin1') : body;
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('invitation over real SMTP', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let server: TestServer;
  before(async () => {
    sink = await startSink();
    server = await startServer({ smtpUrl: sink.url, mailFrom: 'ACT BL Solutions <no-reply@actbl.example>' });
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  it('delivers the French invitation: recipient, subject, user code, link with a token', async () => {
    const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE });
    const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const res = await server.request<Access>('PUT', access, {
      json: { userCode: code, email: MIREILLE.email, allowedIps: ['123.54.65.78'], branchId: 'actbl-montreal', sendInvitation: true },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'invited');

    assert.equal(sink.received.length, 1);
    const mail = sink.received[0]!;
    assert.deepEqual(mail.to, [MIREILLE.email]);
    assert.equal(mail.from, 'no-reply@actbl.example');
    assert.equal(header(mail.raw, 'To'), MIREILLE.email);
    assert.equal(header(mail.raw, 'Subject'), `Votre code d'utilisateur ${code} a été créé`);
    const text = part(mail.raw, 'text/plain');
    assert.match(text, /Bonjour Mireille Couture/);
    assert.match(text, new RegExp(`Votre code d'utilisateur : ${code}`));
    assert.match(text, /établissez d’abord votre propre mot de passe confidentiel/);
    assert.match(text, /Ce lien expire le/);
    const link = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/invitation\\?token=([A-Za-z0-9_-]{43})`).exec(text);
    assert.ok(link, text);
    const token = link[1]!;
    const html = part(mail.raw, 'text/html');
    assert.match(html, /<html lang="fr">/);
    assert.ok(html.includes(`href="${PUBLIC_URL}/invitation?token=${token}"`));

    // The database keeps the hash, a redacted log, never the token.
    const stored = JSON.stringify(snapshot(server.db));
    assert.ok(!stored.includes(token));
    assert.ok(stored.includes(createHash('sha256').update(token).digest('hex')));
    const log = server.db.prepare("SELECT status, transport, text FROM mailbox WHERE to_address = ?").get(MIREILLE.email) as {
      status: string;
      transport: string;
      text: string;
    };
    assert.equal(log.status, 'sent');
    assert.equal(log.transport, 'smtp');
  });

  it('delivers the English invitation for an English client', async () => {
    const created = await server.request<Contact>('POST', `/api/v1/clients/${BROWSING_CLIENT}/contacts`, {
      json: { name: 'Henry Walsh Jr', email: 'henry.jr@example.com' },
    });
    const access = `/api/v1/clients/${BROWSING_CLIENT}/contacts/${created.body.id}/access`;
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const before = sink.received.length;
    const res = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'henry.jr@example.com', sendInvitation: true } });
    assert.equal(res.status, 200);
    const mail = sink.received[before]!;
    assert.deepEqual(mail.to, ['henry.jr@example.com']);
    assert.equal(header(mail.raw, 'Subject'), `Your user code ${code} has been created`);
    const text = part(mail.raw, 'text/plain');
    assert.match(text, /Hello Henry Walsh Jr/);
    assert.match(text, /set your own confidential password/);
    assert.match(text, /invitation\?token=[A-Za-z0-9_-]{43}/);
  });
});

describe('SMTP server unreachable', () => {
  it('answers 502 and saves nothing', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const server = await startServer({ smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE });
      const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
      const code = (await server.request<Access>('GET', access)).body.userCode;
      const before = snapshot(server.db);
      const res = await server.request<Problem>('PUT', access, { json: { userCode: code, email: MIREILLE.email, sendInvitation: true } });
      assert.equal(res.status, 502);
      assert.match(res.body.detail ?? '', /Nothing was saved/);
      assert.deepEqual(snapshot(server.db), before);
      assert.equal((await server.request<Access>('GET', access)).body.status, 'none');
    } finally {
      await server.close();
    }
  });
});
