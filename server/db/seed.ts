/**
 * Reference data. `seedReferenceData` runs once, when the database is new:
 * the choice lists, the seed article's client 8005551 "Hervé David" (no
 * contacts: the scenario starts by adding Mireille Couture), and client
 * 8005552 with about fifty contacts, some with accesses in every state, to
 * browse. `seedGeneratedContacts` fills a client with N generated contacts in
 * one transaction (100,000 in well under a few seconds) for benchmarks.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AccessState } from '../repositories/access.js';
import { ChoiceRepository, type ChoiceList } from '../repositories/choices.js';
import { ClientRepository, type ClientRow } from '../repositories/clients.js';
import { StaffRepository } from '../repositories/staff.js';
import { emailKey, foldText, nameKey } from '../text.js';

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

/** Inserts the choice lists and the clients (on a new, empty database). */
export function seedReferenceData(db: Database, now: Date): void {
  const choices = new ChoiceRepository(db);
  const clients = new ClientRepository(db);
  db.transaction(() => {
    for (const [list, rows] of Object.entries(CHOICES) as [ChoiceList, [string, string, string][]][]) {
      rows.forEach(([id, fr, en], position) => choices.insert(list, { id, label_fr: fr, label_en: en, position }));
    }
    for (const client of CLIENTS) clients.insert(client);
    seedBrowsingContacts(db, now);
  })();
}

function emailOf(name: string, domain: string): string {
  return `${nameKey(name).replace(/ /g, '.')}@${domain}`;
}

function phone(area: string, n: number): string {
  return `${area} 555-${String(100 + (n % 900)).padStart(4, '0')}`;
}

/** Client 8005552's contacts; every sixth one has an access, in turn invited, expired, active, revoked. */
function seedBrowsingContacts(db: Database, now: Date): void {
  const insertContact = prepareContactInsert(db);
  const insertAccess = prepareAccessInsert(db);
  const insertInvitation = db.prepare(
    'INSERT INTO invitations (contact_id, token_hash, created_at, expires_at, used_at, invalidated_at, invalidated_reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAudit = db.prepare(
    "INSERT INTO audit_events (client_code, contact_id, at, action, actor, address, detail) VALUES (?, ?, ?, ?, 'demo', '127.0.0.1', ?)",
  );
  const hour = 3_600_000;
  const iso = (offsetHours: number) => new Date(now.getTime() + offsetHours * hour).toISOString();
  const states: AccessState[] = ['granted', 'granted', 'active', 'revoked'];
  BROWSING_CONTACTS.forEach(([name, title, department, type], i) => {
    const email = emailOf(name, 'mapleridgelogistics.ca');
    const id = Number(
      insertContact.run({
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
        created_at: iso(-24 * (60 - i)),
      }).lastInsertRowid,
    );
    if (i % 6 !== 0) return;
    const turn = (i / 6) % 4;
    const state = states[turn]!;
    // turn 0: invited (link pending), 1: expired (link ran out), 2: active, 3: revoked
    const invitedAt = iso(turn === 1 ? -24 * 10 : -24 * (turn + 1));
    const expiresAt = turn === 1 ? iso(-24 * 7) : turn === 0 ? iso(48) : iso(-24 * (turn + 1) + 72);
    insertAccess.run({
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
    });
    // A link nobody knows (random token, only its hash kept).
    const hash = createHash('sha256').update(randomBytes(32)).digest('hex');
    insertInvitation.run(
      id,
      hash,
      invitedAt,
      expiresAt,
      state === 'active' ? iso(-24 * (turn + 1) + 2) : null,
      state === 'revoked' ? iso(-12) : null,
      state === 'revoked' ? 'revoked' : null,
    );
    insertAudit.run(BROWSING_CLIENT, id, invitedAt, 'access-created', `user code ${BROWSING_CLIENT}${101 + i}`);
    insertAudit.run(BROWSING_CLIENT, id, invitedAt, 'invitation-sent', `to ${email}`);
    if (state === 'revoked') insertAudit.run(BROWSING_CLIENT, id, iso(-12), 'access-revoked', null);
  });
}

function prepareContactInsert(db: Database) {
  return db.prepare<{
    client_code: string;
    name: string;
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
    created_at: string;
  }>(`
    INSERT INTO contacts (client_code, name, name_key, title, department, type, email, email_key, phone, mobile, fax,
                          location, version, created_at, updated_at)
    VALUES (@client_code, @name, @name_key, @title, @department, @type, @email, @email_key, @phone, @mobile, @fax,
            @location, 1, @created_at, @created_at)`);
}

