/**
 * A big client's list filtered to the contacts without access (status
 * `none`), or sorted by access status, without looking at each of its
 * contacts.
 *
 * Most contacts of a big client have no access: the contacts in status
 * `none` are its whole list (its buckets, list-buckets.ts) less the few
 * accesses in another status (`others`). The contact at position p of the
 * whole list, not one of `others`, is at p less the `others` before it in
 * the list without them: the page at offset k is read from p = k on, the
 * `others` left out, and those before k skipped; a read that ends before k
 * moves p to k plus the `others` up to its end (NoneList). The status order
 * is the contacts in status `none` followed by the `others` by status
 * (descending: the `others` first), each status in name order.
 *
 * The `others` of the whole list are counted in the index of the client's
 * accesses, not read; a search's are read (status-others.ts).
 *
 * Null when it does not apply: a client without buckets, or with more than
 * `MAX_ACCESSES` accesses (the general path of contacts.ts then filters and
 * sorts every contact).
 */
import { type RawBuilder, sql } from 'kysely';
import type { AccessStatus, ContactSort } from '../../src/api/types.js';
import type { Db, Store } from '../db/database.js';
import { accessStatusSql } from './access.js';
import { type BucketSort, KEY, ListBuckets } from './list-buckets.js';
import { type Anchor, IndexedOthers, type Keyed, type Other, type Others } from './status-others.js';

export interface StatusQuery {
  accessStatus: AccessStatus | undefined;
  sort: ContactSort;
  offset: number;
  limit: number;
  /** A contact id: the page centred on it. */
  around?: number | undefined;
}

/** A page of ids, its offset (centred on `around` when asked) and the list's total. */
export interface StatusPage {
  ids: number[];
  total: number;
  offset: number;
}

/** A client with more accesses than this takes the general way (contacts.ts) for these lists. */
export const MAX_ACCESSES = 50_000;

/** How many accesses the client has (kept by the writes of its accesses, migration 22). */
export function accessCount(clientCode: string) {
  return sql<number>`coalesce((SELECT accesses FROM client_access_counts WHERE client_code = ${clientCode}), 0)`;
}

/**
 * The order a `none` or status-order query is paged in (`none` in status order: name order, every
 * contact being in status none); null for any other query.
 */
export function statusListSort(query: { accessStatus: AccessStatus | undefined; sort: ContactSort }): ContactSort | null {
  const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
  if (query.accessStatus !== 'none' && !(query.accessStatus === undefined && statusOrder)) return null;
  return query.accessStatus === 'none' && statusOrder ? 'name' : query.sort;
}

/** The contact `id` of the client, for `around`: its `key` (`c.name_key` or `c.email_key`) and its status at `now`. */
export async function aroundTarget(db: Db, client: string, key: string, id: number, now: Date): Promise<Other | undefined> {
  const target = await db
    .selectFrom('contacts as c')
    .leftJoin('accesses as a', 'a.contact_id', 'c.id')
    .select(['c.id', sql<string>`${sql.ref(key)}`.as('k'), accessStatusSql(now).as('status')])
    .where('c.client_code', '=', client)
    .where('c.id', '=', id)
    .executeTakeFirst();
  return target && { ...target, id: Number(target.id) };
}

export class StatusList {
  constructor(
    private readonly store: Store,
    private readonly buckets: ListBuckets,
  ) {}

  /**
   * The ids of the page's contacts in the list's order, the list's total and `stamp` (read first, before
   * the rest); null when the way does not apply (above), undefined when `around` is not in the list.
   * `query`: the `none` filter in any order but the status's, or no filter in status order.
   */
  async page(client: string, query: StatusQuery, now: Date, stamp: RawBuilder<number | null>): Promise<(StatusPage & { stamp: number | null }) | undefined | null> {
    const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
    const sort: BucketSort = statusOrder || query.sort.endsWith('name') ? 'name' : 'email';
    const descending = !statusOrder && query.sort.startsWith('-');
    const head = await this.store.db
      .selectNoFrom([
        ListBuckets.totalSql(client, sort).as('total'),
        accessCount(client).as('accesses'),
        stamp.as('stamp'),
      ])
      .executeTakeFirstOrThrow();
    if (head.total === null || Number(head.accesses) > MAX_ACCESSES) return null;
    const total = Number(head.total);
    const nones = await this.nones(client, sort, now);
    const others = new IndexedOthers(this.store.db, client, sort, descending, now, Number(head.accesses), nones);
    const read = (p: number, count: number) => readWhole(this.buckets, client, sort, descending, p, count);
    let around: Around | undefined;
    if (query.around !== undefined) {
      const target = await aroundTarget(this.store.db, client, `c.${KEY[sort]}`, query.around, now);
      const place = target && (await this.buckets.rank(client, sort, target.k, query.around));
      if (!target || !place) return undefined;
      around = { target, before: descending ? place.total - 1 - place.rank : place.rank };
    }
    const page = await statusPage(query, total, others, read, around);
    return page && { ...page, stamp: head.stamp === null ? null : Number(head.stamp) };
  }

