/**
 * Checks of the operations a host needs only when it runs the reference
 * server behind its own ERP: provisioning clients (`PUT /clients/{clientId}`)
 * and minting host-issued tokens (`POST /host-tokens`). Both take the service
 * token; a backend that does not offer them (its clients and sign-in are the
 * host's own) answers 404, 405 or 501 and the checks are skipped.
 */
import type { Client } from '../src/api/types.js';
import type { HttpAnswer } from './http.js';
import { CheckSkipped, expect, same, type CheckDef, type Context } from './kit.js';

interface HostToken {
  token: string;
  expiresAt: string;
}

const NOT_OFFERED = [404, 405, 501];

/** Skips the check when the backend does not offer the operation. */
function offered(res: HttpAnswer): HttpAnswer {
  if (NOT_OFFERED.includes(res.status)) {
    throw new CheckSkipped(`${res.method} ${res.path} answered ${res.status}: not offered (optional, for hosts that run the reference server)`);
  }
  return res;
}

const clientPath = (ctx: Context) => `/clients/${encodeURIComponent(ctx.clientId)}`;

/** The client as `PUT /clients/{clientId}` takes it back (every field, so nothing falls back to a default). */
function asInput(c: Client): Record<string, unknown> {
  const { id: _id, code: _code, createdAt: _created, updatedAt: _updated, ...fields } = c;
  return fields;
}

/** The client without its change time. */
function content(c: Client): Record<string, unknown> {
  const { updatedAt: _updated, ...rest } = c;
  return rest;
}

async function readClient(ctx: Context, headers: Record<string, string> = {}): Promise<Client> {
  return ctx.ok<Client>(await ctx.http.request('GET', clientPath(ctx), { headers }), 'getClient', 200);
}

async function mint(ctx: Context, ttlSeconds: number): Promise<HostToken> {
  const res = offered(
    await ctx.http.request('POST', '/host-tokens', {
      json: { clientIds: [ctx.clientId], user: { id: `conformance-${ctx.runId}`, name: `Conformité ${ctx.runId}` }, ttlSeconds },
    }),
  );
  const minted = ctx.ok<HostToken>(res, 'createHostToken', 201);
  expect(minted.token.length >= 22, `a ${minted.token.length}-character token cannot hold 128 random bits`);
  return minted;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const HOST_CHECKS: CheckDef[] = [
  {
    id: 'clients.provision',
    title: 'provisionClient (optional) with the client as it is answers 200 and changes nothing',
    serviceToken: true,
    async run(ctx) {
      const before = await readClient(ctx);
      const res = offered(await ctx.http.request('PUT', clientPath(ctx), { json: asInput(before) }));
      const after = ctx.ok<Client>(res, 'provisionClient', 200);
      expect(same(content(after), content(before)), `the client became ${JSON.stringify(after)}, was ${JSON.stringify(before)}`);
    },
  },
  {
    id: 'clients.provision.invalid',
    title: 'provisionClient (optional) without a name gets 422 {name: required} and changes nothing',
    serviceToken: true,
    refusal: true,
    async run(ctx) {
      const before = await readClient(ctx);
      const res = offered(await ctx.http.request('PUT', clientPath(ctx), { json: { ...asInput(before), name: ' ' } }));
      ctx.refused(res, 'provisionClient', 422, [{ field: 'name', code: 'required' }]);
      ctx.unchanged(before, await readClient(ctx), 'the client');
    },
  },
  {
    id: 'host-tokens.mint',
    title: "createHostToken (optional) mints a token that reads its client, and an unknown client gets 404",
    serviceToken: true,
    refusal: true,
    async run(ctx) {
      const minted = await mint(ctx, 300);
      expect(Date.parse(minted.expiresAt) > Date.now(), `expiresAt ${minted.expiresAt} is past`);
      const client = await readClient(ctx, bearer(minted.token));
      expect(client.id === ctx.clientId, `the token reads client ${client.id}`);
      ctx.refused(await ctx.http.request('GET', `/clients/conformance-none-${ctx.runId}`, { headers: bearer(minted.token) }), 'getClient', 404);
    },
  },
  {
    id: 'host-tokens.no-minting',
    title: 'a host-issued token cannot mint tokens (403)',
    serviceToken: true,
    refusal: true,
    async run(ctx) {
      const { token } = await mint(ctx, 300);
      const res = await ctx.http.request('POST', '/host-tokens', {
        json: { clientIds: [ctx.clientId], user: { id: 'escalade', name: 'Escalade' } },
        headers: bearer(token),
      });
      ctx.refused(res, 'createHostToken', 403);
    },
  },
  {
    id: 'host-tokens.invalid',
    title: 'createHostToken (optional) without clients and user gets 422 with each field error',
    serviceToken: true,
    refusal: true,
    async run(ctx) {
      const res = offered(await ctx.http.request('POST', '/host-tokens', { json: { clientIds: [], user: { id: '', name: '' } } }));
      ctx.refused(res, 'createHostToken', 422, [
        { field: 'clientIds', code: 'invalid' },
        { field: 'user.id', code: 'required' },
        { field: 'user.name', code: 'required' },
      ]);
    },
  },
  {
    id: 'host-tokens.expired',
    title: 'an expired host-issued token gets 401',
    serviceToken: true,
    refusal: true,
    async run(ctx) {
      const minted = await mint(ctx, 1);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(minted.expiresAt) - Date.now()) + 1_100));
      ctx.refused(await ctx.http.request('GET', clientPath(ctx), { headers: bearer(minted.token) }), 'getClient', 401);
    },
  },
];
