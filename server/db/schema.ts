/**
 * The tables as TypeScript sees them, written once for both engines (Kysely's
 * `Kysely<DB>`). Times are ISO 8601 strings (UTC, `toISOString()`) in both
 * engines, so they compare as text the same way everywhere.
 */
import type { Generated } from 'kysely';

export interface ClientsTable {
  code: string;
  name: string;
  mode: string;
  status: string;
  language: 'fr' | 'en';
  currency: string;
  phone: string;
  mobile: string;
  fax: string;
  email: string;
  website: string;
  /** JSON of the contract's Address, or null. */
  address: string | null;
  shipping_address: string | null;
  created_at: string;
  updated_at: string;
}

export interface ChoiceTable {
  id: string;
  label_fr: string;
  label_en: string;
  position: number;
}

export interface ContactsTable {
  id: Generated<number>;
  client_code: string;
  name: string;
  /** Folded name: lower case, no accents, words split by one space. */
  name_key: string;
  title: string;
  department: string;
  type: string | null;
  email: string;
  email_key: string;
  phone: string;
  mobile: string;
  fax: string;
  location: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The search index (repositories/search-terms.ts): the word suffixes of a contact's folded name (`n`) and its folded address (`e`). */
export interface ContactTermsTable {
  client_code: string;
  kind: 'n' | 'e';
  term: string;
  /** The term's first characters (search-terms.ts `HEAD`): the name-ordered index's partition. */
  head: string;
  contact_id: number;
  /** The contact's sort keys, so that a search pages in this table alone (`email_key`: migration 17). */
  name_key: string;
  email_key: string;
  /** The query lengths for which this row repeats a row of the same contact. */
  dup_from: number;
  dup_to: number;
  /** 1 when the contact has an access (migration 16, kept by triggers on `accesses`): a status filter's search reads these rows. */
  with_access: Generated<number>;
  /** With an access, its columns that its status needs (migration 21, kept by the same triggers); null without. */
  state: Generated<AccessesTable['state'] | null>;
  last_invitation_sent_at: Generated<string | null>;
  invitation_expires_at: Generated<string | null>;
  access_expires_at: Generated<string | null>;
}

/** How many contacts a short query matches (see repositories/search-terms.ts). */
export interface ContactTermCountsTable {
  client_code: string;
  kind: 'n' | 'e';
  /** A query of up to `COUNTED` characters (folded as the terms are). */
  prefix: string;
  n: number;
}

/** The sorted list of a client cut into buckets of about a thousand contacts (see repositories/list-buckets.ts). */
export interface ContactBucketsTable {
  client_code: string;
  sort: 'name' | 'email';
  /** The sort key of the bucket's first contact. */
  lo_key: string;
  lo_id: number;
  size: number;
  /** How many contacts sort before the bucket (the sum of the sizes of the buckets before it). */
  first_index: number;
}

export interface AccessesTable {
  contact_id: number;
  user_code: string;
  email: string;
  /** JSON array of strings. */
  allowed_ips: string;
  branch_id: string | null;
  state: 'granted' | 'active' | 'revoked';
  invited_at: string | null;
  invitation_expires_at: string | null;
  last_invitation_sent_at: string | null;
  activated_at: string | null;
  revoked_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  password_hash: string | null;
  /** When the access ends (`toISOString()`), or null: no end. */
  access_expires_at: string | null;
  /** Its contact's client (migration 13; written by `AccessRepository.insert`). */
  client_code: string;
  /** Its contact's sort keys (migration 14; written by `AccessRepository.insert` and by a change of the contact). */
  name_key: string;
  email_key: string;
}

/** One row: up to when the changes time makes (an access's end, an invitation's expiry) were told (migration 15). */
export interface TimeChangesToldTable {
  id: number;
  until: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  contact_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  invalidated_at: string | null;
  invalidated_reason: 'superseded' | 'revoked' | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  client_code: string;
  contact_id: number;
  at: string;
  action: string;
  actor: string;
  address: string;
  detail: string | null;
}

export interface MailboxTable {
  id: Generated<number>;
  contact_id: number | null;
  to_address: string;
  from_address: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  transport: string;
  status: 'pending' | 'sent' | 'retrying' | 'failed' | 'cancelled' | 'interrupted';
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
  kind: string | null;
  invitation_id: number | null;
  headers: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  requested_by: string | null;
  requested_from: string | null;
  /** Until when an instance holds the mail (sending it); another one leaves it alone until then. */
  lease_until: string | null;
}

export interface IdempotencyKeysTable {
  method: string;
  path: string;
  key: string;
  request_hash: string;
  /** 0 while the first request is being handled (a claim), then the stored answer's status. */
  status: number;
  headers: string;
  body: string;
  created_at: string;
}

export interface StaffUsersTable {
  user_code: string;
  name: string;
  password_hash: string;
  created_at: string;
}

export interface StaffRightsTable {
  user_code: string;
  client_code: string;
}

export interface SessionsTable {
  id_hash: string;
  kind: 'staff' | 'contact';
  user_code: string;
  contact_id: number | null;
  address: string;
  created_at: string;
  last_seen_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
}

export interface HostTokensTable {
  token_hash: string;
  user_id: string;
  user_name: string;
  client_codes: string;
  created_at: string;
  expires_at: string;
}

/** A change of a client's contacts, numbered per client: the live events (services/events.ts). */
export interface ClientEventsTable {
  client_code: string;
  seq: number;
  type: string;
  contact_id: number;
  at: string;
}

/** The last `seq` given to each client's events (kept when the events are pruned). */
export interface ClientEventCountersTable {
  client_code: string;
  last_seq: number;
}

/** How many accesses a client has (migration 22, kept by triggers on `accesses`). */
export interface ClientAccessCountsTable {
  client_code: string;
  accesses: number;
}

export interface DB {
  clients: ClientsTable;
  contact_types: ChoiceTable;
  branches: ChoiceTable;
  user_types: ChoiceTable;
  roles: ChoiceTable;
  contacts: ContactsTable;
  contact_terms: ContactTermsTable;
  contact_term_counts: ContactTermCountsTable;
  contact_buckets: ContactBucketsTable;
  accesses: AccessesTable;
  client_access_counts: ClientAccessCountsTable;
  time_changes_told: TimeChangesToldTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  mailbox: MailboxTable;
  idempotency_keys: IdempotencyKeysTable;
  staff_users: StaffUsersTable;
  staff_rights: StaffRightsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  host_tokens: HostTokensTable;
  client_events: ClientEventsTable;
  client_event_counters: ClientEventCountersTable;
}
