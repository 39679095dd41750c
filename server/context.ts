/** Everything the routes use, built once per app. */
import type { AppConfig } from './config.js';
import type { Store } from './db/database.js';
import { Idempotency } from './idempotency.js';
import { KeyedLock } from './lock.js';
import { Outbox } from './mail/outbox.js';
import { type MailTransport, createMailTransport } from './mail/transport.js';
import { AccessRepository } from './repositories/access.js';
import { AuditRepository } from './repositories/audit.js';
import { ChoiceRepository } from './repositories/choices.js';
import { ClientRepository } from './repositories/clients.js';
import { ContactRepository } from './repositories/contacts.js';
import { EventRepository } from './repositories/events.js';
import { TimeChangeRepository } from './repositories/time-changes.js';
import { HostTokenRepository } from './repositories/host-tokens.js';
import { IdempotencyRepository } from './repositories/idempotency.js';
import { InvitationRepository } from './repositories/invitations.js';
import { MailboxRepository } from './repositories/mailbox.js';
import { SessionRepository } from './repositories/sessions.js';
import { StaffRepository } from './repositories/staff.js';
import { ThrottleRepository } from './repositories/throttle.js';
import { LiveEvents } from './services/events.js';

export interface AppContext {
  config: AppConfig;
  /** The database (SQLite or PostgreSQL) and its transactions. */
  store: Store;
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
  /**
   * Serialises the changes of one contact (its access, its invitation mail, its deletion) within this
   * process; what must hold across instances is held by the database (conditional writes, unique keys).
   */
  contactLocks: KeyedLock;
  staff: StaffRepository;
  sessions: SessionRepository;
  throttle: ThrottleRepository;
  hostTokens: HostTokenRepository;
  /** The clients' live events (written with each change) and the streams' wake-ups (services/events.ts). */
  events: EventRepository;
  /** The live events of what time changes (an access's end, an invitation's expiry), told once by any instance. */
  timeChanges: TimeChangeRepository;
  live: LiveEvents;
}

export function createContext(config: AppConfig, store: Store): AppContext {
  const events = new EventRepository(store);
  const timeChanges = new TimeChangeRepository(store, events);
  return {
    config,
    store,
    clock: config.clock,
    clients: new ClientRepository(store),
    choices: new ChoiceRepository(store),
    contacts: new ContactRepository(store, { bucketSize: config.listBucketSize, sortLimit: config.searchSortLimit }),
    accesses: new AccessRepository(store),
    invitations: new InvitationRepository(store),
    audit: new AuditRepository(store, events),
    mailbox: new MailboxRepository(store),
    idempotency: new Idempotency(new IdempotencyRepository(store), config.clock),
    mail: createMailTransport({ smtpUrl: config.smtpUrl, sender: config.mailTransport }),
    outbox: new Outbox(),
    contactLocks: new KeyedLock(),
    staff: new StaffRepository(store),
    sessions: new SessionRepository(store),
    throttle: new ThrottleRepository(store),
    hostTokens: new HostTokenRepository(store),
    events,
    timeChanges,
    live: new LiveEvents({ store, config, clock: config.clock, events, timeChanges }),
  };
}
