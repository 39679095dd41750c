import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Access, Contact, Problem } from '../../src/api/types.js';
import { contract } from './contract.js';
import { API_TOKEN, MIREILLE, PUBLIC_URL, REFERENCE_CLIENT, type RequestOptions, type TestServer, snapshot, startServer, testDatabase } from './harness.js';

const contacts = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;

function assertProblem(res: { status: number; headers: Headers; body: unknown }, status: number): Problem {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = res.body as Problem;
  assert.equal(problem.status, status);
  assert.equal(typeof problem.type, 'string');
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.detail, 'string');
  return problem;
}

describe('errors are problem+json, and nothing is written', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('400 for malformed JSON', async () => {
    const before = await snapshot(server.db);
    const res = await server.request('POST', contacts, { body: '{"name": "Mireille', headers: { 'content-type': 'application/json' } });
    assert.match(assertProblem(res, 400).detail ?? '', /not valid JSON/);
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('400 for an empty body, or JSON that is not an object', async () => {
    for (const body of ['', '[]', '"Mireille"', 'null', '42']) {
      const before = await snapshot(server.db);
      const res = await server.request('POST', contacts, { body, headers: { 'content-type': 'application/json' } });
      assertProblem(res, 400);
      assert.deepEqual(await snapshot(server.db), before, body);
    }
  });

  it('takes an empty body labelled JSON as no body where none is needed', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Corps Vide', email: 'vide@example.com' } });
    const access = `${contacts}/${created.body.id}/access`;
    const saved = await server.request<Access>('PUT', access, { json: { userCode: `vide-${created.body.id}`, email: 'vide@example.com' } });
    assert.equal(saved.status, 200);
    const json = { 'content-type': 'application/json' };
    assert.equal((await server.request('POST', `${access}/invitation`, { body: '', headers: json })).status, 200);
    assert.equal((await server.request('DELETE', access, { body: '', headers: json })).status, 200);
    assert.equal((await server.request('DELETE', `${contacts}/${created.body.id}`, { body: '', headers: json })).status, 204);
  });

  it('400 for JSON prototype poisoning', async () => {
    const res = await server.request('POST', contacts, { body: '{"name":"x","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
    assertProblem(res, 400);
  });

  it('415 for another content type, or none', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const before = await snapshot(server.db);
      const res = await server.request('POST', contacts, { body: JSON.stringify(MIREILLE), headers: { 'content-type': type } });
      assertProblem(res, 415);
      assert.deepEqual(await snapshot(server.db), before);
    }
    const res = await server.request('POST', contacts, { body: new TextEncoder().encode(JSON.stringify(MIREILLE)) });
    assertProblem(res, 415);
    const charset = await server.request<Contact>('POST', contacts, {
      body: JSON.stringify({ name: 'Avec Charset' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(charset.status, 201);
  });

  it('413 for a body over 64 KB', async () => {
    const before = await snapshot(server.db);
    const res = await server.request('POST', contacts, { json: { name: 'Gros', location: 'x'.repeat(70 * 1024) } });
    assertProblem(res, 413);
    assert.deepEqual(await snapshot(server.db), before);
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Petit' } });
    const put = await server.request('PUT', `${contacts}/${created.body.id}/access`, {
      json: { userCode: 'gros', email: 'g@example.com', padding: 'x'.repeat(65 * 1024) },
    });
    assertProblem(put, 413);
  });

  it('DELETE answers a bad body with 400, 413 or 415, as the contract declares, and deletes nothing', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Corps de Delete', email: 'delete@example.com' } });
    const contact = `${contacts}/${created.body.id}`;
    await server.request('PUT', `${contact}/access`, { json: { userCode: `delete-${created.body.id}`, email: 'delete@example.com' } });
    const bodies: [number, RequestOptions][] = [
      [400, { body: '{"a":', headers: { 'content-type': 'application/json' } }],
      [413, { json: { padding: 'x'.repeat(65 * 1024) } }],
      [415, { body: 'x', headers: { 'content-type': 'text/plain' } }],
    ];
    const before = await snapshot(server.db);
    for (const path of [contact, `${contact}/access`, '/api/v1/session']) {
      for (const [status, options] of bodies) assertProblem(await server.request('DELETE', path, options), status);
    }
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('404 for an unknown route, in and out of the API', async () => {
    assertProblem(await server.request('GET', '/api/v1/nothing'), 404);
    assertProblem(await server.request('GET', '/api/v1/clients/8005551/contacts/1/access/extra'), 404);
    assertProblem(await server.request('GET', '/no/such/page'), 404);
    assertProblem(await server.request('GET', '/api/v1/nothing', { anonymous: true }), 404);
  });

  it('500 as problem+json without leaking the error', async () => {
    const { buildApp } = await import('../app.js');
    const dir = await mkdtemp(join(tmpdir(), 'client-access-500-'));
    const database = await testDatabase(dir);
    const app = await buildApp({ ...database.options, passwordHashCost: 10 });
    app.get('/boom', async () => {
      throw new Error('secret internal detail');
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      assert.ok(address && typeof address === 'object');
      const res = await fetch(`http://127.0.0.1:${address.port}/boom`);
      assert.equal(res.status, 500);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const text = await res.text();
      assert.doesNotMatch(text, /secret/);
      assert.equal((JSON.parse(text) as Problem).status, 500);
    } finally {
      await app.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('development mailbox and pages', () => {
  let server: TestServer;
  before(async () => {
    // An ALLOWED_HOSTS name: accepted, but the links still come from PUBLIC_URL.
    server = await startServer({ allowedHosts: ['other-name.example'] });
  });
  after(() => server.close());

  it('lists sent mails as JSON and escaped HTML with a clickable link', async () => {
    const empty = await server.request<{ items: unknown[] }>('GET', '/dev/mailbox.json');
    assert.deepEqual(empty.body, { items: [] });
    const page0 = await server.request('GET', '/dev/mailbox');
    assert.match(page0.text, /No mail was sent yet/);

    const created = await server.request<Contact>('POST', contacts, {
      json: { name: '<script>alert("x")</script> & Cie', email: 'evil@example.com' },
    });
    const access = `${contacts}/${created.body.id}/access`;
    const code = (await server.request<Access>('GET', access)).body.userCode;
    const saved = await server.request<Access>('PUT', access, { json: { userCode: code, email: 'evil@example.com', sendInvitation: true } });
    assert.equal(saved.status, 200);

    const json = await server.request<{ items: { to: string; subject: string; date: string; text: string; html: string; links: string[] }[] }>(
      'GET',
      '/dev/mailbox.json',
    );
    assert.equal(json.body.items.length, 1);
    const mail = json.body.items[0]!;
    assert.equal(mail.to, 'evil@example.com');
    assert.ok(!Number.isNaN(Date.parse(mail.date)));
    assert.equal(mail.links.length, 1);
    assert.ok(mail.links[0]!.startsWith(`${PUBLIC_URL}/invitation?token=`));
    assert.doesNotMatch(mail.html, /<script>/);

    const page = await server.request('GET', '/dev/mailbox');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.doesNotMatch(page.text, /<script>/);
    assert.match(page.text, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; Cie/);
    assert.ok(page.text.includes(`<a href="${mail.links[0]}">`), 'the link is clickable');
    assert.ok(page.text.includes('evil@example.com'));
    assert.ok(page.text.includes(mail.subject.replace(/'/g, '&#39;')));
  });

  it('takes the link origin from the configuration, never from the Host header (even an allowed one)', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Hôte', email: 'hote@example.com' } });
    const path = `${contacts}/${created.body.id}/access`;
    const body = JSON.stringify({ userCode: `hote-${created.body.id}`, email: 'hote@example.com', sendInvitation: true });
    const url = new URL(server.base);
    const { status, text, type } = await new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'PUT',
          headers: {
            host: 'other-name.example',
            'x-forwarded-host': 'evil.example',
            authorization: `Bearer ${API_TOKEN}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (data += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: data, type: String(res.headers['content-type']) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.deepEqual(
      contract().check({ method: 'PUT', url: path, status, contentType: type, headers: { has: (n) => n.toLowerCase() === 'etag' }, text }),
      [],
    );
    assert.equal(status, 200);
    const mails = await server.request<{ items: { to: string; text: string; html: string }[] }>('GET', '/dev/mailbox.json');
    const mail = mails.body.items.find((m) => m.to === 'hote@example.com');
    assert.ok(mail);
    assert.doesNotMatch(mail.text + mail.html, /evil\.example|other-name/);
    assert.match(mail.text, /https:\/\/portal\.example\.test\/invitation\?token=/);
  });

  it('serves the demo page at /', async () => {
    const res = await server.request('GET', '/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.text, /Hervé David/);
  });
});

describe('static files', () => {
  it('serves demo/ at / and dist/ at /dist/ from the project root', async () => {
    const root = await mkdtemp(join(tmpdir(), 'client-access-root-'));
    await mkdir(join(root, 'demo'));
    await writeFile(join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title><client-contacts></client-contacts>');
    const server = await startServer({ rootDir: root });
    try {
      const home = await server.request('GET', '/');
      assert.match(home.text, /<client-contacts>/);
      assert.equal((await server.request('GET', '/dist/client-access.js')).status, 404);
      // dist/ may appear after start-up (a build while the server runs).
      await mkdir(join(root, 'dist'));
      await writeFile(join(root, 'dist', 'client-access.js'), 'export const built = true;');
      const res = await server.request('GET', '/dist/client-access.js');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
      assert.equal(res.text, 'export const built = true;');
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
