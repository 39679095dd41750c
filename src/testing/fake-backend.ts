/**
 * An in-memory `ContactsBackend`: the mocked backend defined once and shared by
 * the element tests, the Storybook stories, and hosts' own front-end work
 * (`import { FakeBackend } from 'client-access-elements/testing'`).
 *
 * It follows the contract (`openapi.yaml`) and the reference server's rules
 * (`src/internal/field-rules.ts`, `src/internal/validators.ts`) so that a test passing against it means
 * something: the same 404 / 409 / 412 / 422 answers with the same field errors,
 * versions bumped on every change, idempotency keys remembered, paging,
 * filtering and sorting done "server side". Every answer is a deep copy.
 *
 * Knobs for stories and tests, all changeable at run time:
 * - `latency` (ms) before every answer; `options.signal` aborts the wait and the
 *   call rejects with `signal.reason`, as `fetch` does;
 * - `fail`: a failure mode for every call (`network`, `timeout`,
 *   `server-error`, or `stale` = 412 on the calls that change something);
 * - `failNext(method, failure)`: fail only the next call of one method,
 *   optionally after the change was made (a lost answer, to test retries);
 * - `now`: the clock (invitation dates and expiry);
 * - `calls` / `callCount(method)`: what was asked, to assert "one request".
 *
 * `watchClient` streams every change made through it (by any element or by the
 * story or test itself, "elsewhere"), after `latency`, and resumes after a
 * `lastEventId` as the server does; `watching()` counts the open streams. What
 * time changes (an access reaching its end, an invitation running out) is
 * streamed too, as the server tells it: `tellTimeChanges()`, called every
 * second while a stream is open (and by a test that moves its `now`).
 *
 * Runs in the browser: no Node imports.
 */
import type { CallOptions, ContactsBackend, CreateOptions, LiveEvent, UpdateOptions, WatchOptions } from '../api/backend.js';
import { BackendError } from '../api/backend-error.js';
import {
  ACCESS_STATUSES,
  type Access,
  type AccessInput,
  type AccessStatus,
  type AuditEvent,
  type Choice,
  type ClientEventType,
  type Choices,
  type Client,
  type Contact,
  type ContactInput,
  type ContactPage,
  type ContactQuery,
  type ContactSort,
  type FieldError,
  type FieldErrorCode,
  type Problem,
} from '../api/types.js';
import { ACCESS_FIELDS, ALLOWED_IPS, CONTACT_FIELDS } from '../internal/field-rules.js';
import { EVENT_OF_AUDIT } from '../internal/live-events.js';
import { noAccess } from '../internal/no-access.js';
import { checkAccessEnd, checkField, isIpOrCidr } from '../internal/validators.js';

// ---------------------------------------------------------------------------
// Reference data (the seed)
// ---------------------------------------------------------------------------

export const SEED_CLIENT_ID = '8005551';

/** The seed client: Hervé David. */
export const HERVE_DAVID: Client = {
  id: SEED_CLIENT_ID,
  code: SEED_CLIENT_ID,
  name: 'Hervé David',
  mode: 'Entreprise',
  status: 'Actif',
  language: 'fr',
  currency: 'CAD',
  createdAt: '2019-12-05T05:00:00.000Z',
  updatedAt: '2019-12-05T10:55:27.000Z',
};

/** The seed contact, as the contact dialog would send it. */
export const MIREILLE: ContactInput = {
  name: 'Mireille Couture',
  title: 'Responsable stock',
  department: 'Logistique',
  type: 'operations',
  email: 'mireille.couture@hervedavid.com',
  phone: '521 1224 6321',
  mobile: '524 1478 1263',
  fax: '521 1582 1132',
  location: '',
};

/** The id of the seed contact in a `FakeBackend` built without `contacts`. */
export const MIREILLE_ID = 'mireille-couture';

/** The user code the seed proposes to Mireille Couture. */
export const MIREILLE_USER_CODE = '8005551216';

function choice(id: string, fr: string, en: string): Choice {
  return { id, label: fr, labels: { fr, en } };
}

/** The seed's choice lists. */
export const SEED_CHOICES: Choices = {
  contactTypes: [
    choice('operations', 'Opérations', 'Operations'),
    choice('billing', 'Facturation', 'Billing'),
    choice('sales', 'Ventes', 'Sales'),
    choice('management', 'Direction', 'Management'),
  ],
  branches: [
    choice('mtl', 'ACT BL Solutions - Actif Montréal', 'ACT BL Solutions - Actif Montréal'),
    choice('qc', 'ACT BL Solutions - Actif Québec', 'ACT BL Solutions - Actif Québec'),
    choice('tor', 'ACT BL Solutions - Actif Toronto', 'ACT BL Solutions - Actif Toronto'),
  ],
  userTypes: [
    choice('client-contact', "Je veux donner un accès à un contact d'un client", "I want to give access to a client's contact"),
  ],
  roles: [choice('client', 'Client (rôle du système)', 'Client (system role)')],
};

