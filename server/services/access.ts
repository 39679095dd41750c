/**
 * A contact's access and its invitation.
 *
 * Saving an access with `sendInvitation` (and re-sending) must be one
 * operation: never an access without its mail, never a mail for an access that
 * was not saved. A database transaction must not stay open while SMTP answers
 * (SQLite has one connection; PostgreSQL would hold locks), so it cannot be one
 * database transaction. What we do instead:
 *
 *   1. Transaction 1 writes the new access state, supersedes the previous
 *      pending link, stores the new link's hash, records the mail as
 *      `pending` in the outbox and writes the audit rows. Commit.
 *   2. First attempt at sending it (await), see mail/outbox.ts:
 *   3a. Sent: the mail is marked `sent`, the trail says `invitation-sent`: 200.
 *   3b. Refused for good (an SMTP 5xx, e.g. a bad address): transaction 2 puts
 *       everything back as it was before step 1 (previous access row or none,
 *       previous link usable again, the new link, the mail and the audit rows
 *       deleted) and the call answers 502 saying that nothing was saved.
 *   3c. Failed otherwise (the relay is down, a timeout): the access and its
 *       link stay, the mail waits in the outbox for a retry with back-off, the
 *       trail says `invitation-failed`: 202.
 *
 * All of it runs under the contact's lock (see lock.ts), so no other change
 * to this contact's access can slip between 1 and 3 and be undone by 3b. If
 * the process dies between 1 and 3 the access stays saved with its mail
 * recorded as pending; start-up marks such mails `interrupted` (whether they
 * left is unknown), says so in the trail, and staff can re-send.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Access } from '../../src/api/types.js';
import { noAccess } from '../../src/internal/no-access.js';
import type { AppContext } from '../context.js';
import { ifMatchAllows } from '../etag.js';
import { SENDING_LEASE_MS, deliver, invitationContent, storedCopy } from '../mail/outbox.js';
import type { MailKind } from '../mail/wording.js';
import { HttpProblem, conflict, notFound, preconditionFailed, validationFailed } from '../problem.js';
import { type AccessRow, hasEnded, toAccess } from '../repositories/access.js';
import type { AuditInput } from '../repositories/audit.js';
import type { ClientRow } from '../repositories/clients.js';
import type { ContactRow } from '../repositories/contacts.js';
import { type BodyCheck, fieldError, parseAccessInput } from '../validation.js';
import type { ContactRows, RequestInfo } from './lookup.js';

export const USER_TYPE = 'client-contact';
export const ROLE = 'client';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new invitation token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A free user code for the contact: the client code followed by three digits,
 * starting at 216 + the contact's rank within its client (the seed article's
 * first contact gets `8005551216`, as in the article; the FakeBackend of the
 * element tests does the same), then the next free one; four digits and more
 * once the three-digit codes are all taken. Every candidate is checked
 * against all users.
 */
export async function proposeUserCode(ctx: AppContext, clientCode: string, contactId: number): Promise<string> {
  const rank = await ctx.contacts.rank(clientCode, contactId);
  for (let i = 0; i < 1000; i++) {
    const code = `${clientCode}${String((216 + rank + i) % 1000).padStart(3, '0')}`;
    if (await isFree(ctx, code)) return code;
  }
  for (let n = 1000; n < 10_000_000; n++) {
    const code = `${clientCode}${n}`;
    if (await isFree(ctx, code)) return code;
  }
  throw new Error(`No free user code for client ${clientCode}`);
}

async function isFree(ctx: AppContext, code: string): Promise<boolean> {
  return (await ctx.accesses.holderOf(code)) === undefined && !(await ctx.staff.exists(code));
}

async function proposal(ctx: AppContext, client: ClientRow, contact: ContactRow): Promise<Access> {
  return { ...noAccess(String(contact.id)), userCode: await proposeUserCode(ctx, client.code, contact.id), email: contact.email };
}

/** The access, or a proposal for one (version 0). */
export async function getAccess(ctx: AppContext, { client, contact }: ContactRows, now: Date): Promise<Access> {
  const row = await ctx.accesses.get(contact.id);
  return row ? toAccess(row, now) : proposal(ctx, client, contact);
}

