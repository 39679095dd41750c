import type { Database, Statement } from 'better-sqlite3';
import type { AccessStatus, Contact, ContactSort } from '../../src/api/types.js';
import { emailKey, escapeLike, nameKey } from '../text.js';
import { ACCESS_STATUS_SQL } from './access.js';

/** The writable fields of a contact, validated and trimmed. */
export interface ContactFields {
  name: string;
  title: string;
  department: string;
  type: string | null;
  email: string;
  phone: string;
  mobile: string;
  fax: string;
  location: string;
}

export interface ContactRow extends ContactFields {
  id: number;
  client_code: string;
  version: number;
  created_at: string;
  updated_at: string;
}

interface ContactRowWithStatus extends ContactRow {
  access_status: AccessStatus;
}

export interface ContactListQuery {
  q: string;
  accessStatus: AccessStatus | undefined;
  sort: ContactSort;
  offset: number;
  limit: number;
  /** A contact id: answer the page centred on it instead of `offset`. */
  around?: number | undefined;
  /**
   * A portal session limited to a branch: only the contacts whose access is
   * limited to that branch, and the session's own contact.
   */
  branch?: { branchId: string; selfId: number } | undefined;
}

const ORDER_BY: Record<ContactSort, string> = {
  name: 'c.name_key ASC, c.id ASC',
  '-name': 'c.name_key DESC, c.id DESC',
  email: 'c.email_key ASC, c.id ASC',
  '-email': 'c.email_key DESC, c.id DESC',
  accessStatus: 'status_rank ASC, c.name_key ASC, c.id ASC',
  '-accessStatus': 'status_rank DESC, c.name_key ASC, c.id ASC',
};

// The contract's order of the statuses.
const STATUS_RANK_SQL = `(CASE ${ACCESS_STATUS_SQL} WHEN 'none' THEN 0 WHEN 'invited' THEN 1 WHEN 'active' THEN 2 WHEN 'expired' THEN 3 ELSE 4 END)`;

/** "Comes before the contact whose sort keys are @k_*" for each order of ORDER_BY. */
const BEFORE: Record<ContactSort, string> = {
  name: '(c.name_key < @k_name OR (c.name_key = @k_name AND c.id < @k_id))',
  '-name': '(c.name_key > @k_name OR (c.name_key = @k_name AND c.id > @k_id))',
  email: '(c.email_key < @k_email OR (c.email_key = @k_email AND c.id < @k_id))',
  '-email': '(c.email_key > @k_email OR (c.email_key = @k_email AND c.id > @k_id))',
  accessStatus: `(${STATUS_RANK_SQL} < @k_rank OR (${STATUS_RANK_SQL} = @k_rank AND (c.name_key < @k_name OR (c.name_key = @k_name AND c.id < @k_id))))`,
  '-accessStatus': `(${STATUS_RANK_SQL} > @k_rank OR (${STATUS_RANK_SQL} = @k_rank AND (c.name_key < @k_name OR (c.name_key = @k_name AND c.id < @k_id))))`,
};

/** Clients with at least this many contacts have their list orders cached (`orderOf`), this many at most. */
const ORDER_CACHE_MIN = 2000;
const ORDER_CACHE_SIZE = 32;

const SELECT_COLUMNS = `c.id, c.client_code, c.name, c.title, c.department, c.type, c.email, c.phone, c.mobile,
  c.fax, c.location, c.version, c.created_at, c.updated_at`;

export class ContactRepository {
  private readonly db: Database;
  private readonly getStmt: Statement<{ client: string; id: number; now: string }, ContactRowWithStatus>;
  private readonly getRowStmt: Statement<[string, number], ContactRow>;
  private readonly byIdStmt: Statement<[number], ContactRow>;
  private readonly insertStmt: Statement<Record<string, unknown>>;
  private readonly updateStmt: Statement<Record<string, unknown>>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly rankStmt: Statement<[string, number], { n: number }>;
  /** List statements by shape (filters present, sort): still prepared once each. */
  private readonly listStatements = new Map<string, Statement<Record<string, unknown>, ContactRowWithStatus>>();
  private readonly countStatements = new Map<string, Statement<Record<string, unknown>, { total: number }>>();
  private readonly keyStatements = new Map<string, Statement<Record<string, unknown>, SortKeys>>();
  private readonly beforeStatements = new Map<string, Statement<Record<string, unknown>, { n: number }>>();
  /** A big client's unfiltered list in name or e-mail order: its ids (see `orderOf`). */
  private readonly orders = new Map<string, { version: string; ids: number[] }>();
  private readonly orderStatements = new Map<string, Statement<[string], number>>();
  private readonly versionStmt: Statement<[], { changes: number; data: number }>;
  private readonly pageStmt: Statement<{ ids: string; now: string }, ContactRowWithStatus>;

