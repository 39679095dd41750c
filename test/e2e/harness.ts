/**
 * End-to-end harness: the reference server started as `npm start` starts it
 * (`server/main.ts`, its own process, a free port) on a new database of the
 * test engine (a temporary SQLite file; with `TEST_ENGINE=postgres` a new
 * PostgreSQL database, see server/test/databases.ts),
 * and the Debian Chromium driven by playwright-core. Playwright's locators see
 * into open shadow roots, so the tests find the elements' controls by role and
 * name as a user (or a screen reader) would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDatabase } from '../../server/test/databases.js';
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
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
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
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await database.drop();
      await rm(dir, { recursive: true, force: true });
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