function prepareAccessInsert(db: Database) {
  return db.prepare(`
    INSERT INTO accesses (contact_id, user_code, email, allowed_ips, branch_id, state, invited_at, invitation_expires_at,
                          last_invitation_sent_at, activated_at, revoked_at, version, created_at, updated_at)
    VALUES (@contact_id, @user_code, @email, @allowed_ips, @branch_id, @state, @invited_at, @invitation_expires_at,
            @last_invitation_sent_at, @activated_at, @revoked_at, @version, @created_at, @updated_at)`);
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

/**
 * Adds `count` generated contacts to `clientCode` (which must exist) in one
 * transaction with prepared statements. Names combine ~70 first names and
 * ~75 last names with a middle initial, so that search and sort have
 * realistic spreads. Returns how many were inserted.
 */
export function seedGeneratedContacts(db: Database, clientCode: string, count: number, options: GeneratedContactsOptions = {}): number {
  const now = options.now ?? new Date();
  const accessEvery = options.accessEvery ?? 0;
  const insertContact = prepareContactInsert(db);
  const insertAccess = prepareAccessInsert(db);
  const created = now.toISOString();
  const later = new Date(now.getTime() + 72 * 3_600_000).toISOString();
  const earlier = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  const states: AccessState[] = ['granted', 'active', 'revoked'];
  const initials = 'ABCDEFGHIJKLMNOPRSTVW';
  // Keys computed once per name part (Unicode folding is the slow part of a 100k seed).
  const firstKeys = FIRST_NAMES.map(nameKey);
  const lastKeys = LAST_NAMES.map(nameKey);
  const firstMail = FIRST_NAMES.map((n) => foldText(n).replace(/[^a-z]/g, ''));
  const lastMail = LAST_NAMES.map((n) => foldText(n).replace(/[^a-z]/g, ''));
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const f = i % FIRST_NAMES.length;
      const l = Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length;
      const initial = initials[Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length)) % initials.length]!;
      const name = `${FIRST_NAMES[f]!} ${initial}. ${LAST_NAMES[l]!}`;
      const email = `${firstMail[f]!}.${lastMail[l]!}.${i}@example.com`;
      const id = Number(
        insertContact.run({
          client_code: clientCode,
          name,
          name_key: `${firstKeys[f]!} ${initial.toLowerCase()} ${lastKeys[l]!}`,
          title: TITLES[i % TITLES.length]!,
          department: DEPARTMENTS[i % DEPARTMENTS.length]!,
          type: TYPES[i % TYPES.length]!,
          email,
          email_key: email,
          phone: phone('514', i),
          mobile: i % 2 === 0 ? phone('438', i * 7) : '',
          fax: '',
          location: i % 3 === 0 ? 'Montréal' : 'Laval',
          created_at: created,
        }).lastInsertRowid,
      );
      if (accessEvery > 0 && i % accessEvery === 0) {
        const state = states[(i / accessEvery) % states.length]!;
        insertAccess.run({
          contact_id: id,
          user_code: `${clientCode}-${i}`,
          email,
          allowed_ips: '[]',
          branch_id: null,
          state,
          invited_at: earlier,
          invitation_expires_at: state === 'granted' ? later : null,
          last_invitation_sent_at: earlier,
          activated_at: state === 'active' ? created : null,
          revoked_at: state === 'revoked' ? created : null,
          version: 1,
          created_at: earlier,
          updated_at: created,
        });
      }
    }
  })();
  return count;
}

/**
 * The benchmark client 8009999 with `count` contacts, created once (a later
 * start with the same database keeps it as it is).
 */
export function seedBigClient(db: Database, count: number, now: Date): boolean {
  const clients = new ClientRepository(db);
  if (clients.getRow(BIG_CLIENT)) return false;
  db.transaction(() => {
    clients.insert({
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
    seedGeneratedContacts(db, BIG_CLIENT, count, { accessEvery: 50, now });
  })();
  return true;
}

/**
 * The demo's two staff users, at every start of the demo (their password may
 * change with DEMO_STAFF_PASSWORD; a change ends their sessions): `demo` with
 * rights on every client there is, and `stagiaire` with rights on client
 * 8005552 only. `hashes` are their password hashes.
 */
export function seedStaffUsers(db: Database, hashes: { demo: string; trainee: string }, now: Date): void {
  const staff = new StaffRepository(db);
  const created_at = now.toISOString();
  db.transaction(() => {
    staff.save({ user_code: DEMO_STAFF, name: 'Démo (personnel)', password_hash: hashes.demo, created_at });
    staff.save({ user_code: TRAINEE_STAFF, name: 'Stagiaire', password_hash: hashes.trainee, created_at });
    staff.grantAll(DEMO_STAFF);
    staff.grant(TRAINEE_STAFF, BROWSING_CLIENT);
  })();
}
