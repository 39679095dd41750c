/**
 * The database schema, as numbered migration steps. `PRAGMA user_version` holds
 * the number of the last step applied; `migrate()` runs the missing steps in
 * order, each in its own transaction together with the version bump, so a
 * failing step leaves the database at the previous version. Never edit a step
 * that has shipped: append a new one.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clients, choice lists and contacts',
    sql: `
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
  },
  {
    version: 2,
    name: 'accesses, invitations and the audit trail',
    sql: `
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
  },
  {
    version: 3,
    name: 'mailbox and idempotency records',
    sql: `
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
  },
  {
    version: 4,
    name: 'staff users, rights, passwords, sessions and the login throttle',
    sql: `
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
  },
  {
    version: 5,
    name: 'host-issued tokens',
    sql: `
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
  },
  {
    version: 6,
    name: 'the mail outbox: retries, headers, kinds',
    sql: `
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
  },
];

/** Applies the missing migration steps; returns the version before and after. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  let current = from;
  for (const step of migrations) {
    if (step.version <= current) continue;
    if (step.version !== current + 1) {
      throw new Error(`Migration ${step.version} (${step.name}) does not follow version ${current}`);
    }
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
    current = step.version;
  }
  return { from, to: current };
}
