/**
 * What a host developer installs: from a clean clone of this repository's HEAD,
 * `npm pack` (which builds first); the tarball installed into a fresh project
 * with TypeScript (`strict`, `skipLibCheck: false`), React 19 and Vue 3 from the
 * npm registry (and into a second one with React 18); every TypeScript snippet
 * of the README and `host/types.tsx` compiled; a React host (on 19 and 18) and
 * the README's Vue component built with Vite and played in headless Chromium
 * against the reference backend: add a contact, the events arriving in the
 * host's handlers; re-renders that must make no request; a client switch with
 * a contact open.
 *
 * The clone reuses this work tree's `node_modules` as a hard-linked copy
 * (`npm ci` there would only be slower); everything else comes from the clone.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { launchBrowser, openPage, startServer, type RunningServer } from '../e2e/harness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const HOST_FIXTURE = join(ROOT, 'test/package/host');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${stdout}\n${stderr}`));
      else done(stdout);
    });
  });
}

/** The version installed here, so that the host's install comes from the npm cache. */
function installed(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The README's ```ts and ```tsx blocks, in order. */
function readmeSnippets(readme: string): { lang: string; code: string }[] {
  return [...readme.matchAll(/^```(tsx?)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

let work: string;
let host: string;
let host18: string;
let files: string[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cae-package-'));
  const clone = join(work, 'clone');
  host = join(work, 'host');
  host18 = join(work, 'host-react-18');

  // A clean clone of HEAD (nothing uncommitted, nothing ignored), with the dependencies of this work tree.
  mkdirSync(clone);
  await run('git', ['init', '--quiet'], clone);
  await run('git', ['fetch', '--quiet', '--depth=1', ROOT, 'HEAD'], clone);
  await run('git', ['checkout', '--quiet', 'FETCH_HEAD'], clone);
  const modules = join(clone, 'node_modules');
  await run('cp', ['-al', join(ROOT, 'node_modules'), modules], clone).catch(async () => {
    // Another file system (no hard links across devices): a real copy, slower.
    rmSync(modules, { recursive: true, force: true });
    await run('cp', ['-a', join(ROOT, 'node_modules'), modules], clone);
  });
  rmSync(join(modules, '.vite'), { recursive: true, force: true });

  // `npm pack` runs `prepack` (the build) first; its last line is the tarball's name.
  const tarball = join(work, (await run('npm', ['pack', '--pack-destination', work], clone)).trim().split('\n').pop()!);
  files = (await run('tar', ['-tzf', tarball], work)).split('\n').map((f) => f.replace(/^package\//, ''));

  mkdirSync(host);
  cpSync(HOST_FIXTURE, host, { recursive: true });
  writeFileSync(
    join(host, 'package.json'),
    JSON.stringify({
      name: 'host',
      private: true,
      type: 'module',
      dependencies: {
        'client-access-elements': `file:${tarball}`,
        react: installed('react'),
        'react-dom': installed('react-dom'),
        vue: installed('vue'),
      },
      devDependencies: {
        '@types/node': installed('@types/node'),
        '@types/react': installed('@types/react'),
        '@types/react-dom': installed('@types/react-dom'),
        '@vitejs/plugin-react': installed('@vitejs/plugin-react'),
        '@vitejs/plugin-vue': installed('@vitejs/plugin-vue'),
        typescript: '^7', // what `npm install typescript` gives a host developer today (the native tsc)
        vite: installed('vite'),
      },
    }),
  );
  const readme = readFileSync(join(clone, 'README.md'), 'utf8');
  mkdirSync(join(host, 'snippets'));
  readmeSnippets(readme).forEach(({ lang, code }, i) => writeFileSync(join(host, 'snippets', `readme-${i + 1}.${lang}`), code));
  // The README's Vue component is the Vue host's App.vue (compiled by Vite's SFC compiler, then played).
  const vue = [...readme.matchAll(/^```vue\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  assert.equal(vue.length, 1, 'the README shows one Vue component');
  writeFileSync(join(host, 'vue/App.vue'), vue[0]!);

  // The same React host on React 18: a project of its own (npm installs one React per project).
  mkdirSync(host18);
  cpSync(join(HOST_FIXTURE, 'react'), join(host18, 'react'), { recursive: true });
  writeFileSync(
    join(host18, 'package.json'),
    JSON.stringify({
      name: 'host-react-18',
      private: true,
      type: 'module',
      dependencies: { 'client-access-elements': `file:${tarball}`, react: '^18.3.1', 'react-dom': '^18.3.1' },
      devDependencies: { '@vitejs/plugin-react': installed('@vitejs/plugin-react'), vite: installed('vite') },
    }),
  );
  writeFileSync(
    join(host18, 'vite.config.js'),
    "import react from '@vitejs/plugin-react';\n" +
      "export default { root: 'react', base: './', logLevel: 'warn', build: { outDir: '../dist-react18', emptyOutDir: true }, plugins: [react()] };\n",
  );
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  await Promise.all([run('npm', install, host), run('npm', install, host18)]);
});

after(() => {
  if (work && !process.env['KEEP_PACKAGE_TEST']) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the npm build, the bundle and its chunks, the React components, the declarations and the manifest', () => {
    for (const file of [
      'package.json',
      'README.md',
      'openapi.yaml',
      'custom-elements.json',
      'dist/client-access-elements.js',
      'dist/contact-dialog.js',
      'dist/grant-access-dialog.js',
      'dist/react.js',
      'dist/client-access-elements.bundle.js',
      'dist/types/index.d.ts',
      'dist/types/api/schema.d.ts',
      'dist/types/react/index.d.ts',
      'dist/types/jsx.d.ts',
      'dist/types/vue.d.ts',
    ]) {
      assert.ok(files.includes(file), `${file} is missing from the tarball`);
    }
    assert.ok(files.some((f) => /^dist\/bundle-.*\.js$/.test(f)), "the bundle's chunks are missing");
    // V8's compile hint (vite.config.ts) survives minification and packing: each module of the bundle starts with it.
    for (const file of files.filter((f) => /^dist\/(bundle-.*|(client-access-elements|contact-dialog|grant-access-dialog)\.bundle)\.js$/.test(f))) {
      const head = readFileSync(join(host, 'node_modules/client-access-elements', file), 'utf8').slice(0, 40);
      assert.ok(head.startsWith('//# allFunctionsCalledOnLoad\n'), `${file} does not start with the compile hint`);
    }
    assert.deepEqual(files.filter((f) => /^(server|src|test|stories)\//.test(f)), [], 'only the build ships');
  });

  it('declares the browser libraries only as dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(host, 'node_modules/client-access-elements/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // Lit and its packages, and the Server-Sent Events parser the lazy live chunk reads the stream with.
    const browser = /^(lit|@lit\/.+|@lit-labs\/.+|eventsource-parser)$/;
    assert.deepEqual(Object.keys(pkg.dependencies).filter((name) => !browser.test(name)), []);
  });

  it('resolves every export in Node, and its manifest documents the four tags', async () => {
    const dir = join(host, 'node_modules/client-access-elements');
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    const runtime: string[] = [];
    for (const [entry, target] of Object.entries(exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        assert.ok(existsSync(join(dir, file)), `${entry}: ${file} is not in the package`);
      }
      if (typeof target === 'string' || target['default']) runtime.push(`client-access-elements${entry.slice(1)}`);
    }
    // Node resolves every runtime entry (the types-only ones, ./jsx and ./vue, are for tsc) and imports the manifest.
    const script = `
      for (const specifier of ${JSON.stringify(runtime)}) import.meta.resolve(specifier);
      const manifest = (await import('client-access-elements/custom-elements.json', { with: { type: 'json' } })).default;
      const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
      console.log(JSON.stringify(elements.map((d) => ({
        tag: d.tagName, attributes: (d.attributes ?? []).length, events: (d.events ?? []).map((e) => e.name),
        parts: (d.cssParts ?? []).length, properties: (d.cssProperties ?? []).length, slots: (d.slots ?? []).length,
      }))));
    `;
    const tags = JSON.parse(await run(process.execPath, ['--input-type=module', '-e', script], host)) as {
      tag: string;
      attributes: number;
      events: string[];
      parts: number;
      properties: number;
      slots: number;
    }[];
    const byTag = new Map(tags.map((t) => [t.tag, t]));
    assert.deepEqual([...byTag.keys()].sort(), ['client-access-provider', 'client-contacts', 'contact-dialog', 'grant-access-dialog']);
    assert.ok(byTag.get('client-access-provider')!.slots >= 1);
    for (const tag of ['client-contacts', 'contact-dialog', 'grant-access-dialog']) {
      const t = byTag.get(tag)!;
      assert.ok(t.attributes >= 3 && t.parts > 0 && t.properties > 0, `${tag}: ${JSON.stringify(t)}`);
      assert.ok(t.events.includes('request-close') && t.events.includes('access-saved'), `${tag}: ${t.events.join()}`);
    }
    assert.ok(byTag.get('client-contacts')!.events.includes('contact-open'));
  });

  it("compiles the README's TypeScript and the proof that the types are not any (strict, skipLibCheck: false)", async () => {
    await run(join(host, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], host);
  });
});

describe('hosts built with Vite, in Chromium, against the reference backend', () => {
  let server: RunningServer;
  let browser: Browser;
  const previews: PreviewServer[] = [];

  before(async () => {
    for (const mode of ['react', 'vue']) await run(join(host, 'node_modules/.bin/vite'), ['build', '--mode', mode], host);
    await run(join(host18, 'node_modules/.bin/vite'), ['build'], host18);
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of previews) await p.close();
    await browser?.close();
    await server?.stop();
  });

  /**
   * Serves a host's build, with /api proxied to the reference backend: one
   * origin, as behind a production reverse proxy (which keeps the Host header,
   * as the backend's cross-site check expects).
   */
  async function serve(mode: string): Promise<string> {
    const port = await freePort();
    const p = await preview({
      root: mode === 'react18' ? host18 : host,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: `dist-${mode}` },
      preview: { host: '127.0.0.1', port, strictPort: true, proxy: { '/api': { target: server.base, changeOrigin: false } } },
    });
    previews.push(p);
    return `http://127.0.0.1:${port}/`;
  }

  /** A page of the host, signed in as the demo staff user (the reference backend's demo page sets the cookie); `errors` gets the host page's errors. */
  async function open(mode: string, errors: string[]): Promise<Page> {
    // The demo page's own errors are not the host's (it wants the bundle in dist/, which npm test:package does not build).
    const page = await openPage(browser, server.base, []);
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    await page.goto(await serve(mode));
    return page;
  }

  async function addContact(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
    await dialog.getByLabel('Nom', { exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('contact-dialog').getByRole('status').getByText('Enregistré avec succès').waitFor();
  }

  for (const [mode, framework] of [
    ['react', /^React 19\./],
    ['react18', /^React 18\./],
  ] as const) {
    it(`${mode}: adds a contact, and the host's handlers get contact-open and contact-saved`, async () => {
      const errors: string[] = [];
      const page = await open(mode, errors);
      await page.getByText(framework).waitFor();
      const name = `Hôte ${mode} ${Date.now()}`;
      await addContact(page, name).catch((e: Error) => assert.fail(`${e.message}\n${errors.join('\n')}`));
      const events = page.getByRole('list', { name: 'Host events' });
      await events.getByText(`contact-saved created ${name}`, { exact: true }).waitFor();
      assert.deepEqual(await events.getByRole('listitem').allTextContents(), ['contact-open new', `contact-saved created ${name}`]);
      const manifest = await page.getByRole('link', { name: 'Custom elements manifest' }).getAttribute('href');
      const { schemaVersion } = (await (await page.request.get(new URL(manifest!, page.url()).href)).json()) as { schemaVersion: string };
      assert.match(schemaVersion, /^\d+\.\d+/);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it("vue: the README's component adds a contact, and its contact-saved handler lists it", async () => {
    const errors: string[] = [];
    const page = await open('vue', errors);
    const name = `Hôte vue ${Date.now()}`;
    await addContact(page, name).catch((e: Error) => assert.fail(`${e.message}\n${errors.join('\n')}`));
    const saved = page.locator('#app > ul > li');
    await saved.getByText(name, { exact: true }).waitFor();
    assert.deepEqual(await saved.allTextContents(), [name]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  /** Re-renders the React host `times` times (a new inline `headers` arrow each time), each render committed. */
  async function rerender(page: Page, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const shown = await page.getByText(/, \d+ re-renders$/).textContent();
      await page.evaluate(() => (window as unknown as { rerenderHost(): void }).rerenderHost());
      await page.getByText(new RegExp(`, ${Number(/(\d+) re-renders/.exec(shown!)![1]) + 1} re-renders$`)).waitFor();
    }
  }

  /** Lets whatever a render started reach the network (a request starts in the same task as the element's update). */
  const settle = (page: Page) => page.evaluate(() => new Promise((done) => setTimeout(done, 1000)));

  for (const mode of ['react', 'react18'] as const) {
    it(`${mode}: five re-renders of the host with an inline headers arrow make no request, with a dialog open too`, async () => {
      const errors: string[] = [];
      const page = await open(mode, errors);
      await page.getByRole('table', { name: 'Contacts associés à ce client' }).waitFor();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
      });
      await settle(page);
      requests.length = 0;
      await rerender(page, 5);
      await settle(page);
      assert.deepEqual(requests, [], 'the table reloaded');

      await page.getByRole('button', { name: 'Ajouter un contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
      await dialog.getByLabel('Nom', { exact: true }).fill('Pas encore enregistré');
      await settle(page);
      requests.length = 0;
      await rerender(page, 5);
      await settle(page);
      assert.deepEqual(requests, [], 'the table or the open dialog reloaded');
      assert.equal(await dialog.getByLabel('Nom', { exact: true }).inputValue(), 'Pas encore enregistré');
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it('react: another clientId with a contact open asks about the unsaved edit, then closes the dialog (no false "deleted" banner)', async () => {
    const errors: string[] = [];
    const page = await open('react', errors);
    const name = `Changement de client ${Date.now()}`;
    await addContact(page, name); // the dialog stays open on the contact just created
    const dialog = page.locator('contact-dialog');
    const title = dialog.getByLabel('Titre', { exact: true });
    await title.fill('Modifié, pas enregistré');

    await page.evaluate(() => (window as unknown as { switchClient(id: string): void }).switchClient('8005552'));
    await page.getByText('Client 8005552, ').waitFor();
    const discard = dialog.getByRole('button', { name: 'Abandonner' });
    await discard.waitFor();
    assert.equal(await title.inputValue(), 'Modifié, pas enregistré', 'the edit is kept while asking');
    assert.equal(await dialog.getByText("n'existe plus", { exact: false }).count(), 0);

    await discard.click();
    await page.locator('contact-dialog[open]').waitFor({ state: 'detached' });
    await page.getByRole('row', { name: new RegExp(name) }).waitFor({ state: 'detached' });
    assert.equal(await dialog.getByText("n'existe plus", { exact: false }).count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
