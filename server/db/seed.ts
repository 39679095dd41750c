/**
 * Reference data. `seedReferenceData` runs once, when the database is new:
 * the choice lists, the seed article's client 8005551 "Hervé David" (no
 * contacts: the scenario starts by adding Mireille Couture), and client
 * 8005552 with about fifty contacts, some with accesses in every state, to
 * browse. `seedGeneratedContacts` fills a client with N generated contacts in
 * one transaction for benchmarks (SQLite: prepared statements in a loop;
 * PostgreSQL: one INSERT ... SELECT over generate_series, then the search
 * index), 1,000,000 included.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { type AccessState, copiedFromContact } from '../repositories/access.js';
import { ChoiceRepository, type ChoiceList } from '../repositories/choices.js';
import { ClientRepository, type ClientRow } from '../repositories/clients.js';
import { indexContactsPostgres, insertArgs, insertSqlite, searchTerms, termCountsInsert, termRows } from '../repositories/search-terms.js';
import { StaffRepository } from '../repositories/staff.js';
import { emailKey, foldText, nameKey } from '../text.js';
import type { Store } from './database.js';

export const REFERENCE_CLIENT = '8005551';
export const BROWSING_CLIENT = '8005552';
export const BIG_CLIENT = '8009999';
/** The seeded staff user with rights on every client (the demo page signs in as it). */
export const DEMO_STAFF = 'demo';
/** The seeded staff user with rights on client 8005552 only (not on 8005551). */
export const TRAINEE_STAFF = 'stagiaire';

const CHOICES: Record<ChoiceList, [id: string, fr: string, en: string][]> = {
  contact_types: [
    ['operations', 'Opérations', 'Operations'],
    ['billing', 'Facturation', 'Billing'],
    ['sales', 'Ventes', 'Sales'],
    ['management', 'Direction', 'Management'],
  ],
  branches: [
    ['actbl-montreal', 'ACT BL Solutions - Actif Montréal', 'ACT BL Solutions - Actif Montréal'],
    ['actbl-quebec', 'ACT BL Solutions - Québec', 'ACT BL Solutions - Québec City'],
    ['actbl-laval', 'ACT BL Solutions - Laval', 'ACT BL Solutions - Laval'],
  ],
  user_types: [['client-contact', "Je veux donner un accès à un contact d'un client", "I want to give access to a client's contact"]],
  roles: [['client', 'Client (rôle du système)', 'Client (system role)']],
};

const CLIENTS: ClientRow[] = [
  {
    code: REFERENCE_CLIENT,
    name: 'Hervé David',
    mode: 'Entreprise',
    status: 'Actif',
    language: 'fr',
    currency: 'CAD',
    phone: '514 555-0148',
    mobile: '514 555-0193',
    fax: '514 555-0149',
    email: 'info@hervedavid.com',
    website: 'https://www.hervedavid.com',
    address: JSON.stringify({
      line1: '4520, rue Saint-Denis',
      line2: 'Bureau 300',
      city: 'Montréal',
      province: 'Québec',
      country: 'Canada',
      postalCode: 'H2J 2L3',
    }),
    shipping_address: JSON.stringify({
      line1: '8600, boulevard Pie-IX',
      city: 'Montréal',
      province: 'Québec',
      country: 'Canada',
      postalCode: 'H1Z 4G2',
    }),
    created_at: '2019-12-05T10:55:27.000Z',
    updated_at: '2019-12-05T10:55:27.000Z',
  },
  {
    code: BROWSING_CLIENT,
    name: 'Maple Ridge Logistics',
    mode: 'Entreprise',
    status: 'Actif',
    language: 'en',
    currency: 'CAD',
    phone: '613 555-0120',
    mobile: '',
    fax: '613 555-0121',
    email: 'office@mapleridgelogistics.ca',
    website: 'https://mapleridgelogistics.ca',
    address: JSON.stringify({
      line1: '275 Slater Street',
      line2: 'Suite 900',
      city: 'Ottawa',
      province: 'Ontario',
      country: 'Canada',
      postalCode: 'K1P 5H9',
    }),
    shipping_address: null,
    created_at: '2021-03-17T14:02:11.000Z',
    updated_at: '2024-02-22T17:04:00.000Z',
  },
];

