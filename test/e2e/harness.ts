/**
 * End-to-end harness: the reference server started as `npm start` starts it
 * (`server/main.ts`, its own process, a free port) on a new database of the
 * test engine (a temporary SQLite file; with `TEST_ENGINE=postgres` a new
 * PostgreSQL database, see server/test/databases.ts),
 * and the Debian Chromium driven by playwright-core. Playwright's locators see
 * into open shadow roots, so the tests find the elements' controls by role and
 * name as a user (or a screen reader) would.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CompiledQuery } from 'kysely';
import { openDatabase } from '../../server/db/database.js';
import { takeAway, testDatabase } from '../../server/test/databases.js';
import { CHROME_ARGS, findChrome } from '../find-chrome.mjs';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface RunningServer {
  base: string;
  mailbox(): Promise<Mail[]>;
  /** Raw SQL on the server's database (`?` placeholders), for what a test cannot wait for (an access past its end). */
  sql(text: string, ...params: unknown[]): Promise<void>;
  /** Takes the server's database away until the returned function brings it back (`takeAway`, server/test/databases.ts). */
  takeAwayDatabase(): Promise<() => Promise<void>>;
  /** SIGTERM; resolves with the process's exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `server/main.ts` as `npm start` does, on a temporary database.
 * `env` may depend on the port (`PUBLIC_URL`); `NODE_ENV` is the caller's
 * (unset: the demo).
 */
export async function startServer(env: Record<string, string> | ((port: number) => Record<string, string>) = {}): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'client-access-e2e-'));
  const port = await freePort();
  const extra = typeof env === 'function' ? env(port) : env;
  const { NODE_ENV: _ignored, ...inherited } = process.env;
  const database = await testDatabase(dir, 'e2e');
  const engine = { DATABASE: database.options.database ?? join(dir, 'unused.sqlite'), DATABASE_URL: database.options.databaseUrl ?? '' };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...inherited, PORT: String(port), ...engine, LOG_LEVEL: 'warn', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // or the test process waits for it forever
      reject(new Error(`server did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Serving (http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output}`));
    });
  });
  return {
    base,
    async mailbox() {
      const res = await fetch(`${base}/dev/mailbox.json`);
      const body = (await res.json()) as { items?: Mail[] } | Mail[];
      return Array.isArray(body) ? body : (body.items ?? []);
    },
    async sql(text, ...params) {
      const { store } = await openDatabase({ path: database.options.database ?? '', url: database.options.databaseUrl });
      try {
        let n = 0;
        const compiled = store.engine === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
        await store.db.executeQuery(CompiledQuery.raw(compiled, params));
      } finally {
        await store.close();
      }
    },
    takeAwayDatabase: () => takeAway(database.options),
    async stop() {
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (c) => r(c))));
      await database.drop();
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** A TCP relay in front of the server whose connections a test can cut, as a lost network or a proxy's restart would. */
export interface Relay {
  /** The server's address through the relay. */
  base: string;
  /** Drops every open connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startRelay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const relay = createServer((inbound) => {
    if (down) {
      inbound.destroy();
      return;
    }
    const outbound = connect(Number(port), hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined); // a cut connection: expected
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const drop = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    base: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    cut() {
      down = true;
      drop();
    },
    restore() {
      down = false;
    },
    close() {
      drop();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS.filter((a: string) => a !== '--headless=new') });
}

/** A page that fails the test on any uncaught error or console error. */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

/**
 * The server (`startServer(env)`) and Chromium of a test file: started before
 * its tests, stopped after them; read `suite.server` and `suite.browser` in
 * the tests.
 */
export function serverAndBrowser(env?: Parameters<typeof startServer>[0]): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      assert.ok(server, 'the server is started in before()');
      return server;
    },
    get browser() {
      assert.ok(browser, 'the browser is launched in before()');
      return browser;
    },
  };
}

/** The focused element (deep, through shadow roots) as `tag#id`, and its text. */
export async function focused(page: Page): Promise<{ element: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { element: el ? `${el.localName}${el.id ? `#${el.id}` : ''}` : 'none', text: el?.textContent?.trim() ?? '' };
  });
}

/** The newest mail to `email` with `subject` that holds an invitation link, waiting for it (some mails leave after the answer). */
export async function mailTo(server: RunningServer, email: string, subject: string): Promise<Mail & { link: string }> {
  for (let i = 0; i < 100; i++) {
    const mail = (await server.mailbox()).find((m) => m.to.includes(email) && m.subject === subject);
    const link = mail && /\/invitation\?token=[\w-]+/.exec(mail.text)?.[0];
    if (mail && link) return { ...mail, link };
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no mail "${subject}" to ${email}`);
}

/** The invitation mail's subject in the client's language. */
const INVITATION_SUBJECT = {
  fr: (userCode: string) => `Votre code d'utilisateur ${userCode} a été créé`,
  en: (userCode: string) => `Your user code ${userCode} has been created`,
};

/** A call of the API as the demo staff user (the demo page's sign-in cookie): the JSON answer, or the test fails. */
export type StaffCall = (method: string, path: string, json?: unknown, headers?: Record<string, string>) => Promise<Record<string, unknown>>;

/** Signs in as the demo page does (its cookie) and answers a `StaffCall`, the way a host's own code would call the API. */
export async function staffApi(server: RunningServer): Promise<StaffCall> {
  const home = await fetch(`${server.base}/`);
  const cookie = home.headers.getSetCookie()[0]!.split(';')[0]!;
  return async (method, path, json, headers = {}) => {
    const res = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'e2e-test', ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
}

/**
 * A contact of a client — by default the demo client (8005551, French; the
 * seed's 8005552 is English) — invited by the demo staff user: its id, user
 * code, the invitation's link, and `resend`, the staff's re-send of the invitation.
 */
export async function invitedContact(server: RunningServer, name: string, email: string, client: { code: string; language: 'fr' | 'en' } = { code: '8005551', language: 'fr' }) {
  const call = await staffApi(server);
  const contact = await call('POST', `/clients/${client.code}/contacts`, { name, email });
  const id = contact['id'] as string;
  const access = `/clients/${client.code}/contacts/${id}/access`;
  const { userCode } = (await call('GET', access)) as { userCode: string };
  await call('PUT', access, { userCode, email, sendInvitation: true });
  const { link } = await mailTo(server, email, INVITATION_SUBJECT[client.language](userCode));
  return { id, userCode, link, resend: () => call('POST', `${access}/invitation`) };
}