  constructor(db: Database) {
    this.db = db;
    this.versionStmt = db.prepare(
      'SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS data',
    );
    this.pageStmt = db.prepare(`
      SELECT ${SELECT_COLUMNS}, ${ACCESS_STATUS_SQL} AS access_status
      FROM json_each(@ids) j JOIN contacts c ON c.id = j.value LEFT JOIN accesses a ON a.contact_id = c.id
      ORDER BY j.key`);
    this.getStmt = db.prepare(`
      SELECT ${SELECT_COLUMNS}, ${ACCESS_STATUS_SQL} AS access_status
      FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id
      WHERE c.client_code = @client AND c.id = @id`);
    this.getRowStmt = db.prepare<[string, number], ContactRow>(
      `SELECT ${SELECT_COLUMNS} FROM contacts c WHERE c.client_code = ? AND c.id = ?`,
    );
    this.byIdStmt = db.prepare<[number], ContactRow>(`SELECT ${SELECT_COLUMNS} FROM contacts c WHERE c.id = ?`);
    this.insertStmt = db.prepare(`
      INSERT INTO contacts (client_code, name, name_key, title, department, type, email, email_key, phone, mobile,
                            fax, location, version, created_at, updated_at)
      VALUES (@client_code, @name, @name_key, @title, @department, @type, @email, @email_key, @phone, @mobile,
              @fax, @location, 1, @now, @now)`);
    this.updateStmt = db.prepare(`
      UPDATE contacts SET name = @name, name_key = @name_key, title = @title, department = @department,
        type = @type, email = @email, email_key = @email_key, phone = @phone, mobile = @mobile, fax = @fax,
        location = @location, version = version + 1, updated_at = @now
      WHERE id = @id`);
    this.deleteStmt = db.prepare<[number]>('DELETE FROM contacts WHERE id = ?');
    this.rankStmt = db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM contacts WHERE client_code = ? AND id < ?',
    );
  }

  /** The contact as the API shows it, with its access status at `now`. */
  get(clientCode: string, id: number, now: Date): Contact | undefined {
    const row = this.getStmt.get({ client: clientCode, id, now: now.toISOString() });
    return row ? toContact(row) : undefined;
  }

  getRow(clientCode: string, id: number): ContactRow | undefined {
    return this.getRowStmt.get(clientCode, id);
  }

  /** The contact `id`, whatever its client. */
  byId(id: number): ContactRow | undefined {
    return this.byIdStmt.get(id);
  }

  insert(clientCode: string, fields: ContactFields, now: Date): number {
    const info = this.insertStmt.run({ ...keyed(fields), client_code: clientCode, now: now.toISOString() });
    return Number(info.lastInsertRowid);
  }

  update(id: number, fields: ContactFields, now: Date): void {
    this.updateStmt.run({ ...keyed(fields), id, now: now.toISOString() });
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** How many of the client's contacts were created before this one (0 for the first). */
  rank(clientCode: string, id: number): number {
    return this.rankStmt.get(clientCode, id)?.n ?? 0;
  }

  /**
   * One page of a client's contacts: filtered, sorted and paged in SQL, the
   * status by a join. With `around` (a contact id) the page is the one that
   * has that contact in its middle (`offset` = its index − ⌊limit/2⌋, at
   * least 0); undefined when that contact is not in the filtered list.
   */
  list(clientCode: string, query: ContactListQuery, now: Date): { items: Contact[]; total: number; offset: number } | undefined {
    const { where, params } = filters(clientCode, query, now);
    const shape = `${where}|${query.sort}`;
    const from = `FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id WHERE ${where}`;

    let offset = query.offset;
    if (query.around !== undefined) {
      const index = this.indexOf(shape, from, query, params, query.around);
      if (index === undefined) return undefined;
      offset = Math.max(0, index - Math.floor(query.limit / 2));
    }
    const ids = query.around === undefined ? this.orderOf(clientCode, query) : undefined;
    if (ids) {
      const page = ids.slice(offset, offset + query.limit);
      const rows = page.length ? this.pageStmt.all({ ids: JSON.stringify(page), now: now.toISOString() }) : [];
      return { items: rows.map(toContact), total: ids.length, offset };
    }
    // The count needs the join only to filter by status.
    const count = this.cached(this.countStatements, shape, () =>
      this.db.prepare<Record<string, unknown>, { total: number }>(
        `SELECT COUNT(*) AS total ${query.accessStatus ? from : `FROM contacts c WHERE ${where}`}`,
      ),
    );
    const list = this.cached(this.listStatements, shape, () =>
      this.db.prepare<Record<string, unknown>, ContactRowWithStatus>(`
        SELECT ${SELECT_COLUMNS}, ${ACCESS_STATUS_SQL} AS access_status, ${STATUS_RANK_SQL} AS status_rank
        ${from}
        ORDER BY ${ORDER_BY[query.sort]}
        LIMIT @limit OFFSET @offset`),
    );
    const total = count.get(params)?.total ?? 0;
    const rows = total > offset ? list.all({ ...params, limit: query.limit, offset }) : [];
    return { items: rows.map(toContact), total, offset };
  }

  /** The position of contact `id` in the filtered, sorted list: how many come before it. */
  private indexOf(
    shape: string,
    from: string,
    query: ContactListQuery,
    params: Record<string, unknown>,
    id: number,
  ): number | undefined {
    const keys = this.cached(this.keyStatements, shape, () =>
      this.db.prepare<Record<string, unknown>, SortKeys>(
        `SELECT c.id AS k_id, c.name_key AS k_name, c.email_key AS k_email, ${STATUS_RANK_SQL} AS k_rank ${from} AND c.id = @around`,
      ),
    );
    const found = keys.get({ ...params, around: id });
    if (!found) return undefined;
    const before = this.cached(this.beforeStatements, shape, () =>
      this.db.prepare<Record<string, unknown>, { n: number }>(`SELECT COUNT(*) AS n ${from} AND ${BEFORE[query.sort]}`),
    );
    return before.get({ ...params, ...found })?.n ?? 0;
  }

  /**
   * The ids of a big client's whole list (no filter) in name or e-mail order,
   * kept until the next write to the database: a page is then a slice of it,
   * where SQL would count and skip up to 100,000 index entries per request.
   * Undefined for a filtered list, the access-state order (it moves with the
   * clock), or a client of fewer than ORDER_CACHE_MIN contacts.
   */
  private orderOf(clientCode: string, query: ContactListQuery): number[] | undefined {
    if (query.q.trim() !== '' || query.accessStatus || query.branch || !/^-?(name|email)$/.test(query.sort)) return undefined;
    const v = this.versionStmt.get()!;
    const version = `${v.changes}|${v.data}`;
    const key = `${clientCode}|${query.sort}`;
    let entry = this.orders.get(key);
    if (entry?.version !== version) {
      const ids = this.cached(this.orderStatements, query.sort, () =>
        this.db.prepare<[string], number>(`SELECT c.id FROM contacts c WHERE c.client_code = ? ORDER BY ${ORDER_BY[query.sort]}`).pluck(),
      ).all(clientCode);
      entry = { version, ids };
      this.orders.delete(key);
      this.orders.set(key, entry);
      if (this.orders.size > ORDER_CACHE_SIZE) this.orders.delete(this.orders.keys().next().value!);
    }
    return entry.ids.length >= ORDER_CACHE_MIN ? entry.ids : undefined;
  }

  private cached<S>(cache: Map<string, S>, shape: string, make: () => S): S {
    let statement = cache.get(shape);
    if (!statement) {
      statement = make();
      cache.set(shape, statement);
    }
    return statement;
  }
}

