/**
 * `client-access-elements/testing` as a host uses it: the built modules only
 * (`dist/`, no server, no API), the elements rendered in Chromium against
 * `new FakeBackend()`, and the fake's failures recognised by the main entry's
 * `isBackendError` (one `BackendError` class, not a copy).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './harness.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
const PAGE = `<!doctype html><html lang="fr-CA"><head><link rel="icon" href="data:,"></head><body>
<client-access-provider><client-contacts client-id="8005551"></client-contacts></client-access-provider>
<script type="module">
  import { isBackendError } from './client-access-elements.bundle.js';
  import { FakeBackend, SEED_CLIENT_ID } from './testing.bundle.js';
  document.querySelector('client-access-provider').backend = new FakeBackend();
  const failing = new FakeBackend({ fail: 'server-error' });
  window.failure = failing.getClient(SEED_CLIENT_ID).then(
    () => 'resolved',
    (e) => (isBackendError(e) ? 'BackendError ' + e.status : 'other error'),
  );
</script></body></html>`;

let server: Server;
let base: string;
let browser: Browser;
const requested: string[] = [];

before(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    try {
      const body = await readFile(join(DIST, normalize(path)));
      res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('client-access-elements/testing', () => {
  it('renders the elements against new FakeBackend() without any server', async () => {
    const errors: string[] = [];
    const page = await openPage(browser, `${base}/`, errors);
    await page.locator('client-contacts').getByText('Mireille Couture').waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { failure: Promise<string> }).failure), 'BackendError 500');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      requested.filter((p) => p !== '/' && !/^\/[\w.-]+\.js$/.test(p)),
      [],
      'only the page and built modules were requested: no API call',
    );
    await page.context().close();
  });
});
