/** A contact's row as the API shows it, for the contact repository and its search (contact-search.ts). */
import type { AccessStatus, Contact } from '../../src/api/types.js';
import type { Db } from '../db/database.js';
import { accessStatusSql } from './access.js';
import type { ContactRow } from './contacts.js';

export const COLUMNS = [
  'c.id',
  'c.client_code',
  'c.name',
  'c.title',
  'c.department',
  'c.type',
  'c.email',
  'c.phone',
  'c.mobile',
  'c.fax',
  'c.location',
  'c.version',
  'c.created_at',
  'c.updated_at',
] as const;

/**
 * A page, and the client's last live event number read in the statement that counted it (so in its rows'
 * snapshot or before): null when there is no such client (the page is then empty).
 */
export type ListPage = { items: Contact[]; total: number; offset: number; lastSeq: number | null };

/** The contacts `c` as the API shows them: joined to their access `a`, with its status at `now`. */
export function withStatus(db: Db, now: Date) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accesses as a', 'a.contact_id', 'c.id')
    .select([...COLUMNS, accessStatusSql(now).as('access_status')]);
}

/** The contacts `ids`, in that order (one deleted since its id was read is left out). */
export async function byIds(db: Db, ids: number[], now: Date): Promise<Contact[]> {
  const rows = ids.length === 0 ? [] : await withStatus(db, now).where('c.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => (byId.has(id) ? [toContact(byId.get(id)!)] : []));
}

/** A stamp read by `listedSeqSql` (PostgreSQL answers a bigint as a number, SQLite a number; null: no client). */
export function seqOf(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toContact(row: ContactRow & { access_status: AccessStatus }): Contact {
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