/** If-Match against an access; a missing access has version 0 (the proposal's) and does not match `*`. */
function accessIfMatch(header: string | undefined, row: AccessRow | undefined): boolean {
  if (row) return ifMatchAllows(header, row.version);
  return header === undefined || (header.trim() !== '*' && ifMatchAllows(header, 0));
}

/**
 * Writes `next` over `previous` (the row as read, or none) only if the database still holds that: the
 * in-process lock serialises one instance's requests; this holds across instances. A request that lost
 * the race changes nothing and gets a 412 (it sent If-Match) or a 409 (it did not).
 */
async function writeAccess(ctx: AppContext, previous: AccessRow | undefined, next: AccessRow, ifMatch: string | undefined): Promise<void> {
  const written = previous ? await ctx.accesses.replace(next, previous.version) : await ctx.accesses.insert(next);
  if (written === true) return;
  // Another access took the user code since it was checked (on any instance): what the check would have said.
  if (written === 'user-code-taken') throw duplicateUserCode();
  if (!previous) {
    const holder = await ctx.accesses.holderOf(next.user_code);
    if (holder !== undefined && holder !== next.contact_id) throw duplicateUserCode();
  }
  throw ifMatch === undefined
    ? conflict('The access was changed by another request meanwhile; read it again, then retry.', 'access-changed')
    : preconditionFailed();
}

const duplicateUserCode = (): HttpProblem =>
  conflict('This user code is already used by another user; choose another one.', 'duplicate-user-code', [fieldError('userCode', 'duplicate')]);

function changedFields(before: AccessRow, after: AccessRow): string[] {
  const names: [keyof AccessRow, string][] = [
    ['user_code', 'userCode'],
    ['email', 'email'],
    ['allowed_ips', 'allowedIps'],
    ['branch_id', 'branchId'],
    ['access_expires_at', 'accessExpiresAt'],
  ];
  return names.filter(([column]) => before[column] !== after[column]).map(([, field]) => field);
}

/** An invitation for an access past its end: it could not be accepted. */
const accessEnded = (): HttpProblem =>
  conflict('The access has ended (accessExpiresAt is past); move its end later or clear it (PUT .../access) before sending an invitation.', 'access-ended');

/** The saved access, and whether its invitation mail went (`sent`), waits for a retry (`queued`) or none was sent. */
export interface SavedAccess {
  access: Access;
  mail: 'sent' | 'queued' | 'none';
}

/**
 * PUT .../access. `limitedRights`: the caller has rights on some clients only
 * (a staff user, a host token); a new user code must then start with the
 * client code.
 */