/** Invitation links expire after this long. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Generated contacts
// ---------------------------------------------------------------------------

const FIRST_NAMES = [
  'Élise', 'François', 'Hélène', 'Jérôme', 'Zoé', 'Benoît', 'Chloé', 'Étienne', 'Noémie', 'Gérald',
  'Sophie', 'Marc-André', 'Geneviève', 'Luc', 'Amélie', 'Olivier', 'Josée', 'Réjean', 'Anaïs', 'Mathieu',
  'Émilie', 'Sébastien', 'Maude', 'Frédéric', 'Isabelle', 'Karine', 'Pierre-Luc', 'Ève', 'Yannick', 'Caroline',
  'John', 'Sarah', 'Michael', 'Emily', 'David', 'Jessica', 'Andrew',
]; // 37 names
const LAST_NAMES = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné',
  'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher',
  'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', "D'Amours", 'St-Pierre', 'Thériault', 'Ménard',
  'Smith', 'Johnson', 'Brown', 'Wilson', 'Taylor', 'MacDonald', "O'Brien", 'Campbell', 'Anderson', 'Lachance',
  'Éthier',
]; // 41 names: coprime with 37, so the first 1517 names are all different
const TITLES = [
  'Responsable stock', 'Comptable', 'Directrice générale', 'Représentant', 'Acheteuse', 'Contrôleur',
  'Adjointe administrative', 'Chargé de projet', 'Purchasing Manager', 'Account Executive', '',
];
const DEPARTMENTS = ['Logistique', 'Comptabilité', 'Direction', 'Ventes', 'Achats', 'Finance', 'Operations', ''];
const TYPES: (string | null)[] = ['operations', 'billing', 'sales', 'management', null];
const LOCATIONS = ['', 'Montréal', 'Québec', '', 'Laval', 'Toronto', ''];
/** With `accessMix`: the access state of contact i (having an e-mail) is ACCESS_MIX[i % 10]. */
const ACCESS_MIX: AccessStatus[] = ['none', 'invited', 'none', 'active', 'none', 'expired', 'active', 'none', 'revoked', 'invited'];

export interface SeedOptions {
  /** Give the contacts a mix of access states (none, invited, active, expired, revoked). */
  accessMix?: boolean;
}

function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function digits(i: number, salt: number, n: number): string {
  // A deterministic scramble of i; no Math.random, so every run shows the same data.
  const x = ((i + 1) * 7919 + salt * 104729) % 10 ** n;
  return String(x).padStart(n, '0');
}

/**
 * `n` realistic, varied, deterministic contacts of one client (ids
 * `${clientId}-1`, `${clientId}-2`, ...). With `accessMix`, their
 * `accessStatus` varies and a `FakeBackend` given them makes up the matching
 * accesses.
 */
