/**
 * The database schema, as numbered migration steps, for both engines: each
 * step has its SQLite text and its PostgreSQL text (the same tables; the
 * types, identity columns and case-insensitive uniqueness written the way
 * each engine wants). The queries themselves are written once, with Kysely.
 *
 * SQLite keeps the number of the last step applied in `PRAGMA user_version`
 * (a file from an earlier version of the server migrates forward from where
 * it stopped); PostgreSQL in the one-row table `schema_version`. `migrate()`
 * runs the missing steps in order, each in its own transaction together with
 * the version bump, so a failing step leaves the database at the previous
 * version. On PostgreSQL an advisory lock lets several instances start at
 * once: one migrates, the others wait and find nothing to do. Never edit a
 * step that has shipped: append a new one.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { indexContactsPostgres, indexContactsSqlite, termCountsInsert } from '../repositories/search-terms.js';
import type { Db, Store } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
  /** Rows computed in TypeScript, written after the step's SQL in the same transaction. */
  fill?: { sqlite(db: BetterSqlite3.Database): void; postgres(db: Db): Promise<void> };
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clients, choice lists and contacts',
    sqlite: `
      CREATE TABLE clients (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
        currency TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        fax TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        address TEXT,            -- JSON of the contract's Address, or NULL
        shipping_address TEXT,   -- idem
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE contact_types (
        id TEXT PRIMARY KEY,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE branches (
        id TEXT PRIMARY KEY,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE user_types (
        id TEXT PRIMARY KEY,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE roles (
        id TEXT PRIMARY KEY,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        position INTEGER NOT NULL
      );

      -- AUTOINCREMENT: an id is never reused after a delete, so a stale
      -- reference (audit trail, idempotency record, open dialog) never points
      -- at another contact.
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_code TEXT NOT NULL REFERENCES clients(code),
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,   -- folded name: lower case, no accents, words split by one space
        title TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        type TEXT REFERENCES contact_types(id),
        email TEXT NOT NULL DEFAULT '',
        email_key TEXT NOT NULL DEFAULT '', -- folded e-mail
        phone TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        fax TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- The list is always one client's, sorted by name (default) or e-mail,
      -- with the id as tie-breaker: both orders walk an index. Each index also
      -- carries the other search key, so that a search (q) and its count scan
      -- the index alone, without reading the rows.
      CREATE INDEX contacts_by_client_name ON contacts (client_code, name_key, id, email_key);
      CREATE INDEX contacts_by_client_email ON contacts (client_code, email_key, id, name_key);
    `,
    postgres: `
      CREATE TABLE clients (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
        currency TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        fax TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        address TEXT,
        shipping_address TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE contact_types (id TEXT PRIMARY KEY, label_fr TEXT NOT NULL, label_en TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE TABLE branches (id TEXT PRIMARY KEY, label_fr TEXT NOT NULL, label_en TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE TABLE user_types (id TEXT PRIMARY KEY, label_fr TEXT NOT NULL, label_en TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE TABLE roles (id TEXT PRIMARY KEY, label_fr TEXT NOT NULL, label_en TEXT NOT NULL, position INTEGER NOT NULL);
      -- The sort and search keys compare byte by byte ("C"), as SQLite's do, whatever the database's locale.
      CREATE TABLE contacts (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        client_code TEXT NOT NULL REFERENCES clients(code),
        name TEXT NOT NULL,
        name_key TEXT COLLATE "C" NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        type TEXT REFERENCES contact_types(id),
        email TEXT NOT NULL DEFAULT '',
        email_key TEXT COLLATE "C" NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        fax TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX contacts_by_client_name ON contacts (client_code, name_key, id) INCLUDE (email_key);
      CREATE INDEX contacts_by_client_email ON contacts (client_code, email_key, id) INCLUDE (name_key);
    `,
  },
  {
    version: 2,
    name: 'accesses, invitations and the audit trail',
    sqlite: `
      CREATE TABLE accesses (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        user_code TEXT NOT NULL UNIQUE COLLATE NOCASE,
        email TEXT NOT NULL,
        allowed_ips TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
        branch_id TEXT REFERENCES branches(id),
        -- granted: saved, not yet accepted (status none until the first
        -- invitation, then invited / expired, computed against now);
        -- active: the contact set a password; revoked.
        state TEXT NOT NULL CHECK (state IN ('granted', 'active', 'revoked')),
        invited_at TEXT,
        invitation_expires_at TEXT,
        last_invitation_sent_at TEXT,
        activated_at TEXT,
        revoked_at TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- One row per invitation link. Only the SHA-256 of the token is kept. A
      -- link is usable while used_at and invalidated_at are both NULL and
      -- expires_at is in the future.
      CREATE TABLE invitations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        invalidated_at TEXT,
        invalidated_reason TEXT CHECK (invalidated_reason IN ('superseded', 'revoked'))
      );
      CREATE INDEX invitations_pending_by_contact ON invitations (contact_id)
        WHERE used_at IS NULL AND invalidated_at IS NULL;

      -- The trail outlives the contact on purpose (no foreign key).
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_code TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        address TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_events_by_contact ON audit_events (contact_id, id);
    `,
    postgres: `
      CREATE TABLE accesses (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        user_code TEXT NOT NULL,
        email TEXT NOT NULL,
        allowed_ips TEXT NOT NULL DEFAULT '[]',
        branch_id TEXT REFERENCES branches(id),
        state TEXT NOT NULL CHECK (state IN ('granted', 'active', 'revoked')),
        invited_at TEXT,
        invitation_expires_at TEXT,
        last_invitation_sent_at TEXT,
        activated_at TEXT,
        revoked_at TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- User codes are unique ignoring case (SQLite: COLLATE NOCASE).
      CREATE UNIQUE INDEX accesses_by_lower_user_code ON accesses (lower(user_code));
      CREATE TABLE invitations (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        invalidated_at TEXT,
        invalidated_reason TEXT CHECK (invalidated_reason IN ('superseded', 'revoked'))
      );
      CREATE INDEX invitations_pending_by_contact ON invitations (contact_id)
        WHERE used_at IS NULL AND invalidated_at IS NULL;
      CREATE TABLE audit_events (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        client_code TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        address TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_events_by_contact ON audit_events (contact_id, id);
    `,
  },
  {
    version: 3,
    name: 'mailbox and idempotency records',
    sqlite: `
      -- Every e-mail the server sends. With the default transport this table
      -- is the delivery (the development mailbox); with SMTP it is the log and
      -- the invitation link is stored redacted.
      CREATE TABLE mailbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER,
        to_address TEXT NOT NULL,
        from_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        language TEXT NOT NULL,
        transport TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'interrupted')),
        message_id TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      );

      CREATE TABLE idempotency_keys (
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL, -- JSON object
        body TEXT NOT NULL,    -- the response body as sent
        created_at TEXT NOT NULL,
        PRIMARY KEY (method, path, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
    postgres: `
      -- (The outbox columns of step 6 from the start: no PostgreSQL database had the old shape.)
      CREATE TABLE mailbox (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        contact_id INTEGER,
        to_address TEXT NOT NULL,
        from_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        language TEXT NOT NULL,
        transport TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'retrying', 'failed', 'cancelled', 'interrupted')),
        message_id TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        kind TEXT,
        invitation_id INTEGER,
        headers TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        requested_by TEXT,
        requested_from TEXT
      );
      CREATE TABLE idempotency_keys (
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (method, path, key)
      );
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
  {
    version: 4,
    name: 'staff users, rights, passwords, sessions and the login throttle',
    sqlite: `
      -- The ERP's staff users (seeded: demo, stagiaire). They share the user
      -- code namespace with the portal accesses: saving an access refuses a
      -- staff user's code.
      CREATE TABLE staff_users (
        user_code TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- "Les collaborateurs qui y sont autorisés": the clients a staff user may act on.
      CREATE TABLE staff_rights (
        user_code TEXT NOT NULL REFERENCES staff_users(user_code) ON DELETE CASCADE,
        client_code TEXT NOT NULL REFERENCES clients(code) ON DELETE CASCADE,
        PRIMARY KEY (user_code, client_code)
      ) WITHOUT ROWID;

      -- The contact's password (scrypt, see auth/passwords.ts), set by
      -- accepting an invitation; cleared by a revocation.
      ALTER TABLE accesses ADD COLUMN password_hash TEXT;

      -- Signed-in sessions. Only the SHA-256 of the cookie's value is kept.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('staff', 'contact')),
        user_code TEXT NOT NULL,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_by_contact ON sessions (contact_id) WHERE contact_id IS NOT NULL;
      CREATE INDEX sessions_by_user ON sessions (user_code);

      -- Failed sign-ins per key ('user:<code>' or 'address:<ip>') in the
      -- current window (which starts at the first failure).
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_started_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE staff_users (
        user_code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX staff_users_by_lower_user_code ON staff_users (lower(user_code));
      CREATE TABLE staff_rights (
        user_code TEXT NOT NULL REFERENCES staff_users(user_code) ON DELETE CASCADE,
        client_code TEXT NOT NULL REFERENCES clients(code) ON DELETE CASCADE,
        PRIMARY KEY (user_code, client_code)
      );
      ALTER TABLE accesses ADD COLUMN password_hash TEXT;
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('staff', 'contact')),
        user_code TEXT NOT NULL,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_contact ON sessions (contact_id) WHERE contact_id IS NOT NULL;
      CREATE INDEX sessions_by_user ON sessions (user_code);
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_started_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'host-issued tokens',
    sqlite: `
      -- Short-lived bearer tokens a host backend mints for one of its users
      -- (POST /host-tokens). Only the SHA-256 of the token is kept, so several
      -- instances can share them and a copy of the database opens nothing.
      CREATE TABLE host_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        client_codes TEXT NOT NULL,  -- JSON array of client codes
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX host_tokens_by_expiry ON host_tokens (expires_at);
    `,
    postgres: `
      CREATE TABLE host_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        client_codes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX host_tokens_by_expiry ON host_tokens (expires_at);
    `,
  },
  {
    version: 6,
    name: 'the mail outbox: retries, headers, kinds',
    sqlite: `
      -- The mailbox becomes the outbox too: a mail that could not be sent is
      -- retried with back-off (retrying), gives up after the last attempt or a
      -- refusal (failed), or is dropped when its link died meanwhile
      -- (cancelled). A retry renders the mail again with a new token for the
      -- same invitation row, so no live link is ever stored.
      CREATE TABLE mailbox_v6 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER,
        to_address TEXT NOT NULL,
        from_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        language TEXT NOT NULL,
        transport TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'retrying', 'failed', 'cancelled', 'interrupted')),
        message_id TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        kind TEXT,                -- invitation, resend, ... (server/mail/wording.ts)
        invitation_id INTEGER,    -- the link it carries (no foreign key: the log outlives it)
        headers TEXT,             -- JSON [[name, value], ...] as sent
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        requested_by TEXT,        -- actor and address of the request, for the trail of a retry
        requested_from TEXT
      );
      INSERT INTO mailbox_v6 (id, contact_id, to_address, from_address, subject, text, html, language, transport, status,
                              message_id, created_at, sent_at, attempts)
        SELECT id, contact_id, to_address, from_address, subject, text, html, language, transport, status,
               message_id, created_at, sent_at, CASE WHEN status = 'sent' THEN 1 ELSE 0 END FROM mailbox;
      DROP TABLE mailbox;
      ALTER TABLE mailbox_v6 RENAME TO mailbox;
      CREATE INDEX mailbox_due ON mailbox (next_attempt_at) WHERE status = 'retrying';
    `,
    postgres: `
      CREATE INDEX mailbox_due ON mailbox (next_attempt_at) WHERE status = 'retrying';
    `,
  },
  {
    version: 7,
    name: 'several instances: the outbox lease, the word index of the search, the list buckets, user codes ignoring case',
    sqlite: `
      -- An instance sending a mail holds it until lease_until; the others leave it alone until then.
      ALTER TABLE mailbox ADD COLUMN lease_until TEXT;
      -- The queries compare lower(user_code) in both engines.
      CREATE INDEX accesses_by_lower_user_code ON accesses (lower(user_code));
      CREATE INDEX staff_users_by_lower_user_code ON staff_users (lower(user_code));
      -- Every word suffix of each folded name: a search (q) is a range of this index.
      CREATE TABLE contact_words (
        client_code TEXT NOT NULL,
        suffix TEXT NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (client_code, suffix, contact_id)
      ) WITHOUT ROWID;
      CREATE INDEX contact_words_by_contact ON contact_words (contact_id);
      -- A big client's list cut into buckets (repositories/list-buckets.ts): pages at any offset without COUNT nor OFFSET.
      CREATE TABLE contact_buckets (
        client_code TEXT NOT NULL,
        sort TEXT NOT NULL CHECK (sort IN ('name', 'email')),
        lo_key TEXT NOT NULL,
        lo_id INTEGER NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (client_code, sort, lo_key, lo_id)
      ) WITHOUT ROWID;
      WITH RECURSIVE s(id, client_code, rest) AS (
        SELECT id, client_code, name_key FROM contacts
        UNION ALL
        SELECT id, client_code, substr(rest, instr(rest, ' ') + 1) FROM s WHERE instr(rest, ' ') > 0
      )
      INSERT INTO contact_words (client_code, suffix, contact_id) SELECT client_code, rest, id FROM s;
    `,
    postgres: `
      ALTER TABLE mailbox ADD COLUMN lease_until TEXT;
      CREATE TABLE contact_words (
        client_code TEXT NOT NULL,
        suffix TEXT COLLATE "C" NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (client_code, suffix, contact_id)
      );
      CREATE INDEX contact_words_by_contact ON contact_words (contact_id);
      CREATE TABLE contact_buckets (
        client_code TEXT NOT NULL,
        sort TEXT NOT NULL CHECK (sort IN ('name', 'email')),
        lo_key TEXT COLLATE "C" NOT NULL,
        lo_id INTEGER NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (client_code, sort, lo_key, lo_id)
      );
      INSERT INTO contact_words (client_code, suffix, contact_id)
      WITH RECURSIVE s(id, client_code, rest) AS (
        SELECT id, client_code, name_key::text FROM contacts
        UNION ALL
        SELECT id, client_code, substr(rest, strpos(rest, ' ') + 1) FROM s WHERE strpos(rest, ' ') > 0
      )
      SELECT client_code, rest, id FROM s;
    `,
  },
  {
    version: 8,
    name: 'the live events of each client (Server-Sent Events)',
    sqlite: `
      -- What changed in a client's contacts, for GET /clients/{id}/events (services/events.ts): written in
      -- the transaction of the change, numbered per client (seq) by client_event_counters, whose row
      -- lock keeps the numbers in commit order on PostgreSQL; pruned after a day.
      CREATE TABLE client_events (
        client_code TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (client_code, seq)
      ) WITHOUT ROWID;
      CREATE INDEX client_events_by_age ON client_events (at);
      CREATE TABLE client_event_counters (
        client_code TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE client_events (
        client_code TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (client_code, seq)
      );
      CREATE INDEX client_events_by_age ON client_events (at);
      CREATE TABLE client_event_counters (
        client_code TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'the search index counts and pages alone (contact_terms replaces contact_words)',
    sqlite: `
      -- repositories/search-terms.ts: every word suffix of the folded name (kind n) and the folded
      -- address (kind e), with the lengths of query for which the row repeats one of the same contact
      -- (dup_from..dup_to) and the contact's sort key: a search is counted and paged in this table.
      CREATE TABLE contact_terms (
        client_code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('n', 'e')),
        term TEXT NOT NULL,
        head TEXT NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        name_key TEXT NOT NULL,
        dup_from INTEGER NOT NULL,
        dup_to INTEGER NOT NULL,
        PRIMARY KEY (client_code, kind, term, contact_id)
      ) WITHOUT ROWID;
      -- A page of a search in name order (the primary key's columns ride along).
      CREATE INDEX contact_terms_by_head ON contact_terms (client_code, kind, head, name_key, contact_id, dup_from, dup_to);
      -- Counting the addresses that do not repeat a name: one range per length below the query's.
      CREATE INDEX contact_terms_email_once ON contact_terms (client_code, dup_to, term) WHERE kind = 'e';
      CREATE INDEX contact_terms_by_contact ON contact_terms (contact_id);
      DROP TABLE contact_words;
    `,
    postgres: `
      CREATE TABLE contact_terms (
        client_code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('n', 'e')),
        term TEXT COLLATE "C" NOT NULL,
        head TEXT COLLATE "C" NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        name_key TEXT COLLATE "C" NOT NULL,
        dup_from INTEGER NOT NULL,
        dup_to INTEGER NOT NULL,
        -- The indexes carry what a search reads: counting and paging are index-only scans.
        PRIMARY KEY (client_code, kind, term, contact_id) INCLUDE (name_key, dup_from, dup_to)
      );
      CREATE INDEX contact_terms_by_head ON contact_terms (client_code, kind, head, name_key, contact_id) INCLUDE (term, dup_from, dup_to);
      CREATE INDEX contact_terms_email_once ON contact_terms (client_code, dup_to, term) WHERE kind = 'e';
      CREATE INDEX contact_terms_by_contact ON contact_terms (contact_id);
      DROP TABLE contact_words;
    `,
    // (the columns of this version: email_key came with migration 17)
    fill: { sqlite: (db) => indexContactsSqlite(db, undefined, { emailKeys: false }), postgres: (db) => indexContactsPostgres(db, undefined, { emailKeys: false }) },
  },
  {
    version: 10,
    name: 'the end of an access (accessExpiresAt)',
    sqlite: `
      -- When the access ends (ISO 8601, UTC), or NULL: no end. Its status is 'ended' from then on
      -- (repositories/access.ts), computed against now like 'expired'.
      ALTER TABLE accesses ADD COLUMN access_expires_at TEXT;
    `,
    postgres: `
      ALTER TABLE accesses ADD COLUMN access_expires_at TEXT;
    `,
  },
  {
    version: 11,
    name: 'the list buckets keep their place (first_index): a page at any offset sums nothing',
    sqlite: `
      -- repositories/list-buckets.ts: how many contacts sort before the bucket, kept by the writes.
      ALTER TABLE contact_buckets ADD COLUMN first_index INTEGER NOT NULL DEFAULT 0;
      UPDATE contact_buckets AS b SET first_index = s.first_index
      FROM (
        SELECT client_code, sort, lo_key, lo_id, sum(size) OVER (PARTITION BY client_code, sort ORDER BY lo_key, lo_id) - size AS first_index
        FROM contact_buckets
      ) AS s
      WHERE b.client_code = s.client_code AND b.sort = s.sort AND b.lo_key = s.lo_key AND b.lo_id = s.lo_id;
    `,
    postgres: `
      ALTER TABLE contact_buckets ADD COLUMN first_index INTEGER NOT NULL DEFAULT 0;
      UPDATE contact_buckets AS b SET first_index = s.first_index
      FROM (
        SELECT client_code, sort, lo_key, lo_id, sum(size) OVER (PARTITION BY client_code, sort ORDER BY lo_key, lo_id) - size AS first_index
        FROM contact_buckets
      ) AS s
      WHERE b.client_code = s.client_code AND b.sort = s.sort AND b.lo_key = s.lo_key AND b.lo_id = s.lo_id;
    `,
  },
  {
    version: 12,
    name: 'a short search is counted from one row (contact_term_counts)',
    sqlite: `
      -- repositories/search-terms.ts: per client, kind and query of up to COUNTED characters, how many
      -- rows of contact_terms it matches that are no repeat of their contact; kept by the contact writes.
      CREATE TABLE contact_term_counts (
        client_code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('n', 'e')),
        prefix TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (client_code, kind, prefix)
      ) WITHOUT ROWID;
      ${termCountsInsert()};
    `,
    postgres: `
      CREATE TABLE contact_term_counts (
        client_code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('n', 'e')),
        prefix TEXT COLLATE "C" NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (client_code, kind, prefix)
      );
      ${termCountsInsert()};
    `,
  },
  {
    version: 13,
    name: "an access carries its contact's client: a status filter reads the client's accesses",
    sqlite: `
      -- The contact's client_code (a contact never changes client), written with the access, so that a
      -- filter on a status other than none reads the client's accesses, not every contact of the client.
      ALTER TABLE accesses ADD COLUMN client_code TEXT;
      UPDATE accesses SET client_code = (SELECT client_code FROM contacts WHERE contacts.id = accesses.contact_id);
      CREATE INDEX accesses_by_client ON accesses (client_code, contact_id);
    `,
    postgres: `
      ALTER TABLE accesses ADD COLUMN client_code TEXT;
      UPDATE accesses AS a SET client_code = c.client_code FROM contacts AS c WHERE c.id = a.contact_id;
      ALTER TABLE accesses ALTER COLUMN client_code SET NOT NULL;
      CREATE INDEX accesses_by_client ON accesses (client_code, contact_id);
    `,
  },
  {
    version: 14,
    name: "an access carries its contact's sort keys: the contacts without access are the list less the accesses",
    sqlite: `
      -- The contact's name_key and email_key, written with the access and by a change of the contact, so that the
      -- list of the contacts without access reads the client's accesses in list order, not their contacts.
      ALTER TABLE accesses ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE accesses ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
      UPDATE accesses SET name_key = (SELECT name_key FROM contacts WHERE contacts.id = accesses.contact_id),
                          email_key = (SELECT email_key FROM contacts WHERE contacts.id = accesses.contact_id);
      -- (with the columns of the status, so that the index alone answers)
      CREATE INDEX accesses_by_client_name ON accesses (client_code, name_key, contact_id,
        state, last_invitation_sent_at, invitation_expires_at, access_expires_at);
      CREATE INDEX accesses_by_client_email ON accesses (client_code, email_key, contact_id,
        state, last_invitation_sent_at, invitation_expires_at, access_expires_at);
    `,
    postgres: `
      ALTER TABLE accesses ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE accesses ADD COLUMN email_key TEXT COLLATE "C" NOT NULL DEFAULT '';
      UPDATE accesses AS a SET name_key = c.name_key, email_key = c.email_key FROM contacts AS c WHERE c.id = a.contact_id;
      CREATE INDEX accesses_by_client_name ON accesses (client_code, name_key, contact_id)
        INCLUDE (state, last_invitation_sent_at, invitation_expires_at, access_expires_at);
      CREATE INDEX accesses_by_client_email ON accesses (client_code, email_key, contact_id)
        INCLUDE (state, last_invitation_sent_at, invitation_expires_at, access_expires_at);
    `,
  },
  {
    version: 15,
    name: 'what time changes is told once (time_changes_told)',
    sqlite: `
      -- repositories/time-changes.ts: the moment up to which the access ends and invitation expiries
      -- that passed have had their live event, one row; NULL until the first sweep.
      CREATE TABLE time_changes_told (id INTEGER PRIMARY KEY CHECK (id = 1), until TEXT);
      INSERT INTO time_changes_told (id, until) VALUES (1, NULL);
      CREATE INDEX accesses_by_end ON accesses (access_expires_at) WHERE access_expires_at IS NOT NULL;
      CREATE INDEX accesses_by_invitation_end ON accesses (invitation_expires_at) WHERE invitation_expires_at IS NOT NULL;
    `,
    postgres: `
      CREATE TABLE time_changes_told (id INTEGER PRIMARY KEY CHECK (id = 1), until TEXT);
      INSERT INTO time_changes_told (id, until) VALUES (1, NULL);
      CREATE INDEX accesses_by_end ON accesses (access_expires_at) WHERE access_expires_at IS NOT NULL;
      CREATE INDEX accesses_by_invitation_end ON accesses (invitation_expires_at) WHERE invitation_expires_at IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: 'the search index says which contacts have an access (contact_terms.with_access)',
    sqlite: `
      -- 1 on the search rows of a contact that has an access (repositories/contact-search.ts, accessesMatching): a
      -- search with a status filter reads the rows of the accesses' holders in a small partial index (migration
      -- 17, which adds the address it carries), not every access of the client. The triggers keep it on every
      -- write of an access; a contact's rows written again (a renaming) carry it (repositories/contacts.ts). A
      -- row left at 1 after its access went would only be read for nothing (the status comes from the access).
      ALTER TABLE contact_terms ADD COLUMN with_access INTEGER NOT NULL DEFAULT 0;
      UPDATE contact_terms SET with_access = 1 WHERE contact_id IN (SELECT contact_id FROM accesses);
      CREATE TRIGGER accesses_mark_terms AFTER INSERT ON accesses
        BEGIN UPDATE contact_terms SET with_access = 1 WHERE contact_id = NEW.contact_id; END;
      CREATE TRIGGER accesses_unmark_terms AFTER DELETE ON accesses
        BEGIN UPDATE contact_terms SET with_access = 0 WHERE contact_id = OLD.contact_id; END;
    `,
    postgres: `
      ALTER TABLE contact_terms ADD COLUMN with_access INTEGER NOT NULL DEFAULT 0;
      UPDATE contact_terms AS t SET with_access = 1 FROM accesses AS a WHERE a.contact_id = t.contact_id;
      CREATE FUNCTION accesses_mark_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE contact_terms SET with_access = 1 WHERE contact_id = NEW.contact_id;
        ELSE
          UPDATE contact_terms SET with_access = 0 WHERE contact_id = OLD.contact_id;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER accesses_mark_terms AFTER INSERT OR DELETE ON accesses FOR EACH ROW EXECUTE FUNCTION accesses_mark_terms();
    `,
  },
  {
    version: 17,
    name: "the search index carries the contact's address; its rows of the contacts with an access, indexed apart",
    sqlite: `
      -- The contact's email_key on each of its search rows (written with them, as name_key is): the matches of a
      -- search in e-mail order are sorted, and a contact's place among them counted, in the index alone, without
      -- reading each match's contact (repositories/contact-search.ts). (SQLite: the table is its primary key.)
      ALTER TABLE contact_terms ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
      UPDATE contact_terms SET email_key = (SELECT email_key FROM contacts WHERE contacts.id = contact_terms.contact_id);
      -- The rows of the contacts that have an access (migration 16), with all a search reads of them (their
      -- contact, its keys for the order): a status filter's search reads this index alone.
      CREATE INDEX contact_terms_with_access ON contact_terms (client_code, kind, term, contact_id, dup_from, dup_to, name_key, email_key)
        WHERE with_access = 1;
    `,
    postgres: `
      ALTER TABLE contact_terms ADD COLUMN email_key TEXT COLLATE "C" NOT NULL DEFAULT '';
      UPDATE contact_terms AS t SET email_key = c.email_key FROM contacts AS c WHERE c.id = t.contact_id;
      ALTER TABLE contact_terms DROP CONSTRAINT contact_terms_pkey,
        ADD PRIMARY KEY (client_code, kind, term, contact_id) INCLUDE (name_key, email_key, dup_from, dup_to);
      CREATE INDEX contact_terms_with_access ON contact_terms (client_code, kind, term, contact_id)
        INCLUDE (dup_from, dup_to, name_key, email_key) WHERE with_access = 1;
    `,
  },
  {
    version: 18,
    name: 'the accesses never sent, indexed apart',
    sqlite: `
      -- The accesses saved and never sent, the only ones that can be in status none: few. A client's list without
      -- access, or in status order, counts its accesses in the index of its accesses by key and reads only these
      -- (repositories/status-list.ts).
      CREATE INDEX accesses_never_sent ON accesses (client_code) WHERE state = 'granted' AND last_invitation_sent_at IS NULL;
    `,
    postgres: `
      CREATE INDEX accesses_never_sent ON accesses (client_code) WHERE state = 'granted' AND last_invitation_sent_at IS NULL;
    `,
  },
  {
    version: 19,
    name: "the client's accesses by state, in list order",
    sqlite: `
      -- A status filter reads the client's accesses in the states its status can have (active: active; invited:
      -- granted; ...), in list order, with what the status needs (repositories/access-list.ts): a third of them
      -- when the states are evenly spread, where the index by key alone walked all of them.
      CREATE INDEX accesses_by_state_name ON accesses (client_code, state, name_key, contact_id,
        last_invitation_sent_at, invitation_expires_at, access_expires_at);
      CREATE INDEX accesses_by_state_email ON accesses (client_code, state, email_key, contact_id,
        last_invitation_sent_at, invitation_expires_at, access_expires_at);
    `,
    postgres: `
      CREATE INDEX accesses_by_state_name ON accesses (client_code, state, name_key, contact_id)
        INCLUDE (last_invitation_sent_at, invitation_expires_at, access_expires_at);
      CREATE INDEX accesses_by_state_email ON accesses (client_code, state, email_key, contact_id)
        INCLUDE (last_invitation_sent_at, invitation_expires_at, access_expires_at);
    `,
  },
  {
    version: 20,
    name: "the search index's rows by head in e-mail order",
    sqlite: `
      -- As contact_terms_by_head (migration 8) in name order: a search of 3 characters or more with many matches is
      -- read in e-mail order from the rows of its head, stopped at the page's end (repositories/contact-search.ts),
      -- where its matches were sorted by address (a first name's 13,889 at 1,000,000 contacts: 5-10 ms).
      CREATE INDEX contact_terms_by_head_email ON contact_terms (client_code, kind, head, email_key, contact_id, dup_from, dup_to);
    `,
    postgres: `
      CREATE INDEX contact_terms_by_head_email ON contact_terms (client_code, kind, head, email_key, contact_id) INCLUDE (term, dup_from, dup_to);
    `,
  },
  {
    version: 21,
    name: "the search index's rows of a contact with an access carry what its status needs",
    sqlite: `
      -- The columns of the contact's access that its status is computed from (repositories/access.ts), on its search
      -- rows (with_access = 1), kept by the triggers of migration 16 in the access's own write: a search with a status
      -- filter, or in status order, computes each match's status from the partial index alone, where it looked each
      -- one up in the client's accesses (527 matches with an access for "bou": 2-3 ms on PostgreSQL).
      ALTER TABLE contact_terms ADD COLUMN state TEXT;
      ALTER TABLE contact_terms ADD COLUMN last_invitation_sent_at TEXT;
      ALTER TABLE contact_terms ADD COLUMN invitation_expires_at TEXT;
      ALTER TABLE contact_terms ADD COLUMN access_expires_at TEXT;
      UPDATE contact_terms SET (state, last_invitation_sent_at, invitation_expires_at, access_expires_at) =
        (SELECT state, last_invitation_sent_at, invitation_expires_at, access_expires_at FROM accesses WHERE accesses.contact_id = contact_terms.contact_id)
        WHERE with_access = 1;
      DROP INDEX contact_terms_with_access;
      CREATE INDEX contact_terms_with_access ON contact_terms (client_code, kind, term, contact_id, dup_from, dup_to, name_key, email_key,
        state, last_invitation_sent_at, invitation_expires_at, access_expires_at) WHERE with_access = 1;
      DROP TRIGGER accesses_mark_terms;
      DROP TRIGGER accesses_unmark_terms;
      CREATE TRIGGER accesses_mark_terms AFTER INSERT ON accesses
        BEGIN
          UPDATE contact_terms SET with_access = 1, state = NEW.state, last_invitation_sent_at = NEW.last_invitation_sent_at,
            invitation_expires_at = NEW.invitation_expires_at, access_expires_at = NEW.access_expires_at
          WHERE contact_id = NEW.contact_id;
        END;
      CREATE TRIGGER accesses_restate_terms AFTER UPDATE OF state, last_invitation_sent_at, invitation_expires_at, access_expires_at ON accesses
        BEGIN
          UPDATE contact_terms SET state = NEW.state, last_invitation_sent_at = NEW.last_invitation_sent_at,
            invitation_expires_at = NEW.invitation_expires_at, access_expires_at = NEW.access_expires_at
          WHERE contact_id = NEW.contact_id;
        END;
      CREATE TRIGGER accesses_unmark_terms AFTER DELETE ON accesses
        BEGIN
          UPDATE contact_terms SET with_access = 0, state = NULL, last_invitation_sent_at = NULL, invitation_expires_at = NULL,
            access_expires_at = NULL
          WHERE contact_id = OLD.contact_id;
        END;
    `,
    postgres: `
      ALTER TABLE contact_terms ADD COLUMN state TEXT, ADD COLUMN last_invitation_sent_at TEXT, ADD COLUMN invitation_expires_at TEXT,
        ADD COLUMN access_expires_at TEXT;
      UPDATE contact_terms AS t SET state = a.state, last_invitation_sent_at = a.last_invitation_sent_at,
        invitation_expires_at = a.invitation_expires_at, access_expires_at = a.access_expires_at
      FROM accesses AS a WHERE a.contact_id = t.contact_id AND t.with_access = 1;
      DROP INDEX contact_terms_with_access;
      CREATE INDEX contact_terms_with_access ON contact_terms (client_code, kind, term, contact_id)
        INCLUDE (dup_from, dup_to, name_key, email_key, state, last_invitation_sent_at, invitation_expires_at, access_expires_at) WHERE with_access = 1;
      CREATE OR REPLACE FUNCTION accesses_mark_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE contact_terms SET with_access = 0, state = NULL, last_invitation_sent_at = NULL, invitation_expires_at = NULL,
            access_expires_at = NULL
          WHERE contact_id = OLD.contact_id;
        ELSE
          UPDATE contact_terms SET with_access = 1, state = NEW.state, last_invitation_sent_at = NEW.last_invitation_sent_at,
            invitation_expires_at = NEW.invitation_expires_at, access_expires_at = NEW.access_expires_at
          WHERE contact_id = NEW.contact_id;
        END IF;
        RETURN NULL;
      END $$;
      DROP TRIGGER accesses_mark_terms ON accesses;
      CREATE TRIGGER accesses_mark_terms AFTER INSERT OR DELETE OR UPDATE OF state, last_invitation_sent_at, invitation_expires_at,
        access_expires_at ON accesses FOR EACH ROW EXECUTE FUNCTION accesses_mark_terms();
    `,
  },
  {
    version: 22,
    name: 'how many accesses each client has, kept by the accesses',
    sqlite: `
      -- A big client's list without access, or in status order, needs how many accesses the client has
      -- (repositories/status-list.ts): counted at each request, 20,000 of them took 0.7-1.5 ms. Kept here by triggers, in
      -- the access's own write; a client's accesses never move to another client.
      CREATE TABLE client_access_counts (
        client_code TEXT PRIMARY KEY,
        accesses INTEGER NOT NULL
      );
      INSERT INTO client_access_counts (client_code, accesses) SELECT client_code, count(*) FROM accesses GROUP BY client_code;
      CREATE TRIGGER accesses_count_in AFTER INSERT ON accesses
        BEGIN
          INSERT INTO client_access_counts (client_code, accesses) VALUES (NEW.client_code, 1)
            ON CONFLICT (client_code) DO UPDATE SET accesses = accesses + 1;
        END;
      -- (a client's last access gone, its row goes: an access written and undone leaves nothing behind)
      CREATE TRIGGER accesses_count_out AFTER DELETE ON accesses
        BEGIN
          UPDATE client_access_counts SET accesses = accesses - 1 WHERE client_code = OLD.client_code;
          DELETE FROM client_access_counts WHERE client_code = OLD.client_code AND accesses = 0;
        END;
    `,
    postgres: `
      -- (the row of the client is locked until the access's transaction ends: its accesses are written one after the other)
      CREATE TABLE client_access_counts (
        client_code TEXT PRIMARY KEY,
        accesses INTEGER NOT NULL
      );
      INSERT INTO client_access_counts (client_code, accesses) SELECT client_code, count(*) FROM accesses GROUP BY client_code;
      CREATE FUNCTION accesses_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO client_access_counts (client_code, accesses) VALUES (NEW.client_code, 1)
            ON CONFLICT (client_code) DO UPDATE SET accesses = client_access_counts.accesses + 1;
        ELSE
          UPDATE client_access_counts SET accesses = accesses - 1 WHERE client_code = OLD.client_code;
          DELETE FROM client_access_counts WHERE client_code = OLD.client_code AND accesses = 0;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER accesses_count AFTER INSERT OR DELETE ON accesses FOR EACH ROW EXECUTE FUNCTION accesses_count();
    `,
  },
];


/** Applies the missing migration steps; returns the version before and after. */
export async function migrate(store: Store, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  if (store.sqlite) return migrateSqlite(store.sqlite, migrations);
  const versionNow = async () => {
    const db = store.db;
    // One instance migrates at a time (the lock is released at commit): the others wait, then find the step done.
    await sql`SELECT pg_advisory_xact_lock(7243501)`.execute(db);
    await sql`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`.execute(db);
    const row = (await sql<{ version: number }>`SELECT version FROM schema_version`.execute(db)).rows[0];
    if (!row) await sql`INSERT INTO schema_version (version) VALUES (0)`.execute(db);
    return row?.version ?? 0;
  };
  const from = await store.transaction(versionNow);
  let current = from;
  for (const step of migrations) {
    if (step.version <= current) continue;
    current = await store.transaction(async () => {
      const version = await versionNow();
      if (version >= step.version) return version;
      checkOrder(step, version);
      await sql.raw(step.postgres).execute(store.db);
      await step.fill?.postgres(store.db);
      await sql`UPDATE schema_version SET version = ${step.version}`.execute(store.db);
      return step.version;
    });
  }
  return { from, to: current };
}

/** SQLite: the missing steps, each in its own transaction with `PRAGMA user_version`. */
export function migrateSqlite(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  let current = from;
  for (const step of migrations) {
    if (step.version <= current) continue;
    checkOrder(step, current);
    db.transaction(() => {
      db.exec(step.sqlite);
      step.fill?.sqlite(db);
      db.pragma(`user_version = ${step.version}`);
    })();
    current = step.version;
  }
  return { from, to: current };
}

function checkOrder(step: Migration, current: number): void {
  if (step.version !== current + 1) throw new Error(`Migration ${step.version} (${step.name}) does not follow version ${current}`);
}