export async function saveAccess(
  ctx: AppContext,
  { client, contact }: ContactRows,
  body: BodyCheck,
  ifMatch: string | undefined,
  info: RequestInfo,
  options: { limitedRights?: boolean } = {},
): Promise<SavedAccess> {
  const existing = await ctx.accesses.get(contact.id);
  if (!accessIfMatch(ifMatch, existing)) throw preconditionFailed();

  const branchIds = new Set((await ctx.choices.list('branches')).map((b) => b.id));
  const { fields, errors } = parseAccessInput(body, (id) => branchIds.has(id), { now: info.now, saved: existing?.access_expires_at ?? null });
  // A caller with rights on some clients only picks new user codes in its client's namespace (the
  // proposal's), so the 409 below cannot tell it which user codes exist elsewhere.
  const prefix = client.code.toLowerCase();
  if (options.limitedRights && fields.userCode !== existing?.user_code && !fields.userCode.toLowerCase().startsWith(prefix)) {
    if (!errors.some((e) => e.field === 'userCode')) {
      errors.push(fieldError('userCode', 'invalid', { message: `Choose a user code that starts with the client code ${client.code}.` }));
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
  const holder = await ctx.accesses.holderOf(fields.userCode);
  // Staff users and contacts sign in through the same form: one namespace.
  if ((holder !== undefined && holder !== contact.id) || (await ctx.staff.exists(fields.userCode))) {
    throw duplicateUserCode();
  }

  const now = info.now.toISOString();
  const base: AccessRow = existing ?? {
    contact_id: contact.id,
    user_code: '',
    email: '',
    allowed_ips: '[]',
    branch_id: null,
    state: 'granted',
    invited_at: null,
    invitation_expires_at: null,
    last_invitation_sent_at: null,
    activated_at: null,
    revoked_at: null,
    version: 0,
    created_at: now,
    updated_at: now,
    access_expires_at: null,
  };
  const next: AccessRow = {
    ...base,
    user_code: fields.userCode,
    email: fields.email,
    allowed_ips: JSON.stringify(fields.allowedIps),
    branch_id: fields.branchId,
    access_expires_at: fields.accessExpiresAt,
    version: base.version + 1,
    updated_at: now,
  };
  // A revoked access is granted again only by sending it a new invitation;
  // saved without one it stays revoked (its fields may still be edited).
  const regrant = existing?.state === 'revoked' && fields.sendInvitation;
  if (regrant) {
    next.state = 'granted';
    next.revoked_at = null;
    next.invited_at = null; // a fresh grant: invited again now
  }
  const changes = existing ? changedFields(existing, next) : [];

  const audits: AuditInput[] = [];
  const event = (action: AuditInput['action'], detail: string): AuditInput => ({
    clientCode: client.code,
    contactId: contact.id,
    at: info.now,
    action,
    actor: info.actor,
    address: info.address,
    detail,
  });
  if (!existing) {
    const until = next.access_expires_at ? `, until ${next.access_expires_at}` : '';
    audits.push(event('access-created', `user code ${next.user_code}, e-mail ${next.email}${until}`));
  }
  else if (regrant) {
    const changed = changes.length > 0 ? `; changed: ${changes.join(', ')}` : '';
    audits.push(event('access-updated', `granted again after revocation${changed}`));
  } else if (changes.length > 0) audits.push(event('access-updated', `changed: ${changes.join(', ')}`));

  if (fields.sendInvitation) {
    if (hasEnded(next, info.now)) throw accessEnded();
    // The first invitation, or a new grant after a revocation; otherwise the mail says "your sign-in details".
    const kind: MailKind = existing?.last_invitation_sent_at && !regrant ? 'resend' : 'invitation';
    return sendInvitationWith(ctx, client, contact, existing, next, audits, info, kind, ifMatch);
  }

  if (audits.length === 0 && existing) return { access: toAccess(existing, info.now), mail: 'none' }; // nothing changed
  await ctx.store.transaction(async () => {
    await writeAccess(ctx, existing, next, ifMatch);
    for (const a of audits) await ctx.audit.record(a);
  });
  return { access: toAccess(next, info.now), mail: 'none' };
}

/** POST .../access/invitation: a new link by e-mail; the previous one stops working. */
export async function resendInvitation(ctx: AppContext, { client, contact }: ContactRows, info: RequestInfo): Promise<SavedAccess> {
  const existing = await ctx.accesses.get(contact.id);
  if (!existing) {
    throw conflict('The contact has no access yet; save one first (PUT .../access).', 'no-access');
  }
  if (existing.state === 'revoked') {
    throw conflict('The access is revoked; save it again (PUT .../access) before sending an invitation.', 'access-revoked');
  }
  if (hasEnded(existing, info.now)) throw accessEnded();
  const next: AccessRow = { ...existing, version: existing.version + 1, updated_at: info.now.toISOString() };
  return sendInvitationWith(ctx, client, contact, existing, next, [], info, existing.last_invitation_sent_at ? 'resend' : 'invitation');
}

/**
 * A new link by e-mail to the access's address on file, asked for by the
 * contact (services/self-service.ts): a forgotten password's, or an expired
 * invitation's. Like a re-send, the earlier link stops working; the link
 * lives `lifetimeMinutes`. Call it under the contact's lock.
 */
export function sendNewLink(
  ctx: AppContext,
  { client, contact }: ContactRows,
  existing: AccessRow,
  kind: 'password-reset' | 'new-link',
  info: RequestInfo,
  lifetimeMinutes: number,
): Promise<SavedAccess> {
  const next: AccessRow = { ...existing, version: existing.version + 1, updated_at: info.now.toISOString() };
  return sendInvitationWith(ctx, client, contact, existing, next, [], info, kind, undefined, lifetimeMinutes);
}

async function sendInvitationWith(
  ctx: AppContext,
  client: ClientRow,
  contact: ContactRow,
  previous: AccessRow | undefined,
  next: AccessRow,
  audits: AuditInput[],
  info: RequestInfo,
  kind: MailKind,
  ifMatch?: string,
  lifetimeMinutes = ctx.config.invitationTtlHours * 60,
): Promise<SavedAccess> {
  const { config } = ctx;
  const token = newToken();
  const expires = new Date(info.now.getTime() + lifetimeMinutes * 60_000);
  const now = info.now.toISOString();
  next.invited_at ??= now;
  next.last_invitation_sent_at = now;
  next.invitation_expires_at = expires.toISOString();

  const content = await invitationContent(ctx, {
    kind,
    language: client.language,
    contactName: contact.name,
    clientName: client.name,
    userCode: next.user_code,
    token,
    expiresAt: expires,
    now: info.now,
  });
  const stored = storedCopy(ctx, content, token);

  // Transaction 1: the access, the link, the pending mail, the trail.
  const written = await ctx.store.transaction(async () => {
    await writeAccess(ctx, previous, next, ifMatch);
    const superseded = await ctx.invitations.invalidatePending(contact.id, 'superseded', info.now);
    const invitationId = await ctx.invitations.insert(contact.id, hashToken(token), info.now, expires);
    const mailId = await ctx.mailbox.insertPending({
      contact_id: contact.id,
      to_address: next.email,
      from_address: config.mailFrom,
      subject: stored.subject,
      text: stored.text,
      html: stored.html,
      language: client.language,
      transport: ctx.mail.kind,
      created_at: now,
      kind,
      invitation_id: invitationId,
      requested_by: info.actor,
      requested_from: info.address,
    }, new Date(info.now.getTime() + SENDING_LEASE_MS));
    const auditIds: number[] = [];
    for (const a of audits) auditIds.push(await ctx.audit.record(a));
    return { superseded, invitationId, mailId, auditIds };
  });

  const mail = (await ctx.mailbox.get(written.mailId))!;
  const outcome = await deliver(ctx, { mail, content, clientCode: client.code, linkExpiresAt: next.invitation_expires_at });
  if (outcome.status === 'refused') {
    // Transaction 2: undo transaction 1.
    await ctx.store.transaction(async () => {
      // (Unless another request wrote the access after this one: then its write stands.)
      if (previous) await ctx.accesses.replace(previous, next.version);
      else await ctx.accesses.delete(contact.id);
      await ctx.invitations.delete(written.invitationId);
      await ctx.invitations.restore(written.superseded);
      await ctx.mailbox.delete(written.mailId);
      await ctx.audit.delete(written.auditIds);
      await ctx.events.record(client.code, 'access-saved', contact.id, info.now); // as it was: the streams read it again
    });
    throw new HttpProblem(
      502,
      `The invitation e-mail could not be sent (${outcome.error}). Nothing was saved: the access is as it was before. Check the address, or try again later.`,
      { type: 'mail-not-sent', title: 'The e-mail could not be sent' },
    );
  }
  return { access: toAccess(next, info.now), mail: outcome.status === 'sent' ? 'sent' : 'queued' };
}

/**
 * DELETE .../access: revoked; the pending link stops working, the password is
 * forgotten and the contact's sessions end. Revoking twice changes nothing.
 */
export async function revokeAccess(ctx: AppContext, { client, contact }: ContactRows, ifMatch: string | undefined, info: RequestInfo): Promise<Access> {
  const existing = await ctx.accesses.get(contact.id);
  if (!existing) throw notFound('The contact has no access to revoke.');
  if (!ifMatchAllows(ifMatch, existing.version)) throw preconditionFailed();
  if (existing.state === 'revoked') return toAccess(existing, info.now);
  const now = info.now.toISOString();
  const next: AccessRow = {
    ...existing,
    state: 'revoked',
    revoked_at: now,
    invitation_expires_at: null,
    version: existing.version + 1,
    updated_at: now,
  };
  await ctx.store.transaction(async () => {
    await writeAccess(ctx, existing, next, ifMatch);
    await ctx.invitations.invalidatePending(contact.id, 'revoked', info.now);
    // The password goes with the access, and so do the contact's sessions.
    await ctx.accesses.setPassword(contact.id, null);
    await ctx.sessions.deleteForContact(contact.id);
    await ctx.audit.record({
      clientCode: client.code,
      contactId: contact.id,
      at: info.now,
      action: 'access-revoked',
      actor: info.actor,
      address: info.address,
      detail: `user code ${existing.user_code}`,
    });
  });
  return toAccess(next, info.now);
}

export async function accessHistory(ctx: AppContext, { contact }: ContactRows) {
  return { items: await ctx.audit.list(contact.id) };
}
