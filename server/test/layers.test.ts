/**
 * The server's layers (issue 12): a route hands the rows it authorised to the
 * service, so a contact save reads the client once and the contact once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact } from '../../src/api/types.js';
import { MIREILLE, REFERENCE_CLIENT, type TestServer, startServer } from './harness.js';

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

describe('layers', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('a contact save reads the client row once and the contact row once', async () => {
    const created = await server.request<Contact>('POST', `/api/v1/clients/${REFERENCE_CLIENT}/contacts`, { json: MIREILLE });
    const clients = count(server.app.ctx.clients, 'getRow');
    const contacts = count(server.app.ctx.contacts, 'getRow');
    try {
      const saved = await server.request<Contact>('PUT', `/api/v1/clients/${REFERENCE_CLIENT}/contacts/${created.body.id}`, {
        json: { ...MIREILLE, phone: '514 555-0123' },
      });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.phone, '514 555-0123');
    } finally {
      clients.restore();
      contacts.restore();
    }
    assert.equal(clients.calls, 1);
    assert.equal(contacts.calls, 1);
  });
});
