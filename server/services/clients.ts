import type { Client } from '../../src/api/types.js';
import type { AppContext } from '../context.js';
import { validationFailed } from '../problem.js';
import { type ClientRow, toClient } from '../repositories/clients.js';
import { DEMO_STAFF } from '../db/seed.js';
import { type BodyCheck, parseClientInput, parseClientUpdate } from '../validation.js';

/** The language of client `code`, if it exists (the portal page's). */
export async function clientLanguage(ctx: AppContext, code: string): Promise<'fr' | 'en' | undefined> {
  return (await ctx.clients.getRow(code))?.language;
}

/** The client as the contract shows it. */
export const clientView = toClient;

/** PATCH /clients/{id}: the client's own contact details; the properties not sent stay as they are. */
export async function updateClient(ctx: AppContext, client: ClientRow, body: BodyCheck, now: Date): Promise<Client> {
  const { fields, errors } = parseClientUpdate(body);
  if (errors.length > 0) throw validationFailed(errors);
  const next = { ...client, ...fields };
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((f) => client[f] !== next[f]);
  if (!changed) return toClient(client);
  next.updated_at = now.toISOString();
  await ctx.clients.updateContactDetails(next);
  return toClient(next);
}

/**
 * PUT /clients/{id} (the service token): creates the client or replaces its
 * fields; `created` tells which. In the demo, staff user `demo` gets rights on
 * a new client, as on every seeded one.
 */
export async function provisionClient(ctx: AppContext, code: string, body: BodyCheck, now: Date): Promise<{ client: Client; created: boolean }> {
  const { fields, errors } = parseClientInput(body);
  if (errors.length > 0) throw validationFailed(errors);
  return ctx.store.transaction(async () => {
    const existing = await ctx.clients.getRow(code);
    const row: ClientRow = {
      code,
      name: fields.name,
      mode: fields.mode,
      status: fields.status,
      language: fields.language,
      currency: fields.currency,
      phone: fields.phone,
      mobile: fields.mobile,
      fax: fields.fax,
      email: fields.email,
      website: fields.website,
      address: fields.address ? JSON.stringify(fields.address) : null,
      shipping_address: fields.shippingAddress ? JSON.stringify(fields.shippingAddress) : null,
      created_at: existing?.created_at ?? now.toISOString(),
      updated_at: now.toISOString(),
    };
    if (existing) await ctx.clients.replace(row);
    else {
      await ctx.clients.insert(row);
      if (ctx.config.mode === 'demo' && (await ctx.staff.exists(DEMO_STAFF))) await ctx.staff.grant(DEMO_STAFF, code);
    }
    return { client: toClient(row), created: !existing };
  });
}
