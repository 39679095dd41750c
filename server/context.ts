/** Everything the routes use, built once per app. */
import type { Database } from 'better-sqlite3';
import type { AppConfig } from './config.js';
import { Idempotency } from './idempotency.js';
import { KeyedLock } from './lock.js';
import { Outbox } from './mail/outbox.js';
import { type MailTransport, createMailTransport } from './mail/transport.js';
import { AccessRepository } from './repositories/access.js';
import { AuditRepository } from './repositories/audit.js';
import { ChoiceRepository } from './repositories/choices.js';
import { ClientRepository } from './repositories/clients.js';
import { ContactRepository } from './repositories/contacts.js';
import { HostTokenRepository } from './repositories/host-tokens.js';
import { IdempotencyRepository } from './repositories/idempotency.js';
import { InvitationRepository } from './repositories/invitations.js';
import { MailboxRepository } from './repositories/mailbox.js';
import { SessionRepository } from './repositories/sessions.js';
import { StaffRepository } from './repositories/staff.js';
import { ThrottleRepository } from './repositories/throttle.js';

export interface AppContext {
  config: AppConfig;
  db: Database;
  clock: () => Date;
  clients: ClientRepository;
  choices: ChoiceRepository;
  contacts: ContactRepository;
  accesses: AccessRepository;
  invitations: InvitationRepository;
  audit: AuditRepository;
  mailbox: MailboxRepository;
  idempotency: Idempotency;
  mail: MailTransport;
  /** Retries the mails that could not be sent (mail/outbox.ts). */
  outbox: Outbox;
  /** Serialises the changes of one contact (its access, its invitation mail, its deletion). */
  contactLocks: KeyedLock;
  staff: StaffRepository;
  sessions: SessionRepository;
  throttle: ThrottleRepository;
  hostTokens: HostTokenRepository;
}

export function createContext(config: AppConfig, db: Database): AppContext {
  return {
    config,
    db,
    clock: config.clock,
    clients: new ClientRepository(db),
    choices: new ChoiceRepository(db),
    contacts: new ContactRepository(db),
    accesses: new AccessRepository(db),
    invitations: new InvitationRepository(db),
    audit: new AuditRepository(db),
    mailbox: new MailboxRepository(db),
    idempotency: new Idempotency(new IdempotencyRepository(db), config.clock),
    mail: createMailTransport({ smtpUrl: config.smtpUrl, sender: config.mailTransport }),
    outbox: new Outbox(),
    contactLocks: new KeyedLock(),
    staff: new StaffRepository(db),
    sessions: new SessionRepository(db),
    throttle: new ThrottleRepository(db),
    hostTokens: new HostTokenRepository(db),
  };
}
