/**
 * Sending the invitation mails, and retrying the ones that could not leave.
 *
 * The first attempt is made while the staff member waits (services/access.ts):
 * sent, the call answers 200; refused for good (an SMTP 5xx: a bad address),
 * the service undoes the save and answers 502; any other failure (the relay
 * is down, a timeout, a 4xx) keeps the access and its link, the mail waits in
 * the outbox (`retrying`) and the call answers 202. The trail says each
 * failed attempt (`invitation-failed`) and the final `invitation-sent`, so the
 * staff history shows it.
 *
 * A retry renders the mail again with a new token for the same invitation row
 * (only hashes are stored, so the old link could not be rebuilt, and a link
 * that never arrived is worth nothing). It is dropped (`cancelled`) when the
 * link died meanwhile: a re-send, a revocation, the contact deleted, or the
 * link expired. After the last delay the mail is `failed` and the trail tells
 * staff to send the invitation again. Retries run under the contact's lock,
 * like the API calls that change its access.
 *
 * Several instances may share the database: each runs this timer, and a mail
 * due for a retry is claimed by one of them (a lease, `claimDue`: `FOR UPDATE
 * SKIP LOCKED` on PostgreSQL), so it is sent once. A mail being sent is held
 * by the same lease; one still `pending` after its lease belonged to an
 * instance that died while sending it: it is marked `interrupted`.
 */
import type { AppContext } from '../context.js';
import type { AuditInput } from '../repositories/audit.js';
import type { MailRecord } from '../repositories/mailbox.js';
import { hashToken, newToken } from '../services/access.js';
import { type MailContent, renderMail } from './templates.js';
import { composeMail, isPermanentFailure, sentHeaders } from './transport.js';
import type { MailKind, MailLanguage } from './wording.js';

/** After the first attempt: 1 min, 5 min, 15 min, 1 h, 4 h, 12 h (about 17 h in all). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 300_000, 900_000, 3_600_000, 14_400_000, 43_200_000];

/** How long an instance holds a mail it is sending (longer than any SMTP attempt takes). */
export const SENDING_LEASE_MS = 5 * 60_000;

export interface InvitationMailFacts {
  kind: MailKind;
  language: MailLanguage;
  contactName: string;
  clientName: string;
  userCode: string;
  token: string;
  expiresAt: Date;
  now: Date;
}

