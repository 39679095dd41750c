import type { Client } from '../../src/api/types.js';
import type { AppContext } from '../context.js';
import { validationFailed } from '../problem.js';
import { type ClientRow, toClient } from '../repositories/clients.js';
import { type Body, parseClientUpdate } from '../validation.js';

/** PATCH /clients/{id}: the client's own contact details; the properties not sent stay as they are. */
export function updateClient(ctx: AppContext, client: ClientRow, body: Body, now: Date): Client {
  const { fields, errors } = parseClientUpdate(body);
  if (errors.length > 0) throw validationFailed(errors);
  const next = { ...client, ...fields };
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((f) => client[f] !== next[f]);
  if (!changed) return toClient(client);
  next.updated_at = now.toISOString();
  ctx.clients.updateContactDetails(next);
  return toClient(next);
}