interface SortKeys {
  k_id: number;
  k_name: string;
  k_email: string;
  k_rank: number;
}

/** "Belongs to branch @branch" (see `ContactListQuery.branch`); `inBranch()` is the same rule for one contact. */
const BRANCH_SQL = '(c.id = @self OR EXISTS (SELECT 1 FROM accesses ab WHERE ab.contact_id = c.id AND ab.branch_id = @branch))';

/** The WHERE clause (and its parameters) of a list query; its text is the statement cache key. */
function filters(clientCode: string, query: ContactListQuery, now: Date): { where: string; params: Record<string, unknown> } {
  const where = ['c.client_code = @client'];
  const params: Record<string, unknown> = { client: clientCode, now: now.toISOString() };
  const q = query.q.trim();
  if (q !== '') {
    const nameQ = nameKey(q);
    const emailQ = emailKey(q);
    const alternatives = ["c.email_key LIKE @emailPrefix ESCAPE '\\'"];
    params['emailPrefix'] = `${escapeLike(emailQ)}%`;
    if (nameQ !== '') {
      alternatives.push("c.name_key LIKE @namePrefix ESCAPE '\\'", "c.name_key LIKE @wordPrefix ESCAPE '\\'");
      params['namePrefix'] = `${escapeLike(nameQ)}%`;
      params['wordPrefix'] = `% ${escapeLike(nameQ)}%`;
    }
    where.push(`(${alternatives.join(' OR ')})`);
  }
  if (query.accessStatus) {
    where.push(`${ACCESS_STATUS_SQL} = @status`);
    params['status'] = query.accessStatus;
  }
  if (query.branch) {
    where.push(BRANCH_SQL);
    params['branch'] = query.branch.branchId;
    params['self'] = query.branch.selfId;
  }
  return { where: where.join(' AND '), params };
}

function keyed(fields: ContactFields): Record<string, unknown> {
  return { ...fields, name_key: nameKey(fields.name), email_key: emailKey(fields.email) };
}

function toContact(row: ContactRowWithStatus): Contact {
  return {
    id: String(row.id),
    clientId: row.client_code,
    name: row.name,
    title: row.title,
    department: row.department,
    type: row.type,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    fax: row.fax,
    location: row.location,
    accessStatus: row.access_status,
    version: row.version,
  };
}