  /**
   * The client's accesses in status `none` (saved, never sent, not ended: few), with their contacts'
   * `sort` key, ascending: a small partial index of the accesses never sent (migration 18).
   */
  private async nones(client: string, sort: BucketSort, now: Date): Promise<Keyed[]> {
    const key = sql.ref(`a.${KEY[sort]}`);
    // SQLite, without statistics, would rather read the index of the client's accesses in the order asked: it is told
    // which (PostgreSQL takes it). Literals, so that both know the partial index applies.
    const index = this.store.engine === 'sqlite' ? sql` INDEXED BY accesses_never_sent` : sql``;
    const { rows } = await sql<Keyed>`
      SELECT a.contact_id AS id, ${key} AS k FROM accesses AS a${index}
      WHERE a.client_code = ${client} AND a.state = 'granted' AND a.last_invitation_sent_at IS NULL AND ${accessStatusSql(now)} = 'none'
      ORDER BY ${key}, a.contact_id`.execute(this.store.db);
    return rows.map((r) => ({ id: Number(r.id), k: r.k }));
  }
}

/** The contact a page is centred on: its key and status, and how many come before it in the list read. */
export interface Around {
  target: Other;
  before: number;
}

/**
 * The page of `query` (the `none` filter, or the status order) of a list of `whole` contacts read by
 * `read` (in the query's order, or name order for the status order), of which `others` are in another
 * status than `none`: the ids of its contacts, its offset and its total. `around`: the page centred on
 * that contact (undefined when it is not in the list).
 */
export async function statusPage(
  query: StatusQuery,
  whole: number,
  others: Others,
  read: (p: number, count: number) => Promise<Keyed[]>,
  around?: Around,
): Promise<StatusPage | undefined> {
  const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
  const byDescendingStatus = query.sort === '-accessStatus';
  const none = new NoneList(read, others, whole);
  const noneTotal = whole - others.total;
  const { limit } = query;
  let offset = query.offset;
  if (around) {
    const { target, before } = around;
    let index: number;
    if (target.status === 'none') {
      index = before - (await others.mark([target])).before + (byDescendingStatus ? others.total : 0);
    } else {
      // (another status is in the list in status order only)
      const i = statusOrder ? await others.rankOf(target, byDescendingStatus) : undefined;
      if (i === undefined) return undefined;
      index = i + (byDescendingStatus ? 0 : noneTotal);
    }
    offset = Math.max(0, index - Math.floor(limit / 2));
  }
  if (!statusOrder) return { ids: await none.slice(offset, limit), total: noneTotal, offset };
  // `none` first (descending: last)
  const ranked = (from: number, count: number) => others.ranked(from, count, byDescendingStatus);
  const [first, second, firstTotal] = byDescendingStatus
    ? [ranked, (from: number, count: number) => none.slice(from, count), others.total]
    : [(from: number, count: number) => none.slice(from, count), ranked, noneTotal];
  const ids: number[] = [];
  if (offset < firstTotal) ids.push(...(await first(offset, Math.min(limit, firstTotal - offset))));
  const rest = limit - ids.length;
  if (rest > 0) ids.push(...(await second(Math.max(0, offset - firstTotal), rest)));
  return { ids, total: whole, offset };
}

/** `count` contacts of a bucketed list from position `p`: ids, keys and whether each has an access. */
async function readWhole(buckets: ListBuckets, client: string, sort: BucketSort, descending: boolean, p: number, count: number): Promise<Keyed[]> {
  const key = sql.ref(`c.${KEY[sort]}`);
  const columns = sql.join([sql.ref('c.id'), sql`${key} AS k`, sql`CASE WHEN a.contact_id IS NULL THEN 0 ELSE 1 END AS access`]);
  const page = await buckets.page<{ id: number; k: string; access: number }>(client, sort, descending, p, count, columns, sql`0`);
  return (page?.rows ?? []).map((r) => ({ id: Number(r.id), k: r.k, access: Number(r.access) === 1 }));
}

/** The contacts in status `none` of a list read by `read`: the list less `others`. */
class NoneList {
  constructor(
    private readonly read: (p: number, count: number) => Promise<Keyed[]>,
    private readonly others: Others,
    /** The list's length. */
    private readonly whole: number,
  ) {}

  /**
   * The ids of `count` contacts from `offset` on: the whole list read in pages from the position p of
   * the page's first contact or before it (p less the `others` before p is at most `offset`: p = offset
   * first), each contact not in `others` at its place in the list without them (its position less the
   * `others` before it). A page that ends before `offset` moves p to `offset` plus the `others` up to its
   * end (no contact between is at `offset` or after), and the next read is longer by twice the `others`
   * expected over the jump. Each read is a search's page when the list is a search's matches.
   */
  async slice(offset: number, count: number): Promise<number[]> {
    if (count <= 0) return [];
    const ids: number[] = [];
    let p = offset;
    let extra = 0;
    let after: Anchor | undefined;
    for (;;) {
      // Enough rows for the page and every `others` they may hold (fewer when `others` are few); in steps
      // of 25 (PostgreSQL plans the statement once for each).
      const size = Math.ceil((count - ids.length + Math.min(this.others.total, count) + extra) / 25) * 25;
      const rows = await this.read(p, size);
      const { before, other } = await this.others.mark(rows, after, 2 * p > this.whole);
      let seen = before; // the `others` up to the row
      rows.forEach((row, i) => {
        if (other[i]) seen += 1;
        else if (ids.length < count && p + i - seen >= offset) ids.push(row.id);
      });
      if (ids.length === count || rows.length < size) return ids;
      after = { row: rows.at(-1)!, seen };
      const next = ids.length > 0 ? p + size : offset + seen;
      const jump = Math.max(0, next - (p + size));
      extra = Math.min(10 * count, Math.ceil((2 * jump * this.others.total) / Math.max(1, this.whole)));
      p = next;
    }
  }
}