// [name, title, department, type] — French and English names, accents, hyphens, apostrophes.
const BROWSING_CONTACTS: [string, string, string, string | null][] = [
  ['Émilie Tremblay', 'Directrice des opérations', 'Opérations', 'operations'],
  ['Jean-François Côté', 'Acheteur principal', 'Approvisionnement', 'operations'],
  ['Sarah O’Connor', 'Accounts Payable Clerk', 'Finance', 'billing'],
  ['Mathieu Gagnon', 'Contrôleur', 'Finance', 'billing'],
  ['Olivia Bennett', 'Sales Manager', 'Sales', 'sales'],
  ['Zoë Lévesque', 'Coordonnatrice logistique', 'Logistique', 'operations'],
  ['Liam MacDonald', 'Warehouse Supervisor', 'Warehouse', 'operations'],
  ['Chloé Bélanger', 'Représentante des ventes', 'Ventes', 'sales'],
  ['Noah Thompson', 'Chief Financial Officer', 'Executive', 'management'],
  ['Geneviève Roy', 'Présidente', 'Direction', 'management'],
  ['Étienne Bouchard', 'Technicien comptable', 'Comptabilité', 'billing'],
  ['Amélie Fortin', 'Adjointe administrative', 'Administration', null],
  ['William Harris', 'Procurement Analyst', 'Procurement', 'operations'],
  ['Léa Morin', 'Analyste des prix', 'Ventes', 'sales'],
  ['Gabriel Pelletier', 'Chef d’entrepôt', 'Logistique', 'operations'],
  ['Emma Wilson', 'Billing Specialist', 'Finance', 'billing'],
  ['Félix Lavoie', 'Répartiteur', 'Transport', 'operations'],
  ['Charlotte Brown', 'Account Executive', 'Sales', 'sales'],
  ['Raphaël Gauthier', 'Directeur général', 'Direction', 'management'],
  ['Alice Poirier', 'Responsable des comptes clients', 'Finance', 'billing'],
  ['Benjamin Clarke', 'Operations Analyst', 'Operations', 'operations'],
  ['Juliette Ouellet', 'Conseillère aux ventes', 'Ventes', 'sales'],
  ['Thomas Bergeron', 'Magasinier', 'Entrepôt', 'operations'],
  ['Sophia Martin', 'Office Manager', 'Administration', null],
  ['Louis-Philippe Caron', 'Vice-président, finances', 'Direction', 'management'],
  ['Ava Campbell', 'Customer Service Lead', 'Customer Service', 'sales'],
  ['Hugo Beaulieu', 'Acheteur', 'Approvisionnement', 'operations'],
  ['Maëlle Cloutier', 'Commis à la facturation', 'Facturation', 'billing'],
  ['Jacob Stewart', 'Fleet Manager', 'Transport', 'operations'],
  ['Rosalie Dubé', 'Gestionnaire de compte', 'Ventes', 'sales'],
  ['Ethan Murphy', 'Payroll Administrator', 'Human Resources', null],
  ['Océane Girard', 'Planificatrice de production', 'Production', 'operations'],
  ['Lucas Paquette', 'Superviseur de quai', 'Logistique', 'operations'],
  ['Isabella Reid', 'Marketing Coordinator', 'Marketing', 'sales'],
  ['Antoine Nadeau', 'Directeur des ventes', 'Ventes', 'management'],
  ['Mia Robertson', 'Credit Analyst', 'Finance', 'billing'],
  ['Samuel Desjardins', 'Analyste d’affaires', 'TI', null],
  ['Florence Mercier', 'Responsable qualité', 'Qualité', 'operations'],
  ['James Anderson', 'IT Administrator', 'IT', null],
  ['Béatrice Lefebvre', 'Coordonnatrice des achats', 'Approvisionnement', 'operations'],
  ['Nathan D’Amours', 'Représentant technique', 'Ventes', 'sales'],
  ['Grace Mitchell', 'Controller', 'Finance', 'billing'],
  ['Xavier Lemieux', 'Chauffeur-livreur', 'Transport', 'operations'],
  ['Anaïs Vézina', 'Agente de recouvrement', 'Finance', 'billing'],
  ['Owen Fraser', 'Logistics Planner', 'Logistics', 'operations'],
  ['Clara St-Pierre', 'Directrice administrative', 'Administration', 'management'],
  ['Élodie Marchand', 'Acheteuse junior', 'Approvisionnement', 'operations'],
  ['Henry Walsh', 'Inside Sales Representative', 'Sales', 'sales'],
  ['Marc-André Thibault', 'Chef comptable', 'Comptabilité', 'billing'],
  ['Ève Charbonneau', 'Réceptionniste', 'Administration', null],
  ['Daniel Kim', 'Supply Chain Director', 'Executive', 'management'],
  ['Yasmine Haddad', 'Analyste financière', 'Finance', 'billing'],
];

