import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Access, AuditEvent, Contact, Problem } from '../../src/api/types.js';
import { header, part, startSink, tokenIn, until, type Sink } from './smtp-sink.js';
import { BROWSING_CLIENT, MIREILLE, PUBLIC_URL, REFERENCE_CLIENT, type TestServer, countRows, snapshot, startServer } from './harness.js';

function dkimKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    txt: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** mailauth's DKIM check of a raw message, with a DNS that knows one record. */
async function verifyDkim(raw: string, record: string, txt: string) {
  const resolver = async (name: string, type: string) => {
    if (name === record && type === 'TXT') return [[txt]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return (await dkimVerify(Buffer.from(raw), { resolver })).results;
}

async function grant(server: TestServer, client: string, contact: { name: string; email: string }) {
  const created = await server.request<Contact>('POST', `/api/v1/clients/${client}/contacts`, { json: contact });
  const access = `/api/v1/clients/${client}/contacts/${created.body.id}/access`;
  const code = (await server.request<Access>('GET', access)).body.userCode;
  const res = await server.request<Access | Problem>('PUT', access, { json: { userCode: code, email: contact.email, sendInvitation: true } });
  return { access, code, res, contactId: Number(created.body.id) };
}

const KEYS = dkimKeys();
const DKIM = { domainName: 'actbl.example', keySelector: 'mail2026', privateKey: KEYS.privateKey };
const DKIM_RECORD = 'mail2026._domainkey.actbl.example';

describe('the sink reads a mail as a mail client would', () => {
  it('reads the whole link when a quoted-printable line wraps inside the token just before "--"', async () => {
    const token = `${'a'.repeat(20)}--${'b'.repeat(21)}`;
    let wrappedAtDashes = 0;
    for (let pad = 0; pad < 80; pad++) {
      const text = `Bonjour ${'é'.repeat(pad)},\n${PUBLIC_URL}/invitation?token=${token}\n`;
      const raw = (await new MailComposer({ from: 'a@example.com', to: 'b@example.com', text, html: `<p>${text}</p>` }).compile().build()).toString('utf8');
      if (/=\r?\n--(?!-)/.test(raw)) wrappedAtDashes++;
      assert.equal(tokenIn(part(raw, 'text/plain')), token, raw);
    }
    assert.ok(wrappedAtDashes > 0, 'no padding wrapped the line just before "--"');
  });
});

describe('invitation over real SMTP', () => {
  let sink: Sink;
  let server: TestServer;
  before(async () => {
    sink = await startSink();
    server = await startServer({
      smtpUrl: sink.url,
      mailFrom: 'ACT BL Solutions <no-reply@actbl.example>',
      mailReplyTo: 'Service à la clientèle <support@actbl.example>',
      dkim: DKIM,
    });
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
    const token = tokenIn(text);
    const html = part(mail.raw, 'text/html');
    assert.match(html, /<html lang="fr"/);
    assert.ok(html.includes(`href="${PUBLIC_URL}/invitation?token=${token}"`));

    // The database keeps the hash, a redacted log, never the token.
    const stored = JSON.stringify(await snapshot(server.db));
    assert.ok(!stored.includes(token));
    assert.ok(stored.includes(createHash('sha256').update(token).digest('hex')));
    const log = await server.db.get("SELECT status, transport, text FROM mailbox WHERE to_address = ?", MIREILLE.email) as {
      status: string;
      transport: string;
      text: string;
    };
    assert.equal(log.status, 'sent');
    assert.equal(log.transport, 'smtp');
  });

  it('carries Message-ID, Date, Auto-Submitted and Reply-To, and a DKIM signature that verifies with the published key', async () => {
    const mail = sink.received[0]!;
    assert.match(header(mail.raw, 'Message-ID'), /^<[0-9a-f-]{36}@actbl\.example>$/);
    const date = Date.parse(header(mail.raw, 'Date'));
    assert.ok(Math.abs(date - Date.now()) < 60_000, header(mail.raw, 'Date'));
    assert.equal(header(mail.raw, 'Auto-Submitted'), 'auto-generated');
    assert.equal(header(mail.raw, 'Reply-To'), 'Service à la clientèle <support@actbl.example>');
    assert.match(header(mail.raw, 'DKIM-Signature'), /d=actbl\.example; .*s=mail2026/);

    const [result] = await verifyDkim(mail.raw, DKIM_RECORD, KEYS.txt);
    assert.equal(result?.status.result, 'pass', JSON.stringify(result));
    assert.equal(result?.signingDomain, 'actbl.example');
    // The check can fail: another key, or a message changed on the way.
    const [otherKey] = await verifyDkim(mail.raw, DKIM_RECORD, dkimKeys().txt);
    assert.notEqual(otherKey?.status.result, 'pass');
    const [tampered] = await verifyDkim(mail.raw.replace('Mireille Couture', 'Mireille Coutur3'), DKIM_RECORD, KEYS.txt);
    assert.notEqual(tampered?.status.result, 'pass');
  });

  it('delivers the English invitation for an English client', async () => {
    const before = sink.received.length;
    const { code, res } = await grant(server, BROWSING_CLIENT, { name: 'Henry Walsh Jr', email: 'henry.jr@example.com' });
    assert.equal(res.status, 200);
    const mail = sink.received[before]!;
    assert.deepEqual(mail.to, ['henry.jr@example.com']);
    assert.equal(header(mail.raw, 'Subject'), `Your user code ${code} has been created`);
    const text = part(mail.raw, 'text/plain');
    assert.match(text, /Hello Henry Walsh Jr/);
    assert.match(text, /set your own confidential password/);
    tokenIn(text);
    assert.match(part(mail.raw, 'text/html'), /<html lang="en"/);
  });

  it('re-sends as "Vos informations de connexion": the same user code, a new link', async () => {
    const before = sink.received.length;
    const { access, code, res } = await grant(server, REFERENCE_CLIENT, { name: 'Renée Envoi', email: 'renee.envoi@example.com' });
    assert.equal(res.status, 200);
    assert.equal((res.body as Access).invitationPending, undefined, 'a mail that left is not pending');
    const again = await server.request<Access>('POST', `${access}/invitation`);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.invitationPending, undefined);
    const [first, second] = sink.received.slice(before);
    assert.ok(first && second);
    assert.equal(header(second.raw, 'Subject'), 'Vos informations de connexion');
    const text = part(second.raw, 'text/plain');
    assert.match(text, new RegExp(`Votre code d'utilisateur : ${code}`));
    assert.notEqual(tokenIn(text), tokenIn(part(first.raw, 'text/plain')));
  });
});

describe('a send that fails is retried from the outbox', () => {
  let sink: Sink;
  let server: TestServer;
  before(async () => {
    sink = await startSink();
    server = await startServer({ smtpUrl: sink.url, dkim: DKIM, mailRetryDelaysMs: [50, 100, 100] });
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  it('fails twice (451), then arrives once with a working link; the history shows both failures, then the sending', async () => {
    sink.deferNext = 2;
    const offered = sink.offered;
    const email = 'deux.essais@example.com';
    const { access, res, contactId } = await grant(server, REFERENCE_CLIENT, { name: 'Deux Essais', email });
    assert.equal(res.status, 202, res.text);
    assert.equal((res.body as Access).status, 'invited');
    assert.equal((res.body as Access).invitationPending, true, 'the answer says the mail waits for a retry');
    const history = async () => (await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`)).body.items;
    assert.deepEqual((await history()).map((e) => e.action), ['invitation-failed', 'access-created']);
    assert.match((await history())[0]!.detail ?? '', /attempt 1 failed \(.*451.*\); next attempt at/);

    await until(() => sink.received.some((m) => m.to.includes(email)), 'the third attempt');
    await until(async () => await countRows(server.db, 'mailbox', "to_address = ? AND status = 'sent'", email) === 1, 'the mail marked sent');
    assert.equal(sink.offered - offered, 3, 'three attempts');
    assert.equal(sink.received.filter((m) => m.to.includes(email)).length, 1, 'arrives once');
    const row = await server.db.get('SELECT status, attempts, next_attempt_at FROM mailbox WHERE to_address = ?', email);
    assert.deepEqual(row, { status: 'sent', attempts: 3, next_attempt_at: null });
    const trail = await history();
    assert.deepEqual(trail.map((e) => e.action), ['invitation-sent', 'invitation-failed', 'invitation-failed', 'access-created']);
    assert.match(trail[0]!.detail ?? '', /attempt 3/);
    assert.equal(trail[0]!.actor, 'api-token');

    // The retried mail is signed too, and its link (a new token) is the one that works.
    const mail = sink.received.find((m) => m.to.includes(email))!;
    assert.equal((await verifyDkim(mail.raw, DKIM_RECORD, KEYS.txt))[0]?.status.result, 'pass');
    const token = tokenIn(part(mail.raw, 'text/plain'));
    const accept = await server.request('POST', '/api/v1/invitations/accept', {
      anonymous: true,
      json: { token, password: 'une phrase de passe assez longue' },
      headers: { 'x-requested-with': 'test' },
    });
    assert.equal(accept.status, 204, accept.text);
    assert.equal(await countRows(server.db, 'invitations', 'contact_id = ?', contactId), 1);
  });

  it('gives up after the last delay and says so in the history; nothing is sent twice', async () => {
    sink.deferNext = 4; // the first attempt and the three retries
    const email = 'jamais@example.com';
    const { access, res } = await grant(server, REFERENCE_CLIENT, { name: 'Jamais Reçu', email });
    assert.equal(res.status, 202);
    await until(async () => await countRows(server.db, 'mailbox', "to_address = ? AND status = 'failed'", email) === 1, 'the mail marked failed');
    const trail = (await server.request<{ items: AuditEvent[] }>('GET', `${access}/history`)).body.items;
    assert.deepEqual(trail.map((e) => e.action), ['invitation-failed', 'invitation-failed', 'invitation-failed', 'invitation-failed', 'access-created']);
    assert.match(trail[0]!.detail ?? '', /attempt 4 failed .*no more attempts: send the invitation again/);
    assert.equal(sink.received.filter((m) => m.to.includes(email)).length, 0);
    // Staff send it again: it goes.
    sink.deferNext = 0;
    assert.equal((await server.request('POST', `${access}/invitation`)).status, 200);
    assert.equal(sink.received.filter((m) => m.to.includes(email)).length, 1);
  });

  it('drops a queued mail whose link was replaced by a re-send: one mail arrives, the newer', async () => {
    // A retry a minute away, brought about by the clock once the re-send is done: with this describe's 50 ms, a busy
    // machine could retry the first mail before the re-send.
    const patient = await startServer({ smtpUrl: sink.url, mailRetryDelaysMs: [60_000] });
    try {
      sink.deferNext = 1;
      const email = 'remplace@example.com';
      const { access, res } = await grant(patient, REFERENCE_CLIENT, { name: 'Lien Remplacé', email });
      assert.equal(res.status, 202);
      const again = await patient.request('POST', `${access}/invitation`);
      assert.equal(again.status, 200);
      patient.clock.advanceHours(0.02); // 72 s
      patient.app.ctx.outbox.wake();
      await until(async () => await countRows(patient.db, 'mailbox', "to_address = ? AND status = 'cancelled'", email) === 1, 'the first mail dropped');
      const mails = sink.received.filter((m) => m.to.includes(email));
      assert.equal(mails.length, 1);
      assert.equal(header(mails[0]!.raw, 'Subject'), 'Vos informations de connexion');
    } finally {
      await patient.close();
    }
  });

  it('answers 502 and saves nothing when the mail server refuses the address for good (550)', async () => {
    sink.unknownUsers.add('inconnu@example.com');
    const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, {
      json: { name: 'Adresse Inconnue', email: 'inconnu@example.com' },
    });
    const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const before = await snapshot(server.db);
    const res = await server.request<Problem>('PUT', access, { json: { userCode: code, email: 'inconnu@example.com', sendInvitation: true } });
    assert.equal(res.status, 502);
    assert.match(res.body.detail ?? '', /550.*Nothing was saved/);
    assert.deepEqual(await snapshot(server.db), before);
  });
});

describe('SMTP server unreachable', () => {
  it('keeps the access, answers 202 and queues the mail; without retries it answers 502 and saves nothing', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const server = await startServer({ smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      const { access, res, contactId } = await grant(server, REFERENCE_CLIENT, MIREILLE);
      assert.equal(res.status, 202, res.text);
      assert.equal((await server.request<Access>('GET', access)).body.status, 'invited');
      const row = await server.db.get('SELECT status, attempts, last_error, next_attempt_at FROM mailbox WHERE contact_id = ?', contactId) as {
        status: string;
        attempts: number;
        last_error: string;
        next_attempt_at: string;
      };
      assert.equal(row.status, 'retrying');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error, /ECONNREFUSED/);
      const wait = Date.parse(row.next_attempt_at) - Date.now();
      assert.ok(wait > 50_000 && wait <= 60_000, `first retry in a minute, not ${wait} ms`);
    } finally {
      await server.close();
    }

    const strict = await startServer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailRetryDelaysMs: [] });
    try {
      const created = await strict.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE });
      const access = `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}/access`;
      const code = (await strict.request<Access>('GET', access)).body.userCode;
      const before = await snapshot(strict.db);
      const res = await strict.request<Problem>('PUT', access, { json: { userCode: code, email: MIREILLE.email, sendInvitation: true } });
      assert.equal(res.status, 502);
      assert.match(res.body.detail ?? '', /ECONNREFUSED.*Nothing was saved/);
      assert.deepEqual(await snapshot(strict.db), before);
      assert.equal((await strict.request<Access>('GET', access)).body.status, 'none');
    } finally {
      await strict.close();
    }
  });
});
