/**
 * A real SMTP server for the tests (smtp-server on 127.0.0.1, port 0) that
 * keeps what it receives, and the few MIME readings the tests need.
 */
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { PUBLIC_URL } from './harness.js';

export interface Received {
  from: string;
  to: string[];
  raw: string;
}

export interface Sink {
  url: string;
  received: Received[];
  /** Answer the next N messages with a 451 (try again later) after reading them. */
  deferNext: number;
  /** How many messages were offered (DATA), deferred ones included. */
  offered: number;
  /** Recipients refused for good (550 at RCPT TO). */
  unknownUsers: Set<string>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives. */
export async function startSink(): Promise<Sink> {
  const state = { deferNext: 0, offered: 0, unknownUsers: new Set<string>() };
  const received: Received[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.unknownUsers.has(address.address)) {
        callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.offered++;
        if (state.deferNext > 0) {
          state.deferNext--;
          callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          return;
        }
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
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  });
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A DKIM key pair and the DNS TXT record that publishes it. */
export function tokenIn(text: string): string {
  const link = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/invitation\\?token=([A-Za-z0-9_-]{43})`).exec(text);
  assert.ok(link, text);
  return link[1]!;
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

export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeHeader(line.slice(name.length + 1).trim()) : '';
}

/** The decoded body of the first MIME part of the given type. */
export function part(raw: string, type: string): string {
  const start = raw.search(new RegExp(`Content-Type: ${type.replace('/', '\\/')}`, 'i'));
  assert.ok(start >= 0, `no ${type} part`);
  const rest = raw.slice(start);
  const [headers, ...bodyParts] = rest.split(/\r?\n\r?\n/);
  // A part ends at the next boundary line. A line that merely starts with "--"
  // (a quoted-printable line wrapped inside a token, say) does not end it.
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const joined = bodyParts.join('\n\n');
  const body = boundaries.length ? joined.split(new RegExp(`\\r?\\n--(?:${boundaries.join('|')})`))[0]! : joined;
  const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(headers!)?.[1]?.toLowerCase();
  const bytes = encoding === 'quoted-printable' ? decodeQP(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('latin1') : body;
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

