/** The development mailbox's read side (routes/dev.ts): the latest mails, newest first. */
import type { AppContext } from '../context.js';
import type { MailRecord } from '../repositories/mailbox.js';

export type { MailRecord };

export function latestMails(ctx: AppContext, limit: number): Promise<MailRecord[]> {
  return ctx.mailbox.list(limit);
}