/** The invitation link of a token. */
export function invitationLink(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/invitation?token=${token}`;
}

export function invitationContent(ctx: AppContext, facts: InvitationMailFacts): Promise<MailContent> {
  return renderMail(
    {
      kind: facts.kind,
      language: facts.language,
      contactName: facts.contactName,
      clientName: facts.clientName,
      userCode: facts.userCode,
      link: invitationLink(ctx, facts.token),
      expiresAt: facts.expiresAt,
      lifetimeMinutes: (facts.expiresAt.getTime() - facts.now.getTime()) / 60_000,
      timeZone: ctx.config.mailTimeZone,
    },
    ctx.config.mailBranding,
  );
}

/**
 * What the mailbox table keeps: the development mailbox is the delivery
 * itself, so it keeps the link; a real transport delivers it and the table
 * keeps a redacted copy.
 */
export function storedCopy(ctx: AppContext, content: MailContent, token: string): MailContent {
  if (ctx.mail.kind === 'mailbox') return content;
  return { ...content, text: content.text.replaceAll(token, '[redacted]'), html: content.html.replaceAll(token, '[redacted]') };
}

export interface Delivery {
  mail: MailRecord;
  content: MailContent;
  clientCode: string;
  linkExpiresAt: string;
}

/**
 * `sent`, `retrying` (another attempt is scheduled), `failed` (no more
 * attempts), or `refused`: a first attempt refused for good (or failed with
 * no retry configured), nothing recorded, for the caller to undo its save.
 */
export interface DeliveryOutcome {
  status: 'sent' | 'retrying' | 'failed' | 'refused';
  /** Why it failed, as the transport said it. */
  error?: string;
}

/** The trail's line about `mail` (said as asked by whoever asked for it, from where), `detail` after "to <address>". */
function mailTrail(mail: MailRecord, clientCode: string, at: Date, action: AuditInput['action'], detail: string): AuditInput {
  return {
    clientCode,
    contactId: mail.contact_id ?? 0,
    at,
    action,
    actor: mail.requested_by ?? 'server',
    address: mail.requested_from ?? '',
    detail: `to ${mail.to_address}${detail}`,
  };
}

/** One attempt: sends, then records the result and its trail in one transaction. */
export async function deliver(ctx: AppContext, delivery: Delivery): Promise<DeliveryOutcome> {
  const { config } = ctx;
  const { mail } = delivery;
  const attempt = mail.attempts + 1;
  const outgoing = composeMail(
    { from: mail.from_address, to: mail.to_address, replyTo: config.mailReplyTo, dkim: config.dkim, date: ctx.clock() },
    delivery.content,
  );
  let error: unknown;
  let sent: Awaited<ReturnType<typeof ctx.mail.sender.sendMail>> | undefined;
  try {
    sent = await ctx.mail.sender.sendMail(outgoing);
  } catch (e) {
    error = e;
  }
  const now = ctx.clock();
  const trail = (action: AuditInput['action'], detail: string) => mailTrail(mail, delivery.clientCode, now, action, detail);
  if (sent) {
    const headers = JSON.stringify(sentHeaders(outgoing, sent.message));
    const after = attempt > 1 ? ` (attempt ${attempt})` : '';
    await ctx.store.transaction(async () => {
      await ctx.mailbox.recordAttempt({ id: mail.id, status: 'sent', at: now.toISOString(), messageId: outgoing.messageId, headers, nextAttemptAt: null, error: null });
      await ctx.audit.record(trail('invitation-sent', `; link valid until ${delivery.linkExpiresAt}${after}`));
    });
    return { status: 'sent' };
  }
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
  const permanent = isPermanentFailure(error);
  const delay = permanent ? undefined : config.mailRetryDelaysMs[attempt - 1];
  if (attempt === 1 && delay === undefined) return { status: 'refused', error: reason };
  const next = delay === undefined ? null : new Date(now.getTime() + delay).toISOString();
  const outcome = next ? 'retrying' : 'failed';
  const what = next
    ? `next attempt at ${next}`
    : permanent
      ? 'refused: send the invitation again to a corrected address'
      : 'no more attempts: send the invitation again';
  await ctx.store.transaction(async () => {
    await ctx.mailbox.recordAttempt({ id: mail.id, status: outcome, at: now.toISOString(), messageId: null, headers: null, nextAttemptAt: next, error: reason });
    await ctx.audit.record(trail('invitation-failed', `: attempt ${attempt} failed (${reason}); ${what}`));
  });
  if (next) ctx.outbox.wake();
  return { status: outcome, error: reason };
}

/** The retry timer: one per app, armed for the next due mail. */
export class Outbox {
  private ctx: AppContext | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  /** At start-up: the mails a crash interrupted go to the trail; the retries resume. */
  async start(ctx: AppContext): Promise<void> {
    this.ctx = ctx;
    await markInterrupted(ctx);
    this.wake();
  }

  /** Re-arms the timer for the earliest due mail (or lease end). */
  wake(): void {
    const ctx = this.ctx;
    if (!ctx || this.stopped) return;
    void ctx.mailbox.nextDue().then(
      (due) => this.arm(ctx, due),
      (error: unknown) => {
        if (!this.stopped) console.error('outbox:', error);
      },
    );
  }

  private arm(ctx: AppContext, due: Date | undefined): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (!due) return;
    const delay = Math.min(Math.max(due.getTime() - ctx.clock().getTime(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.running ??= this.runDue().finally(() => {
        this.running = undefined;
        this.wake();
      });
    }, delay);
    this.timer.unref();
  }

  /** Stops the timer and waits for an attempt under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async runDue(): Promise<void> {
    const ctx = this.ctx!;
    try {
      await markInterrupted(ctx);
      for (;;) {
        if (this.stopped) return;
        const now = ctx.clock();
        // Claimed for this instance: no other one sends it meanwhile.
        const mail = await ctx.mailbox.claimDue(now, new Date(now.getTime() + SENDING_LEASE_MS));
        if (!mail) return;
        if (mail.contact_id === null) {
          await ctx.mailbox.cancel(mail.id);
          continue;
        }
        try {
          await ctx.contactLocks.run(String(mail.contact_id), () => retry(ctx, mail.id));
        } catch (error) {
          // A bug, not a mail failure: logged, the mail stays due for the next round (once its lease ends).
          console.error(`outbox: mail ${mail.id}:`, error);
        }
      }
    } catch (error) {
      if (!this.stopped) console.error('outbox:', error);
    }
  }
}

/** The mails whose sender died while sending them: `interrupted`, and said in the trail. */
async function markInterrupted(ctx: AppContext): Promise<void> {
  const now = ctx.clock();
  await ctx.store.transaction(async () => {
    for (const mail of await ctx.mailbox.markInterrupted(now)) {
      const contact = mail.contact_id === null ? undefined : await ctx.contacts.byId(mail.contact_id);
      if (!contact) continue;
      const why = ': the server stopped while sending it; whether it left is unknown: send the invitation again if it did not arrive';
      await ctx.audit.record(mailTrail(mail, contact.client_code, now, 'invitation-failed', why));
    }
  });
}

/** Another attempt at a mail of the outbox, with a new link. */
async function retry(ctx: AppContext, id: number): Promise<void> {
  const mail = await ctx.mailbox.get(id);
  if (!mail || mail.status !== 'retrying') return; // settled meanwhile
  const now = ctx.clock();
  const contact = mail.contact_id === null ? undefined : await ctx.contacts.byId(mail.contact_id);
  const client = contact ? await ctx.clients.getRow(contact.client_code) : undefined;
  const access = contact ? await ctx.accesses.get(contact.id) : undefined;
  const invitation = mail.invitation_id === null ? undefined : await ctx.invitations.getLive(mail.invitation_id, now);
  if (!contact || !client || !access || !invitation || access.email !== mail.to_address) {
    // Superseded, revoked or deleted: a later action says why. Otherwise, say it.
    const expired = !invitation && mail.invitation_id !== null && (await ctx.invitations.isExpired(mail.invitation_id, now));
    const why = !invitation ? (expired ? 'the link expired' : undefined)
      : access && access.email !== mail.to_address ? 'the e-mail address changed' : undefined;
    await ctx.store.transaction(async () => {
      await ctx.mailbox.cancel(mail.id);
      if (why && contact) {
        const detail = `: not sent, ${why} before another attempt; send the invitation again`;
        await ctx.audit.record(mailTrail(mail, contact.client_code, now, 'invitation-failed', detail));
      }
    });
    return;
  }
  const token = newToken();
  await ctx.invitations.replaceTokenHash(invitation.id, hashToken(token));
  const content = await invitationContent(ctx, {
    kind: (mail.kind ?? 'invitation') as MailKind,
    language: client.language,
    contactName: contact.name,
    clientName: client.name,
    userCode: access.user_code,
    token,
    expiresAt: new Date(invitation.expires_at),
    now,
  });
  const stored = storedCopy(ctx, content, token);
  await ctx.mailbox.updateContent(mail.id, stored.subject, stored.text, stored.html);
  await deliver(ctx, { mail, content, clientCode: client.code, linkExpiresAt: invitation.expires_at });
}
