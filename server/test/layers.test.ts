/**
 * The server's layers (issue 12): the routes' shapes are checked by schemas
 * derived from openapi.yaml (schemas.ts), a route hands the rows it
 * authorised to the service (each row read once), and routes reach the data
 * through services only.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { Access, Contact } from '../../src/api/types.js';
import { type JsonObject, operationSchemas, registerContractSchemas } from '../schemas.js';
import { MIREILLE, REFERENCE_CLIENT, type TestServer, snapshot, startServer } from './harness.js';

/** Counts the calls of `object[method]` until `restore()`. */
function count<T extends object>(object: T, method: keyof T): { calls: number; restore(): void } {
  const original = object[method] as (...args: unknown[]) => unknown;
  const counter = {
    calls: 0,
    restore: () => {
      object[method] = original as T[keyof T];
    },
  };
  object[method] = function (this: unknown, ...args: unknown[]) {
    counter.calls++;
    return original.apply(this, args);
  } as T[keyof T];
  return counter;
}

/** A value of another type than `schema` says. */
function wrongValue(schema: JsonObject): unknown {
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  if (type === 'string') return 12;
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'array') return 'x';
  return ['x'];
}

describe('layers', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const contacts = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;

  /** Runs `call` and answers how many times it read the client row and the contact row. */
  async function reads(call: () => Promise<unknown>): Promise<{ clients: number; contacts: number }> {
    const clients = count(server.app.ctx.clients, 'getRow');
    const contactRows = count(server.app.ctx.contacts, 'getRow');
    try {
      await call();
    } finally {
      clients.restore();
      contactRows.restore();
    }
    return { clients: clients.calls, contacts: contactRows.calls };
  }

  it('a contact save reads the client row once and the contact row once', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: MIREILLE });
    const counted = await reads(async () => {
      const saved = await server.request<Contact>('PUT', `${contacts}/${created.body.id}`, {
        json: { ...MIREILLE, phone: '514 555-0123' },
      });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.phone, '514 555-0123');
    });
    assert.deepEqual(counted, { clients: 1, contacts: 1 });
  });

  it('every access call, and a contact deletion, reads the client row once and the contact row once', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Lecture Unique', email: 'unique@example.com' } });
    const path = `${contacts}/${created.body.id}`;
    const calls: [string, string, unknown, number][] = [
      ['GET', `${path}/access`, undefined, 200],
      ['PUT', `${path}/access`, { userCode: `unique-${created.body.id}`, email: 'unique@example.com', sendInvitation: true }, 200],
      ['POST', `${path}/access/invitation`, undefined, 200],
      ['GET', `${path}/access/history`, undefined, 200],
      ['DELETE', `${path}/access`, undefined, 200],
      ['DELETE', path, undefined, 204],
    ];
    for (const [method, url, json, status] of calls) {
      const counted = await reads(async () => {
        const res = await server.request<Access>(method, url, json === undefined ? {} : { json });
        assert.equal(res.status, status, `${method} ${url}: ${res.text}`);
      });
      assert.deepEqual(counted, { clients: 1, contacts: 1 }, `${method} ${url}`);
    }
  });

  it('a body with every property of the wrong type gets a 4xx for every operation of the contract, and changes nothing', async () => {
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Cible Types', email: 'types@example.com' } });
    let tried = 0;
    for (const [route, { operationId, body }] of operationSchemas()) {
      if (!body) continue;
      const [method, path] = route.split(' ') as [string, string];
      const url = `/api/v1${path.replace(':clientId', REFERENCE_CLIENT).replace(':contactId', created.body.id)}`;
      const properties = Object.entries((body['properties'] ?? {}) as Record<string, JsonObject>);
      const json = Object.fromEntries(properties.map(([name, schema]) => [name, wrongValue(schema)]));
      const before = await snapshot(server.db);
      const res = await server.request(method, url, { json });
      assert.ok(res.status >= 400 && res.status < 500, `${operationId}: ${res.status} ${res.text}`);
      assert.deepEqual(await snapshot(server.db), before, operationId);
      tried++;
    }
    assert.ok(tried >= 8, `${tried} operations with a body`);
  });

  it('gives each route its operation\'s schemas, and refuses to start with a route the contract does not declare', async () => {
    const operations = operationSchemas();
    assert.deepEqual(operations.get('GET /clients/:clientId/contacts')?.operationId, 'listContacts');
    assert.deepEqual(
      (operations.get('GET /clients/:clientId/contacts')?.querystring?.['properties'] as Record<string, JsonObject>)['limit'],
      { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    );
    // An operation's parameter replaces the path's of the same name.
    assert.ok((operations.get('PUT /clients/:clientId')?.params?.['properties'] as Record<string, JsonObject>)['clientId']?.['pattern']);

    const app = Fastify();
    await app.register(async (api) => {
      registerContractSchemas(api, operations);
      api.get('/clients/:clientId', async () => ({}));
      assert.throws(() => api.get('/not-in-the-contract', async () => ({})), /GET \/api\/v1\/not-in-the-contract is not in openapi.yaml/);
    }, { prefix: '/api/v1' });
    await app.close();
  });

  it('routes reach the data through services only: no repository, no database in server/routes/', () => {
    const dir = new URL('../routes/', import.meta.url);
    for (const name of readdirSync(dir)) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      assert.doesNotMatch(text, /from '\.\.\/(repositories|db)\//, name);
      assert.doesNotMatch(text, /ctx\.(db|clients|choices|contacts|accesses|invitations|audit|mailbox|staff|sessions|throttle|hostTokens)\b/, name);
    }
  });
});
