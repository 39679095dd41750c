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
const STATUS_RANK_SQL = `CASE status_expr WHEN 'none' THEN 0 WHEN 'invited' THEN 1 WHEN 'active' THEN 2 WHEN 'expired' THEN 3 ELSE 4 END`;

const SELECT_COLUMNS = `c.id, c.client_code, c.name, c.title, c.department, c.type, c.email, c.phone, c.mobile,
  c.fax, c.location, c.version, c.created_at, c.updated_at`;

export class ContactRepository {
  private readonly db: Database;
  private readonly getStmt: Statement<{ client: string; id: number; now: string }, ContactRowWithStatus>;
  private readonly getRowStmt: Statement<[string, number], ContactRow>;
  private readonly insertStmt: Statement<Record<string, unknown>>;
  private readonly updateStmt: Statement<Record<string, unknown>>;
  private readonly deleteStmt: Statement<[number]>;
  /** List statements by shape (filters present, sort): still prepared once each. */
  private readonly listStatements = new Map<string, Statement<Record<string, unknown>, ContactRowWithStatus>>();
  private readonly countStatements = new Map<string, Statement<Record<string, unknown>, { total: number }>>();

  constructor(db: Database) {
    this.db = db;
    this.getStmt = db.prepare(`
      SELECT ${SELECT_COLUMNS}, ${ACCESS_STATUS_SQL} AS access_status
      FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id
      WHERE c.client_code = @client AND c.id = @id`);
    this.getRowStmt = db.prepare<[string, number], ContactRow>(
      `SELECT ${SELECT_COLUMNS} FROM contacts c WHERE c.client_code = ? AND c.id = ?`,
    );
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
  }

  /** The contact as the API shows it, with its access status at `now`. */
  get(clientCode: string, id: number, now: Date): Contact | undefined {
    const row = this.getStmt.get({ client: clientCode, id, now: now.toISOString() });
    return row ? toContact(row) : undefined;
  }

  getRow(clientCode: string, id: number): ContactRow | undefined {
    return this.getRowStmt.get(clientCode, id);
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

  /** One page of a client's contacts: filtered, sorted and paged in SQL, the status by a join. */
  list(clientCode: string, query: ContactListQuery, now: Date): { items: Contact[]; total: number } {
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
    const shape = `${where.join(' AND ')}|${query.sort}`;
    const from = `FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id WHERE ${where.join(' AND ')}`;

    let count = this.countStatements.get(shape);
    if (!count) {
      // The count needs the join only to filter by status.
      const countFrom = query.accessStatus ? from : `FROM contacts c WHERE ${where.join(' AND ')}`;
      count = this.db.prepare<Record<string, unknown>, { total: number }>(`SELECT COUNT(*) AS total ${countFrom}`);
      this.countStatements.set(shape, count);
    }
    let list = this.listStatements.get(shape);
    if (!list) {
      const statusRank = STATUS_RANK_SQL.replace('status_expr', ACCESS_STATUS_SQL);
      list = this.db.prepare<Record<string, unknown>, ContactRowWithStatus>(`
        SELECT ${SELECT_COLUMNS}, ${ACCESS_STATUS_SQL} AS access_status, ${statusRank} AS status_rank
        ${from}
        ORDER BY ${ORDER_BY[query.sort]}
        LIMIT @limit OFFSET @offset`);
      this.listStatements.set(shape, list);
    }
    const total = count.get(params)?.total ?? 0;
    const rows = total > query.offset ? list.all({ ...params, limit: query.limit, offset: query.offset }) : [];
    return { items: rows.map(toContact), total };
  }
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
