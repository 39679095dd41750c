/**
 * Host-issued tokens (POST /host-tokens, the service token only). The host's
 * backend, which knows who is signed in on its page, mints a short-lived
 * token scoped to the clients that user may touch; the elements send it as
 * `Authorization: Bearer <token>`. It acts as that host user on those clients
 * only (any other answers 404), cannot mint tokens, and is a 401 once expired.
 * The token is 32 random bytes; only its SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { validationFailed } from '../problem.js';
import { type BodyCheck, parseHostTokenInput } from '../validation.js';

export interface HostToken {
  token: string;
  expiresAt: string;
}

export async function mintHostToken(ctx: AppContext, body: BodyCheck, now: Date): Promise<HostToken> {
  const known = await knownClients(ctx, body);
  const { fields, errors } = parseHostTokenInput(body, (code) => known.has(code));
  if (errors.length > 0) throw validationFailed(errors);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + fields.ttlSeconds * 1000).toISOString();
  await ctx.hostTokens.insert(
    {
      token_hash: createHash('sha256').update(token).digest('hex'),
      user_id: fields.user.id,
      user_name: fields.user.name,
      client_codes: JSON.stringify(fields.clientIds),
      created_at: now.toISOString(),
      expires_at: expiresAt,
    },
    now,
  );
  return { token, expiresAt };
}

/** Which of the client codes the body names exist (the check of `parseHostTokenInput` is synchronous). */
async function knownClients(ctx: AppContext, body: BodyCheck): Promise<Set<string>> {
  const ids = Array.isArray(body.body['clientIds']) ? body.body['clientIds'].filter((id): id is string => typeof id === 'string') : [];
  return ctx.clients.existing(ids.slice(0, 1000));
}
