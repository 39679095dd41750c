/**
 * A client's contacts whose access is in one status (the filter on any
 * status but `none`), from its accesses rather than its contacts: few of a
 * big client's contacts have one. The accesses (`h`: the client's, or a
 * search's matches that have one) are counted in that status beside the
 * page, in one statement, the page ordered by the keys an access carries
 * (its contact's, migration 14) and cut, then joined to its contacts.
 */
import type { QueryCreator } from 'kysely';
import type { AccessStatus, ContactSort } from '../../src/api/types.js';
import type { Db } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { accessStatusSql, statesOf } from './access.js';
import { COLUMNS, type ListPage, seqOf, toContact } from './contact-rows.js';
import type { ContactRow } from './contacts.js';
import { listedSeqSql } from './events.js';

/** An access of the list: its contact's id and sort keys, and its status. */
export interface ListedAccess {
  contact_id: number;
  name_key: string;
  email_key: string;
  status: AccessStatus;
}

/** A statement that starts `WITH h AS (…)`, `h` the accesses a list is made of. */
export type WithAccesses = QueryCreator<DB & { h: ListedAccess }>;

/**
 * The client's accesses (`h`) in the states an access in `status` can be in, with their status at `now`:
 * ranges of the index of the client's accesses by state and key, which holds what the status needs
 * (migration 19), in the list's order for a status of one state. Not materialized: the filter on the
 * status goes into each of the statement's two reads of it.
 */
export function clientAccesses(db: Db, clientCode: string, status: AccessStatus, now: Date): WithAccesses {
  return db.with(
    (cte) => cte('h').notMaterialized(),
    (db) =>
      db
        .selectFrom('accesses as a')
        .select(['a.contact_id', 'a.name_key', 'a.email_key', accessStatusSql(now).as('status')])
        .where('a.client_code', '=', clientCode)
        .where('a.state', 'in', statesOf(status))
        .$castTo<ListedAccess>(),
  );
}

/**
 * The page of the accesses `h` in `status`, in the list's order (the status order, one status: name
 * order), with their contacts: counted, with the last live event, beside the page's accesses ordered, cut
 * and then joined to their contacts (joined first, every access was). One row without a contact when the
 * page is empty, so that the count comes back.
 */
export async function accessPage(
  accesses: WithAccesses,
  clientCode: string,
  query: { status: AccessStatus; sort: ContactSort; offset: number; limit: number },
): Promise<ListPage> {
  const { status } = query;
  const key = query.sort.endsWith('email') ? 'email_key' : 'name_key';
  const direction = query.sort === '-name' || query.sort === '-email' ? 'desc' : 'asc';
  const rows = await accesses
    .selectFrom((eb) =>
      eb
        .selectFrom('h')
        .where('h.status', '=', status)
        .select([eb.fn.countAll<number>().as('total'), listedSeqSql(clientCode).as('last_seq')])
        .as('t'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('h')
          .where('h.status', '=', status)
          .select(['h.contact_id', `h.${key} as k`, 'h.status'])
          .orderBy('k', direction)
          .orderBy('h.contact_id', direction)
          .limit(query.limit)
          .offset(query.offset)
          .as('p'),
      (join) => join.onTrue(),
    )
    .leftJoin('contacts as c', 'c.id', 'p.contact_id')
    .select([...COLUMNS, 'p.status as access_status', 't.total', 't.last_seq'])
    .orderBy('p.k', direction)
    .orderBy('p.contact_id', direction)
    .execute();
  // (the contact's columns are null in the row of an empty page only)
  const items = rows.filter((r) => r.id !== null).map((r) => toContact(r as ContactRow & { access_status: AccessStatus }));
  return { items, total: Number(rows[0]!.total), offset: query.offset, lastSeq: seqOf(rows[0]!.last_seq) };
}