export function seedContacts(n: number, clientId: string = SEED_CLIENT_ID, options: SeedOptions = {}): Contact[] {
  const domain = clientId === SEED_CLIENT_ID ? 'hervedavid.com' : `client${asciiSlug(clientId)}.example.com`;
  const out: Contact[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(i * 3) % LAST_NAMES.length]!;
    const round = Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length));
    const hasEmail = i % 11 !== 10;
    const email = hasEmail ? `${asciiSlug(first)}.${asciiSlug(last)}${round ? round + 1 : ''}@${domain}` : '';
    out.push({
      id: `${clientId}-${i + 1}`,
      clientId,
      name: `${first} ${last}`,
      title: TITLES[i % TITLES.length]!,
      department: DEPARTMENTS[(i * 5) % DEPARTMENTS.length]!,
      type: TYPES[i % TYPES.length]!,
      email,
      phone: `514 ${digits(i, 1, 4)} ${digits(i, 2, 4)}`,
      mobile: i % 3 === 2 ? '' : `438 ${digits(i, 3, 4)} ${digits(i, 4, 4)}`,
      fax: i % 4 === 0 ? `514 ${digits(i, 5, 4)} ${digits(i, 6, 4)}` : '',
      location: LOCATIONS[i % LOCATIONS.length]!,
      accessStatus: options.accessMix && hasEmail ? ACCESS_MIX[i % ACCESS_MIX.length]! : 'none',
      version: 1,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------

export type FailureMode = 'none' | 'network' | 'timeout' | 'server-error' | 'stale';
/** What `failNext` makes a call reject with: a given error, or one of the failure modes. */
export type Failure = BackendError | Exclude<FailureMode, 'none'>;
export type BackendMethod = keyof ContactsBackend;

export interface RecordedCall {
  method: BackendMethod;
  /** The arguments as they were when the call was made (copies; a `signal` is kept as is). */
  args: unknown[];
}

export interface FailNextOptions {
  /**
   * Make the change first, then fail (as when the answer is lost on the way
   * back): a retry with the same idempotency key must not change anything again.
   */
  afterCommit?: boolean;
}

export interface FakeBackendOptions {
  /** The contacts, or how many to generate with `seedContacts`. Default: Mireille Couture alone. */
  contacts?: Contact[] | number;
  /** Existing accesses (by `contactId`). Contacts whose `accessStatus` is not `none` and have none get one made up. */
  accesses?: Access[];
  /** The clients; default Hervé David. A client that a contact names and that is missing is made up. */
  clients?: Client[];
  /** Replaces some of the choice lists. */
  choices?: Partial<Choices>;
  /** Milliseconds before every answer; default 0 (still asynchronous). */
  latency?: number;
  fail?: FailureMode;
  /** The clock; default the real one. */
  now?: () => Date;
  /** The `actor` of the audit events this backend records. */
  actor?: string;
}

interface StoredContact {
  contact: Omit<Contact, 'accessStatus'>;
  /** Creation rank within its client: the user code proposal starts at 216 + ordinal. */
  ordinal: number;
}

interface StoredEvent {
  key: string;
  event: AuditEvent;
}

interface PendingFailure {
  failure: Failure;
  afterCommit: boolean;
}

const CHANGING_METHODS: ReadonlySet<BackendMethod> = new Set<BackendMethod>([
  'updateContact',
  'deleteContact',
  'saveAccess',
  'revokeAccess',
]);
const SORTS: readonly ContactSort[] = ['name', '-name', 'email', '-email', 'accessStatus', '-accessStatus'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const MAX_Q = 120;
const collator = new Intl.Collator('fr');

const TITLES_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** A `BackendError` as `RestBackend` would build it from a problem+json answer. */
export function httpError(status: number, detail?: string, errors?: FieldError[]): BackendError {
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES_BY_STATUS[status] ?? `HTTP ${status}`,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(errors ? { errors } : {}),
  };
  return new BackendError('http', status, problem);
}

function fieldError(field: string, code: FieldErrorCode, index?: number): FieldError {
  const messages: Record<FieldErrorCode, string> = {
    required: `${field} is required.`,
    'too-long': `${field} is too long.`,
    'control-characters': `${field} must be one line of text, without control characters.`,
    email: `${field} is not a valid e-mail address.`,
    ip: `Entry ${index ?? 0} of ${field} is not an IP address or a CIDR block.`,
    duplicate: `This ${field} is already taken.`,
    unknown: `${field} is not one of the known values.`,
    invalid: `${field} is not valid.`,
    'past-date': `${field} is in the past.`,
    'password-too-short': 'The password is too short.',
    'password-common': 'The password is too common.',
    'password-mismatch': 'The passwords differ.',
  };
  return { field, code, message: messages[code], ...(index !== undefined ? { index } : {}) };
}

/** A 409 as the reference server answers an invitation for an access past its end. */
function endedError(): BackendError {
  return new BackendError('http', 409, { type: 'urn:client-access:problem:access-ended', title: 'Conflict', status: 409, detail: 'The access has ended: move its end later or clear it first.' });
}

function failureError(failure: Failure): BackendError {
  if (failure instanceof BackendError) return failure;
  switch (failure) {
    case 'network':
      return new BackendError('network', 0, null, 'Failed to fetch');
    case 'timeout':
      return new BackendError('timeout', 0, null, 'No answer in time.');
    case 'server-error':
      return httpError(500, 'The fake backend was told to fail.');
    case 'stale':
      return httpError(412, 'The resource changed since it was read.');
  }
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Copies the arguments for `calls`, keeping an AbortSignal (not clonable) as is. */
function snapshot(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof AbortSignal) return value;
  if (Array.isArray(value)) return value.map(snapshot);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = snapshot(v);
  return out;
}


/**
 * The stored accesses by contact key, with an index of their user codes (in
 * lower case), so that a uniqueness check is one look-up: seeding thousands
 * of contacts with accesses stays fast.
 */
class AccessMap extends Map<string, Access> {
  private readonly byCode = new Map<string, string>();

  override set(key: string, access: Access): this {
    const before = super.get(key);
    if (before) this.byCode.delete(before.userCode.toLowerCase());
    this.byCode.set(access.userCode.toLowerCase(), key);
    return super.set(key, access);
  }

  override delete(key: string): boolean {
    const before = super.get(key);
    if (before) this.byCode.delete(before.userCode.toLowerCase());
    return super.delete(key);
  }

  /** The key of the contact whose access has this user code. */
  holderOf(userCode: string): string | undefined {
    return this.byCode.get(userCode.toLowerCase());
  }
}

/** Lower case, without accents: what `q` compares. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

export class FakeBackend implements ContactsBackend {
  /** Milliseconds before every answer. */
  latency: number;
  /** Failure of every call until set back to `none`. */
  fail: FailureMode;
  /** The clock. */
  now: () => Date;
  /** The actor of the recorded audit events. */
  actor: string;
  /** Every call made, in order (failed and aborted ones too). */
  readonly calls: RecordedCall[] = [];

  private readonly clients = new Map<string, Client>();
  private readonly contacts = new Map<string, StoredContact>();
  /** Stored accesses by contact key; a deleted contact's access stays (revoked) so its user code stays taken. */
  private readonly accesses = new AccessMap();
  /** Per client, where the search for a free long user code starts. */
  private readonly nextLongCode = new Map<string, number>();
  private readonly events: StoredEvent[] = [];
  private readonly choices: Choices;
  private readonly idempotent = new Map<string, unknown>();
  private readonly pending = new Map<BackendMethod, PendingFailure[]>();
  private readonly ordinals = new Map<string, number>();
  private seq = 0;
  private readonly watchers = new Set<{ clientId: string; onEvent: (event: LiveEvent) => void }>();
  /** Every live event, in order: event `n` (its `id`) is `liveLog[n - 1]`. */
  private readonly liveLog: { clientId: string; event: LiveEvent }[] = [];
  /** Up to when what time changes was told (`tellTimeChanges`), and its timer while streams are open. */
  private toldUntil: number;
  private timeTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: FakeBackendOptions = {}) {
    this.latency = options.latency ?? 0;
    this.fail = options.fail ?? 'none';
    this.now = options.now ?? (() => new Date());
    this.toldUntil = this.now().getTime();
    this.actor = options.actor ?? 'staff';
    this.choices = { ...copy(SEED_CHOICES), ...copy(options.choices ?? {}) };
    for (const c of options.clients ?? [HERVE_DAVID]) this.clients.set(c.id, copy(c));

    const contacts =
      options.contacts === undefined
        ? [{ ...MIREILLE, id: MIREILLE_ID, clientId: SEED_CLIENT_ID, accessStatus: 'none', version: 1 } as Contact]
        : typeof options.contacts === 'number'
          ? seedContacts(options.contacts)
          : options.contacts;
    for (const c of contacts) {
      if (!this.clients.has(c.clientId)) this.clients.set(c.clientId, this.madeUpClient(c.clientId));
      const key = this.key(c.clientId, c.id);
      if (this.contacts.has(key)) throw new Error(`FakeBackend: contact ${c.id} of ${c.clientId} given twice`);
      const { accessStatus: _ignored, ...rest } = copy(c);
      this.contacts.set(key, { contact: { ...rest, version: c.version ?? 1 }, ordinal: this.nextOrdinal(c.clientId) });
    }
    for (const a of options.accesses ?? []) {
      const stored = [...this.contacts.entries()].find(([, s]) => s.contact.id === a.contactId);
      if (!stored) throw new Error(`FakeBackend: access for unknown contact ${a.contactId}`);
      if (this.userCodeTaken(a.userCode, stored[0])) throw new Error(`FakeBackend: user code ${a.userCode} given twice`);
      this.accesses.set(stored[0], { activatedAt: null, revokedAt: null, ...copy(a), version: a.version || 1 });
    }
    for (const c of contacts) {
      const key = this.key(c.clientId, c.id);
      if (c.accessStatus !== 'none' && !this.accesses.has(key)) this.makeUpAccess(key, c.accessStatus);
    }
  }

  // -- knobs for tests and stories ------------------------------------------

  /** Makes the next call of `method` fail (queued: call it twice to fail twice). */
  failNext(method: BackendMethod, failure: Failure = 'server-error', options: FailNextOptions = {}): this {
    const queue = this.pending.get(method) ?? [];
    queue.push({ failure, afterCommit: options.afterCommit ?? false });
    this.pending.set(method, queue);
    return this;
  }

  /** How many times `method` was called (all methods when omitted). */
  callCount(method?: BackendMethod): number {
    return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
  }

  /** The calls of one method. */
  callsOf(method: BackendMethod): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** The stored contacts of a client, in creation order (a copy; no call is recorded, no latency). */
  peekContacts(clientId: string = SEED_CLIENT_ID): Contact[] {
    return [...this.contacts.entries()]
      .filter(([, s]) => s.contact.clientId === clientId)
      .map(([key, s]) => this.view(key, s));
  }

  /** The stored access of a contact, or null (a copy; no call is recorded). */
  peekAccess(clientId: string, contactId: string): Access | null {
    const a = this.accesses.get(this.key(clientId, contactId));
    return a ? this.accessView(a) : null;
  }

  /** The `watchClient` streams open (of one client, or all). */
  watching(clientId?: string): number {
    return [...this.watchers].filter((w) => clientId === undefined || w.clientId === clientId).length;
  }

  /** What happens when the contact follows the link and sets a password. */
  simulateAcceptance(clientId: string, contactId: string): Access {
    const key = this.key(clientId, contactId);
    const a = this.accesses.get(key);
    if (!a || this.statusOf(a) !== 'invited') throw new Error('FakeBackend: no pending invitation to accept');
    a.status = 'active';
    a.activatedAt = this.iso();
    a.version = (a.version ?? 0) + 1;
    this.audit(key, 'invitation-accepted', a.userCode);
    return this.accessView(a);
  }

  // -- ContactsBackend --------------------------------------------------------

  getClient(clientId: string, options?: CallOptions): Promise<Client> {
    return this.call('getClient', [clientId, options], options, () => this.client(clientId));
  }

  listContacts(clientId: string, query: ContactQuery = {}, options?: CallOptions): Promise<ContactPage> {
    return this.call('listContacts', [clientId, query, options], options, () => {
      this.client(clientId);
      const { q, accessStatus, sort, offset, limit } = this.checkQuery(query);
      let items = this.peekContacts(clientId);
      if (accessStatus) items = items.filter((c) => c.accessStatus === accessStatus);
      if (q) items = items.filter((c) => matches(c, q));
      items.sort(comparator(sort));
      let start = offset;
      if (query.around !== undefined) {
        // The page with this contact in its middle (the contract's `around`).
        const index = items.findIndex((c) => c.id === query.around);
        if (index < 0) throw httpError(404, `Contact ${query.around} is not in the list.`);
        start = Math.max(0, index - Math.floor(limit / 2));
      }
      return { items: items.slice(start, start + limit), total: items.length, offset: start, limit, liveEventId: String(this.liveLog.length) };
    });
  }

  getContact(clientId: string, contactId: string, options?: CallOptions): Promise<Contact> {
    return this.call('getContact', [clientId, contactId, options], options, () => {
      const [key, stored] = this.contact(clientId, contactId);
      return this.view(key, stored);
    });
  }

  createContact(clientId: string, input: ContactInput, options?: CreateOptions): Promise<Contact> {
    return this.call('createContact', [clientId, input, options], options, () => {
      this.client(clientId);
      return this.once('createContact', [clientId], options?.idempotencyKey, () => {
        const fields = this.checkContact(input);
        let id: string;
        do id = `c${++this.seq}`;
        while (this.contacts.has(this.key(clientId, id)));
        const key = this.key(clientId, id);
        const stored: StoredContact = {
          contact: { id, clientId, ...fields, version: 1 },
          ordinal: this.nextOrdinal(clientId),
        };
        this.contacts.set(key, stored);
        this.live(key, 'contact-created');
        return this.view(key, stored);
      });
    });
  }

  updateContact(
    clientId: string,
    contactId: string,
    input: ContactInput,
    options?: UpdateOptions,
  ): Promise<Contact> {
    return this.call('updateContact', [clientId, contactId, input, options], options, () => {
      const [key, stored] = this.contact(clientId, contactId);
      this.checkVersion(stored.contact.version ?? 1, options?.version);
      const fields = this.checkContact(input);
      stored.contact = { ...stored.contact, ...fields, version: (stored.contact.version ?? 1) + 1 };
      this.live(key, 'contact-updated');
      return this.view(key, stored);
    });
  }

  deleteContact(clientId: string, contactId: string, options?: UpdateOptions): Promise<void> {
    return this.call('deleteContact', [clientId, contactId, options], options, () => {
      const [key, stored] = this.contact(clientId, contactId);
      this.checkVersion(stored.contact.version ?? 1, options?.version);
      const access = this.accesses.get(key);
      if (access && access.status !== 'revoked') this.revoke(key, access, 'contact deleted');
      this.contacts.delete(key);
      this.live(key, 'contact-deleted');
    });
  }

  getChoices(options?: CallOptions): Promise<Choices> {
    return this.call('getChoices', [options], options, () => copy(this.choices));
  }

  getAccess(clientId: string, contactId: string, options?: CallOptions): Promise<Access> {
    return this.call('getAccess', [clientId, contactId, options], options, () => {
      const [key, stored] = this.contact(clientId, contactId);
      const access = this.accesses.get(key);
      return access ? this.accessView(access) : this.proposal(key, stored);
    });
  }

  saveAccess(
    clientId: string,
    contactId: string,
    input: AccessInput,
    options?: UpdateOptions & CreateOptions,
  ): Promise<Access> {
    return this.call('saveAccess', [clientId, contactId, input, options], options, () => {
      const [key] = this.contact(clientId, contactId);
      return this.once('saveAccess', [clientId, contactId], options?.idempotencyKey, () => {
        const existing = this.accesses.get(key);
        this.checkVersion(existing?.version ?? 0, options?.version);
        const fields = this.checkAccess(input, existing?.accessExpiresAt ?? null);
        if (this.userCodeTaken(fields.userCode, key)) {
          throw httpError(409, `The user code ${fields.userCode} is already taken.`, [
            fieldError('userCode', 'duplicate'),
          ]);
        }
        const access: Access = existing ?? noAccess(contactId);
        if (input.sendInvitation && this.statusOf({ ...access, ...fields }) === 'ended') throw endedError();
        Object.assign(access, fields);
        access.version = (access.version ?? 0) + 1;
        this.accesses.set(key, access);
        this.audit(key, existing ? 'access-updated' : 'access-created', this.actor, `${access.userCode} <${access.email}>`);
        if (input.sendInvitation) this.invite(key, access);
        return this.accessView(access);
      });
    });
  }

  sendInvitation(clientId: string, contactId: string, options?: CreateOptions): Promise<Access> {
    return this.call('sendInvitation', [clientId, contactId, options], options, () => {
      const [key] = this.contact(clientId, contactId);
      return this.once('sendInvitation', [clientId, contactId], options?.idempotencyKey, () => {
        const access = this.accesses.get(key);
        if (!access) throw httpError(409, 'This contact has no access yet: save one first.');
        if (access.status === 'revoked') throw httpError(409, 'This access is revoked: grant it again first.');
        if (this.statusOf(access) === 'ended') throw endedError();
        this.invite(key, access);
        access.version = (access.version ?? 0) + 1;
        return this.accessView(access);
      });
    });
  }

  revokeAccess(clientId: string, contactId: string, options?: UpdateOptions): Promise<Access> {
    return this.call('revokeAccess', [clientId, contactId, options], options, () => {
      const [key] = this.contact(clientId, contactId);
      const access = this.accesses.get(key);
      if (!access) throw httpError(404, 'This contact has no access.');
      this.checkVersion(access.version ?? 0, options?.version);
      if (access.status !== 'revoked') this.revoke(key, access);
      return this.accessView(access);
    });
  }

  getAccessHistory(clientId: string, contactId: string, options?: CallOptions): Promise<AuditEvent[]> {
    return this.call('getAccessHistory', [clientId, contactId, options], options, () => {
      const [key] = this.contact(clientId, contactId);
      return this.events
        .filter((e) => e.key === key)
        .map((e) => copy(e.event))
        .reverse();
    });
  }

  async watchClient(clientId: string, onEvent: (event: LiveEvent) => void, options: WatchOptions = {}): Promise<void> {
    await this.call('watchClient', [clientId, options], options, () => this.client(clientId));
    const { signal, lastEventId } = options;
    return new Promise((_resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const watcher = { clientId, onEvent };
      this.watchers.add(watcher);
      this.timeTimer ??= setInterval(() => this.tellTimeChanges(), 1000);
      signal?.addEventListener('abort', () => {
        this.watchers.delete(watcher);
        if (this.watchers.size === 0) {
          clearInterval(this.timeTimer);
          this.timeTimer = undefined;
        }
        reject(signal.reason);
      }, { once: true });
      // As the server: `ready`, then what the client missed after `lastEventId`; `reset` when it cannot resume from there.
      const from = lastEventId === undefined ? this.liveLog.length : /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : -1;
      if (from < 0 || from > this.liveLog.length) return onEvent({ id: String(this.liveLog.length), type: 'reset' });
      onEvent({ id: String(from), type: 'ready' });
      for (const missed of this.liveLog.slice(from)) if (missed.clientId === clientId) onEvent({ ...missed.event });
    });
  }

  /**
   * Streams `access-ended` and `invitation-expired` for the accesses whose status time moved to
   * `ended` or `expired` since the last call, as the reference server's sweep does.
   */
  tellTimeChanges(): void {
    const since = this.toldUntil;
    const until = this.now().getTime();
    if (until <= since) return;
    this.toldUntil = until;
    for (const [key, a] of this.accesses) {
      const status = this.statusOf(a, until);
      if (status === this.statusOf(a, since)) continue;
      if (status === 'ended') this.live(key, 'access-ended');
      else if (status === 'expired') this.live(key, 'invitation-expired');
    }
  }

  // -- machinery --------------------------------------------------------------

  /** Streams a change to the client's watchers (after `latency`, as a server's event would come) and keeps it for a resume. */
  private live(key: string, type: ClientEventType | null): void {
    if (!type) return;
    const [clientId, contactId] = key.split('\u0000') as [string, string];
    const event: LiveEvent = { id: String(this.liveLog.length + 1), type, contactId };
    this.liveLog.push({ clientId, event });
    for (const w of this.watchers) if (w.clientId === clientId) setTimeout(() => this.watchers.has(w) && w.onEvent({ ...event }), this.latency);
  }

  /** Records the call, waits, applies the failure switches, runs `work`, answers a copy. */
  private async call<T>(
    method: BackendMethod,
    args: unknown[],
    options: CallOptions | undefined,
    work: () => T,
  ): Promise<T> {
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    this.calls.push({ method, args: args.map(snapshot) });
    await this.wait(options?.signal);
    const pending = this.pending.get(method)?.shift();
    if (pending && !pending.afterCommit) throw failureError(pending.failure);
    if (this.fail !== 'none' && (this.fail !== 'stale' || CHANGING_METHODS.has(method))) {
      throw failureError(this.fail);
    }
    const result = work();
    if (pending) throw failureError(pending.failure);
    return copy(result);
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, this.latency));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `work` once per idempotency key: the same key answers the first success again. */
  private once<T>(method: BackendMethod, scope: string[], key: string | undefined, work: () => T): T {
    if (!key) return work();
    const k = [method, ...scope, key].join('\u0000');
    if (this.idempotent.has(k)) return copy(this.idempotent.get(k) as T);
    const result = work();
    this.idempotent.set(k, copy(result));
    return result;
  }

  private key(clientId: string, contactId: string): string {
    return `${clientId}\u0000${contactId}`;
  }

  private nextOrdinal(clientId: string): number {
    const n = this.ordinals.get(clientId) ?? 0;
    this.ordinals.set(clientId, n + 1);
    return n;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  private madeUpClient(id: string): Client {
    return {
      ...HERVE_DAVID,
      id,
      code: id,
      name: `Client ${id}`,
    };
  }

  private client(clientId: string): Client {
    const c = this.clients.get(clientId);
    if (!c) throw httpError(404, `No client ${clientId}.`);
    return c;
  }

  private contact(clientId: string, contactId: string): [string, StoredContact] {
    this.client(clientId);
    const key = this.key(clientId, contactId);
    const stored = this.contacts.get(key);
    if (!stored) throw httpError(404, `No contact ${contactId} for client ${clientId}.`);
    return [key, stored];
  }

  private checkVersion(current: number, sent: number | undefined): void {
    if (sent !== undefined && sent !== current) {
      throw httpError(412, `The resource is at version ${current}, not ${sent}: reload it.`);
    }
  }

  /** The status at `at` (ms; now by default). */
  private statusOf(a: Access, at = this.now().getTime()): AccessStatus {
    if (a.status !== 'revoked' && a.accessExpiresAt && Date.parse(a.accessExpiresAt) <= at) return 'ended';
    if (a.status === 'invited' && a.invitationExpiresAt && Date.parse(a.invitationExpiresAt) <= at) {
      return 'expired';
    }
    return a.status;
  }

  private accessView(a: Access): Access {
    return { ...copy(a), status: this.statusOf(a) };
  }

  private view(key: string, stored: StoredContact): Contact {
    const access = this.accesses.get(key);
    return { ...copy(stored.contact), accessStatus: access ? this.statusOf(access) : 'none' };
  }

  private userCodeTaken(userCode: string, exceptKey: string): boolean {
    const holder = this.accesses.holderOf(userCode);
    return holder !== undefined && holder !== exceptKey;
  }

  /** The client code and three digits: the first free one from 216 + the contact's rank. */
  private proposeUserCode(key: string, stored: StoredContact): string {
    const clientId = stored.contact.clientId;
    for (let i = 0; i < 1000; i++) {
      const code = `${clientId}${String((216 + stored.ordinal + i) % 1000).padStart(3, '0')}`;
      if (!this.userCodeTaken(code, key)) return code;
    }
    // Past 1,000 codes: the next free number, searched from where the last search ended.
    for (let n = this.nextLongCode.get(clientId) ?? 1000; ; n++) {
      if (!this.userCodeTaken(`${clientId}${n}`, key)) {
        this.nextLongCode.set(clientId, n);
        return `${clientId}${n}`;
      }
    }
  }

  private proposal(key: string, stored: StoredContact): Access {
    return { ...noAccess(stored.contact.id), userCode: this.proposeUserCode(key, stored), email: stored.contact.email };
  }

  private invite(key: string, access: Access): void {
    const status = this.statusOf(access);
    if (status !== 'invited' && status !== 'expired' && status !== 'active') access.invitedAt = this.iso();
    if (status !== 'active') access.status = 'invited';
    access.lastInvitationSentAt = this.iso();
    access.invitationExpiresAt = this.iso(INVITATION_TTL_MS);
    access.revokedAt = null;
    this.audit(key, 'invitation-sent', this.actor, access.email);
  }

  private revoke(key: string, access: Access, detail?: string): void {
    access.status = 'revoked';
    access.revokedAt = this.iso();
    access.version = (access.version ?? 0) + 1;
    this.audit(key, 'access-revoked', this.actor, detail);
  }

  private audit(key: string, action: AuditEvent['action'], actor: string, detail?: string): void {
    this.live(key, EVENT_OF_AUDIT[action]);
    this.events.push({
      key,
      event: {
        id: `ev${this.events.length + 1}`,
        at: this.iso(),
        action,
        actor,
        address: '127.0.0.1',
        ...(detail !== undefined ? { detail } : {}),
      },
    });
  }

  /** An access matching a seeded contact's `accessStatus`, with its history. */
  private makeUpAccess(key: string, status: AccessStatus): void {
    const stored = this.contacts.get(key)!;
    const day = 24 * 60 * 60 * 1000;
    const invitedAgo = status === 'invited' ? day : status === 'expired' ? 4 * day : 10 * day;
    const invitedAt = this.iso(-invitedAgo);
    // An `ended` one: active until yesterday, its end date.
    const access: Access = {
      ...this.proposal(key, stored),
      status: status === 'expired' ? 'invited' : status === 'ended' ? 'active' : status,
      invitedAt,
      lastInvitationSentAt: invitedAt,
      invitationExpiresAt: this.iso(-invitedAgo + INVITATION_TTL_MS),
      activatedAt: status === 'active' || status === 'revoked' || status === 'ended' ? this.iso(-invitedAgo + day) : null,
      revokedAt: status === 'revoked' ? this.iso(-day) : null,
      accessExpiresAt: status === 'ended' ? this.iso(-day) : null,
      version: status === 'invited' || status === 'expired' ? 1 : 2,
    };
    this.accesses.set(key, access);
    const at = (ago: number) => new Date(this.now().getTime() - ago).toISOString();
    const push = (action: AuditEvent['action'], ago: number, actor = this.actor) =>
      this.events.push({
        key,
        event: { id: `ev${this.events.length + 1}`, at: at(ago), action, actor, address: '127.0.0.1' },
      });
    push('access-created', invitedAgo);
    push('invitation-sent', invitedAgo);
    if (access.activatedAt) push('invitation-accepted', invitedAgo - day, access.userCode);
    if (access.revokedAt) push('access-revoked', day);
  }

  // -- validation (the reference server's rules) --------------------------------

  private checkQuery(query: ContactQuery): {
    q: string;
    accessStatus: AccessStatus | undefined;
    sort: ContactSort;
    offset: number;
    limit: number;
  } {
    const errors: FieldError[] = [];
    const q = query.q ?? '';
    if (!isStr(q)) errors.push(fieldError('q', 'invalid'));
    else if (q.length > MAX_Q) errors.push(fieldError('q', 'too-long'));
    const sort = query.sort ?? 'name';
    if (!SORTS.includes(sort)) errors.push(fieldError('sort', 'invalid'));
    const accessStatus = query.accessStatus;
    if (accessStatus !== undefined && !ACCESS_STATUSES.includes(accessStatus)) {
      errors.push(fieldError('accessStatus', 'invalid'));
    }
    const offset = query.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) errors.push(fieldError('offset', 'invalid'));
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push(fieldError('limit', 'invalid'));
    if (errors.length) throw httpError(400, 'The query is not valid.', errors);
    return { q: isStr(q) ? fold(q.trim()) : '', accessStatus, sort, offset, limit };
  }

  private checkContact(input: ContactInput): Omit<Contact, 'id' | 'clientId' | 'accessStatus' | 'version'> {
    const errors: FieldError[] = [];
    const raw = (input ?? {}) as unknown as Record<string, unknown>;
    const text = (field: keyof typeof CONTACT_FIELDS): string => {
      const v = raw[field];
      if (v !== undefined && v !== null && !isStr(v)) {
        errors.push(fieldError(field, 'invalid'));
        return '';
      }
      const code = checkField(CONTACT_FIELDS[field], v);
      if (code) errors.push(fieldError(field, code));
      return (v ?? '').trim();
    };
    const name = text('name');
    const title = text('title');
    const department = text('department');
    const email = text('email');
    const phone = text('phone');
    const mobile = text('mobile');
    const fax = text('fax');
    const location = text('location');
    let type: string | null = null;
    const t = raw['type'];
    if (t !== undefined && t !== null && t !== '') {
      if (!isStr(t)) errors.push(fieldError('type', 'invalid'));
      else if (!this.choices.contactTypes.some((c) => c.id === t)) errors.push(fieldError('type', 'unknown'));
      else type = t;
    }
    if (errors.length) throw httpError(422, 'The contact is not valid.', errors);
    return { name, title, department, type, email, phone, mobile, fax, location };
  }

  /** `savedEnd`: the access's end now (sent back unchanged, a past end is kept). */
  private checkAccess(input: AccessInput, savedEnd: string | null): Pick<Access, 'userCode' | 'email' | 'allowedIps' | 'branchId' | 'accessExpiresAt'> {
    const errors: FieldError[] = [];
    const raw = (input ?? {}) as unknown as Record<string, unknown>;
    const str = (field: string): string | undefined => {
      const v = raw[field];
      if (v === undefined || v === null || isStr(v)) return v ?? undefined;
      errors.push(fieldError(field, 'invalid'));
      return undefined;
    };
    const userCode = str('userCode');
    if (!errors.some((e) => e.field === 'userCode')) {
      const code = checkField(ACCESS_FIELDS.userCode, userCode);
      if (code) errors.push(fieldError('userCode', code));
    }
    const email = str('email');
    if (!errors.some((e) => e.field === 'email')) {
      const code = checkField(ACCESS_FIELDS.email, email);
      if (code) errors.push(fieldError('email', code));
    }
    const ips = raw['allowedIps'] ?? [];
    const allowedIps: string[] = [];
    if (!Array.isArray(ips)) errors.push(fieldError('allowedIps', 'invalid'));
    else {
      if (ips.length > ALLOWED_IPS.maxItems) errors.push(fieldError('allowedIps', 'too-long'));
      ips.forEach((ip: unknown, index) => {
        if (isStr(ip) && isIpOrCidr(ip)) allowedIps.push(ip.trim());
        else errors.push(fieldError('allowedIps', 'ip', index));
      });
    }
    let branchId: string | null = null;
    const b = raw['branchId'];
    if (b !== undefined && b !== null && b !== '') {
      if (!isStr(b)) errors.push(fieldError('branchId', 'invalid'));
      else if (!this.choices.branches.some((c) => c.id === b)) errors.push(fieldError('branchId', 'unknown'));
      else branchId = b;
    }
    const end = raw['accessExpiresAt'] ?? null;
    let accessExpiresAt: string | null = null;
    if (end !== null) {
      const code = isStr(end) ? checkAccessEnd(end, this.now(), savedEnd) : 'invalid';
      if (code) errors.push(fieldError('accessExpiresAt', code));
      else accessExpiresAt = new Date(end as string).toISOString();
    }
    if (errors.length) throw httpError(422, 'The access is not valid.', errors);
    return { userCode: (userCode ?? '').trim(), email: (email ?? '').trim(), allowedIps, branchId, accessExpiresAt };
  }
}

function matches(c: Contact, q: string): boolean {
  const words = fold(c.name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const email = fold(c.email);
  if (email.startsWith(q) || fold(c.name).startsWith(q)) return true;
  // Every word typed must start a word of the name: "mir cou" finds Mireille Couture.
  return q.split(/[^\p{L}\p{N}]+/u).filter(Boolean).every((t) => words.some((w) => w.startsWith(t)));
}

function comparator(sort: ContactSort): (a: Contact, b: Contact) => number {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as 'name' | 'email' | 'accessStatus';
  const primary = (a: Contact, b: Contact): number =>
    field === 'accessStatus'
      ? ACCESS_STATUSES.indexOf(a.accessStatus) - ACCESS_STATUSES.indexOf(b.accessStatus)
      : collator.compare(a[field], b[field]);
  return (a, b) => (desc ? -primary(a, b) : primary(a, b)) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