/**
 * Inserts the choice lists and the clients on a new, empty database (none
 * yet). Several instances starting at once on a new PostgreSQL database: one
 * seeds (under an advisory lock), the others find the data there.
 */
export async function seedReferenceData(store: Store, now: Date): Promise<void> {
  const choices = new ChoiceRepository(store);
  const clients = new ClientRepository(store);
  await store.transaction(async () => {
    if (store.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(7243502)`.execute(store.db);
    if ((await choices.list('contact_types')).length > 0) return;
    for (const [list, rows] of Object.entries(CHOICES) as [ChoiceList, [string, string, string][]][]) {
      for (const [position, [id, fr, en]] of rows.entries()) await choices.insert(list, { id, label_fr: fr, label_en: en, position });
    }
    for (const client of CLIENTS) await clients.insert(client);
    await seedBrowsingContacts(store, now);
    await countTerms(store, BROWSING_CLIENT);
  });
}

function emailOf(name: string, domain: string): string {
  return `${nameKey(name).replace(/ /g, '.')}@${domain}`;
}

function phone(area: string, n: number): string {
  return `${area} 555-${String(100 + (n % 900)).padStart(4, '0')}`;
}

/** Client 8005552's contacts; every sixth one has an access, in turn invited, expired, active, revoked. */
async function seedBrowsingContacts(store: Store, now: Date): Promise<void> {
  const db = store.db;
  const audit = (contactId: number, at: string, action: string, detail: string | null) =>
    db.insertInto('audit_events').values({ client_code: BROWSING_CLIENT, contact_id: contactId, at, action, actor: 'demo', address: '127.0.0.1', detail }).execute();
  const hour = 3_600_000;
  const iso = (offsetHours: number) => new Date(now.getTime() + offsetHours * hour).toISOString();
  const states: AccessState[] = ['granted', 'granted', 'active', 'revoked'];
  for (const [i, [name, title, department, type]] of BROWSING_CONTACTS.entries()) {
    const email = emailOf(name, 'mapleridgelogistics.ca');
    const created = iso(-24 * (60 - i));
    const { id } = await db
      .insertInto('contacts')
      .values({
        client_code: BROWSING_CLIENT,
        name,
        name_key: nameKey(name),
        title,
        department,
        type,
        email,
        email_key: emailKey(email),
        phone: phone('613', 7 * i + 11),
        mobile: i % 3 === 0 ? phone('343', 13 * i + 5) : '',
        fax: i % 5 === 0 ? phone('613', 3 * i + 500) : '',
        location: i % 2 === 0 ? 'Ottawa' : 'Gatineau',
        version: 1,
        created_at: created,
        updated_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('contact_terms').values(termRows(BROWSING_CLIENT, id, nameKey(name), emailKey(email))).execute();
    if (i % 6 !== 0) continue;
    const turn = (i / 6) % 4;
    const state = states[turn]!;
    // turn 0: invited (link pending), 1: expired (link ran out), 2: active, 3: revoked
    const invitedAt = iso(turn === 1 ? -24 * 10 : -24 * (turn + 1));
    const expiresAt = turn === 1 ? iso(-24 * 7) : turn === 0 ? iso(48) : iso(-24 * (turn + 1) + 72);
    await db
      .insertInto('accesses')
      .values({
        contact_id: id,
        user_code: `${BROWSING_CLIENT}${101 + i}`,
        email,
        allowed_ips: i === 12 ? '["203.0.113.0/24"]' : '[]',
        branch_id: i === 6 ? 'actbl-montreal' : null,
        state,
        invited_at: invitedAt,
        invitation_expires_at: state === 'revoked' ? null : expiresAt,
        last_invitation_sent_at: invitedAt,
        activated_at: state === 'active' ? iso(-24 * (turn + 1) + 2) : null,
        revoked_at: state === 'revoked' ? iso(-12) : null,
        version: state === 'granted' ? 1 : 2,
        created_at: invitedAt,
        updated_at: invitedAt,
        password_hash: null,
        ...copiedFromContact(id),
      })
      .execute();
    // A link nobody knows (random token, only its hash kept).
    await db
      .insertInto('invitations')
      .values({
        contact_id: id,
        token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
        created_at: invitedAt,
        expires_at: expiresAt,
        used_at: state === 'active' ? iso(-24 * (turn + 1) + 2) : null,
        invalidated_at: state === 'revoked' ? iso(-12) : null,
        invalidated_reason: state === 'revoked' ? 'revoked' : null,
      })
      .execute();
    await audit(id, invitedAt, 'access-created', `user code ${BROWSING_CLIENT}${101 + i}`);
    await audit(id, invitedAt, 'invitation-sent', `to ${email}`);
    if (state === 'revoked') await audit(id, iso(-12), 'access-revoked', null);
  }
}

const FIRST_NAMES = [
  'Émilie', 'Jean', 'Sarah', 'Mathieu', 'Olivia', 'Zoë', 'Liam', 'Chloé', 'Noah', 'Geneviève', 'Étienne', 'Amélie',
  'William', 'Léa', 'Gabriel', 'Emma', 'Félix', 'Charlotte', 'Raphaël', 'Alice', 'Benjamin', 'Juliette', 'Thomas',
  'Sophia', 'Louis', 'Ava', 'Hugo', 'Maëlle', 'Jacob', 'Rosalie', 'Ethan', 'Océane', 'Lucas', 'Isabella', 'Antoine',
  'Mia', 'Samuel', 'Florence', 'James', 'Béatrice', 'Nathan', 'Grace', 'Xavier', 'Anaïs', 'Owen', 'Clara', 'Henry',
  'Marc-André', 'Ève', 'Daniel', 'Yasmine', 'Mireille', 'Pierre', 'Camille', 'Olivier', 'Nadia', 'Kevin', 'Manon',
  'Patrick', 'Julie', 'François', 'Isabelle', 'Michael', 'Catherine', 'Simon', 'Valérie', 'David', 'Annie', 'Éric',
  'Mélanie', 'Jérôme', 'Karine',
];

const LAST_NAMES = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet',
  'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron',
  'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'Leclerc', 'Lefebvre', 'Poulin', 'Thibault',
  'St-Pierre', 'Nadeau', 'Martin', 'Landry', 'Martel', 'Bédard', 'Grenier', 'Lessard', 'Bernier', 'Richard',
  'Michaud', 'Hébert', 'Desjardins', 'Couture', 'Turcotte', 'Lachance', 'Parent', 'Blais', 'Gosselin', 'Savard',
  'Proulx', 'Beaudoin', 'Demers', 'Perreault', 'Boivin', 'Smith', 'Brown', 'Wilson', 'MacDonald', 'Campbell',
  'Anderson', 'Thompson', 'Stewart', 'Robertson', 'O’Brien', 'Murphy', 'Fraser', 'Mitchell', 'Reid', 'Walsh',
  'Clarke', 'Kim', 'Nguyen', 'Haddad', 'Singh',
];

const TITLES = ['Acheteur', 'Comptable', 'Directrice', 'Sales Manager', 'Coordonnateur', 'Analyst', 'Commis', 'Superviseure'];
const DEPARTMENTS = ['Opérations', 'Finance', 'Ventes', 'Logistics', 'Direction', 'Approvisionnement'];
const TYPES = ['operations', 'billing', 'sales', 'management', null];

export interface GeneratedContactsOptions {
  /** Give every n-th contact an access (states in turn); 0 for none. */
  accessEvery?: number;
  /** The creation time of the rows. */
  now?: Date;
}

/** Counts the search index of a client written in bulk anew (`contact_term_counts`, search-terms.ts). */
async function countTerms(store: Store, clientCode: string): Promise<void> {
  await store.db.deleteFrom('contact_term_counts').where('client_code', '=', clientCode).execute();
  const where = ` AND client_code = ${store.engine === 'postgres' ? '$1' : '?'}`;
  await store.db.executeQuery(CompiledQuery.raw(termCountsInsert(where), [clientCode]));
}

/**
 * Adds `count` generated contacts to `clientCode` (which must exist) in one
 * transaction, with their word index and an access for every
 * `accessEvery`-th one. Names combine ~70 first names and ~75 last names with
 * a middle initial, so that search and sort have realistic spreads. Returns
 * how many were inserted. This is also the bench's bulk seed: 1,000,000
 * contacts take seconds on SQLite and PostgreSQL alike.
 */
export async function seedGeneratedContacts(
  store: Store,
  clientCode: string,
  count: number,
  options: GeneratedContactsOptions = {},
): Promise<number> {
  const facts = generation(options);
  await store.transaction(async () => {
    if (store.sqlite) seedGeneratedSqlite(store.sqlite, clientCode, count, facts);
    else await seedGeneratedPostgres(store, clientCode, count, facts);
    await countTerms(store, clientCode);
  });
  return count;
}

interface Generation {
  accessEvery: number;
  created: string;
  later: string;
  earlier: string;
}

function generation(options: GeneratedContactsOptions): Generation {
  const now = options.now ?? new Date();
  return {
    accessEvery: options.accessEvery ?? 0,
    created: now.toISOString(),
    later: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
    earlier: new Date(now.getTime() - 24 * 3_600_000).toISOString(),
  };
}

const ACCESS_STATES: AccessState[] = ['granted', 'active', 'revoked'];
const INITIALS = 'ABCDEFGHIJKLMNOPRSTVW';
// Keys computed once per name part (Unicode folding is the slow part of a big seed).
const FIRST_KEYS = FIRST_NAMES.map(nameKey);
const LAST_KEYS = LAST_NAMES.map(nameKey);
const FIRST_MAIL = FIRST_NAMES.map((n) => foldText(n).replace(/[^a-z]/g, ''));
const LAST_MAIL = LAST_NAMES.map((n) => foldText(n).replace(/[^a-z]/g, ''));

/** SQLite: prepared statements in a loop (better-sqlite3 is synchronous: no round trip to save). */
function seedGeneratedSqlite(db: NonNullable<Store['sqlite']>, clientCode: string, count: number, g: Generation): void {
  const insertContact = db.prepare(`
    INSERT INTO contacts (client_code, name, name_key, title, department, type, email, email_key, phone, mobile, fax,
                          location, version, created_at, updated_at)
    VALUES (@client_code, @name, @name_key, @title, @department, @type, @email, @email_key, @phone, @mobile, '',
            @location, 1, @created_at, @created_at)`);
  const insertTerm = db.prepare(insertSqlite());
  const insertAccess = db.prepare(`
    INSERT INTO accesses (contact_id, user_code, email, allowed_ips, branch_id, state, invited_at, invitation_expires_at,
                          last_invitation_sent_at, activated_at, revoked_at, version, created_at, updated_at, client_code,
                          name_key, email_key)
    VALUES (?, ?, ?, '[]', NULL, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < count; i++) {
    const f = i % FIRST_NAMES.length;
    const l = Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length;
    const initial = INITIALS[Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length)) % INITIALS.length]!;
    const key = `${FIRST_KEYS[f]!} ${initial.toLowerCase()} ${LAST_KEYS[l]!}`;
    const email = `${FIRST_MAIL[f]!}.${LAST_MAIL[l]!}.${i}@example.com`;
    const id = Number(
      insertContact.run({
        client_code: clientCode,
        name: `${FIRST_NAMES[f]!} ${initial}. ${LAST_NAMES[l]!}`,
        name_key: key,
        title: TITLES[i % TITLES.length]!,
        department: DEPARTMENTS[i % DEPARTMENTS.length]!,
        type: TYPES[i % TYPES.length]!,
        email,
        email_key: email,
        phone: phone('514', i),
        mobile: i % 2 === 0 ? phone('438', i * 7) : '',
        location: i % 3 === 0 ? 'Montréal' : 'Laval',
        created_at: g.created,
      }).lastInsertRowid,
    );
    for (const t of searchTerms(key, email)) insertTerm.run(...insertArgs(clientCode, id, key, email, t));
    if (g.accessEvery > 0 && i % g.accessEvery === 0) {
      const state = ACCESS_STATES[(i / g.accessEvery) % ACCESS_STATES.length]!;
      insertAccess.run(id, `${clientCode}-${i}`, email, state, g.earlier, state === 'granted' ? g.later : null, g.earlier,
        state === 'active' ? g.created : null, state === 'revoked' ? g.created : null, g.earlier, g.created, clientCode, key, email);
    }
  }
}

/**
 * PostgreSQL: the same contacts built by the server from generate_series (the
 * name parts travel as arrays) and their accesses by INSERT ... SELECT; their
 * search index rows are computed here and sent 5,000 contacts per statement.
 */
async function seedGeneratedPostgres(store: Store, clientCode: string, count: number, g: Generation): Promise<void> {
  const db = store.db;
  const nf = FIRST_NAMES.length;
  const nl = LAST_NAMES.length;
  const pos = (i: string, n: number) => sql.raw(`(1 + ${i} % ${n})`);
  const first = (await sql<{ id: number | null }>`SELECT max(id) AS id FROM contacts`.execute(db)).rows[0]?.id ?? 0;
  const phoneSql = (area: string, n: string) => sql`${area}::text || ' 555-' || lpad((100 + (${sql.raw(n)}) % 900)::text, 4, '0')`;
  await sql`
    INSERT INTO contacts (client_code, name, name_key, title, department, type, email, email_key, phone, mobile, fax,
                          location, version, created_at, updated_at)
    SELECT ${clientCode}::text,
           (${FIRST_NAMES}::text[])[${pos('i', nf)}] || ' ' || ini || '. ' || (${LAST_NAMES}::text[])[${pos('(i / ' + nf + ')', nl)}],
           (${FIRST_KEYS}::text[])[${pos('i', nf)}] || ' ' || lower(ini) || ' ' || (${LAST_KEYS}::text[])[${pos('(i / ' + nf + ')', nl)}],
           (${TITLES}::text[])[${pos('i', TITLES.length)}],
           (${DEPARTMENTS}::text[])[${pos('i', DEPARTMENTS.length)}],
           (${TYPES}::text[])[${pos('i', TYPES.length)}],
           mail, mail,
           ${phoneSql('514', 'i')},
           CASE WHEN i % 2 = 0 THEN ${phoneSql('438', 'i * 7')} ELSE '' END,
           '',
           CASE WHEN i % 3 = 0 THEN 'Montréal' ELSE 'Laval' END,
           1, ${g.created}::text, ${g.created}::text
    FROM (
      SELECT i,
             substr(${INITIALS}::text, ${pos('(i / ' + nf * nl + ')', INITIALS.length)}::int, 1) AS ini,
             (${FIRST_MAIL}::text[])[${pos('i', nf)}] || '.' || (${LAST_MAIL}::text[])[${pos('(i / ' + nf + ')', nl)}] || '.' || i || '@example.com' AS mail
      FROM generate_series(0, ${count - 1}::int) AS i
    ) AS g
    ORDER BY i`.execute(db);
  await indexContactsPostgres(db, clientCode);
  if (g.accessEvery > 0) {
    await sql`
      INSERT INTO accesses (contact_id, user_code, email, allowed_ips, branch_id, state, invited_at, invitation_expires_at,
                            last_invitation_sent_at, activated_at, revoked_at, version, created_at, updated_at, client_code,
                            name_key, email_key)
      SELECT id, ${clientCode}::text || '-' || i, email, '[]', NULL, state, ${g.earlier}::text,
             CASE WHEN state = 'granted' THEN ${g.later}::text END, ${g.earlier}::text,
             CASE WHEN state = 'active' THEN ${g.created}::text END, CASE WHEN state = 'revoked' THEN ${g.created}::text END,
             1, ${g.earlier}::text, ${g.created}::text, ${clientCode}::text, name_key, email_key
      FROM (
        SELECT id, email, name_key, email_key, i, (${ACCESS_STATES}::text[])[1 + (i / ${g.accessEvery}) % ${ACCESS_STATES.length}] AS state
        FROM (SELECT id, email, name_key, email_key, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM contacts WHERE client_code = ${clientCode}::text AND id > ${first}) AS n
        WHERE i % ${g.accessEvery} = 0
      ) AS a`.execute(db);
  }
}

/**
 * The benchmark client 8009999 with `count` contacts, created once (a later
 * start with the same database keeps it as it is).
 */
export async function seedBigClient(store: Store, count: number, now: Date): Promise<boolean> {
  const clients = new ClientRepository(store);
  const seeded = await store.transaction(async () => {
    if (store.engine === 'postgres') {
      await sql`SELECT pg_advisory_xact_lock(7243503)`.execute(store.db);
      // Committed to disk before the VACUUM below, whatever the server's setting: of a commit not yet flushed
      // (synchronous_commit = off), VACUUM cannot mark the pages all-visible, and index-only scans read the heap.
      await sql`SET LOCAL synchronous_commit = on`.execute(store.db);
    }
    if (await clients.getRow(BIG_CLIENT)) return false;
    await clients.insert({
      code: BIG_CLIENT,
      name: 'Grossiste Boréal (banc d’essai)',
      mode: 'Entreprise',
      status: 'Actif',
      language: 'fr',
      currency: 'CAD',
      phone: '514 555-0100',
      mobile: '',
      fax: '',
      email: 'info@boreal.example',
      website: '',
      address: JSON.stringify({ line1: '1000, rue Sherbrooke Ouest', city: 'Montréal', province: 'Québec', country: 'Canada', postalCode: 'H3A 3G4' }),
      shipping_address: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await seedGeneratedContacts(store, BIG_CLIENT, count, { accessEvery: 50, now });
    return true;
  });
  // PostgreSQL: the visibility map (index-only scans) and the planner's statistics now, not when autovacuum comes
  // by. Two statements: in one VACUUM ANALYZE, after the first table's ANALYZE (committed asynchronously on a
  // server with synchronous_commit = off) the next tables' pages were not marked all-visible (checked on 15).
  if (seeded && store.engine === 'postgres') {
    await sql`VACUUM contacts, contact_terms, accesses`.execute(store.db);
    await sql`ANALYZE contacts, contact_terms, accesses`.execute(store.db);
  }
  // SQLite: the seed's pages (a gigabyte at 1,000,000 contacts) moved from the write-ahead log into the file, where
  // reads map them (mmap) rather than look each one up in the log.
  if (seeded && store.sqlite) store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return seeded;
}

/**
 * The demo's two staff users, at every start of the demo (their password may
 * change with DEMO_STAFF_PASSWORD; a change ends their sessions): `demo` with
 * rights on every client there is, and `stagiaire` with rights on client
 * 8005552 only. `hashes` are their password hashes.
 */
export async function seedStaffUsers(store: Store, hashes: { demo: string; trainee: string }, now: Date): Promise<void> {
  const staff = new StaffRepository(store);
  const created_at = now.toISOString();
  await store.transaction(async () => {
    // Several instances starting at once: one at a time (ON CONFLICT covers the primary key, not the index of the
    // lower-cased user codes, which two simultaneous first inserts would both pass and one then break).
    if (store.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(7243504)`.execute(store.db);
    await staff.save({ user_code: DEMO_STAFF, name: 'Démo (personnel)', password_hash: hashes.demo, created_at });
    await staff.save({ user_code: TRAINEE_STAFF, name: 'Stagiaire', password_hash: hashes.trainee, created_at });
    await staff.grantAll(DEMO_STAFF);
    await staff.grant(TRAINEE_STAFF, BROWSING_CLIENT);
  });
}
