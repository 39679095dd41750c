/**
 * A big client's list filtered to the contacts without access (status
 * `none`), or sorted by access status, without looking at each of its
 * contacts.
 *
 * Most contacts of a big client have no access: the contacts in status
 * `none` are its whole list (its buckets, list-buckets.ts) less the few
 * accesses in another status (`others`). Those are read with their
 * contacts' sort keys, which an access carries, in the list's order (one
 * statement, an index of the client's accesses; the status is computed at
 * `now`, as everywhere). The
 * contact at position p of the whole list, not one of `others`, is at p less
 * the `others` before it (a binary search) in the list without them: the
 * page at offset k is read from p = k on, the `others` left out, and those
 * before k (usually none or a few) skipped; a read that ends before k moves p
 * to k plus the `others` up to its end (NoneList). The status order is the
 * contacts in status `none` followed by the `others` by status (descending:
 * the `others` first), each status in name order.
 *
 * Null when it does not apply: a client without buckets, or with more than
 * `MAX_ACCESSES` accesses (the general path of contacts.ts then filters and
 * sorts every contact).
 */
import { type RawBuilder, sql } from 'kysely';
import type { AccessStatus, ContactSort } from '../../src/api/types.js';
import type { Db, Store } from '../db/database.js';
import { accessStatusSql, statusRank } from './access.js';
import { type BucketSort, ListBuckets } from './list-buckets.js';
import { byteOrder } from './search-terms.js';

const KEY = { name: 'name_key', email: 'email_key' } as const;

export interface Keyed {
  id: number;
  k: string;
}

export interface Other extends Keyed {
  status: AccessStatus;
}

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

/** How many accesses the client has, counted up to `MAX_ACCESSES + 1`. */
export function accessCount(clientCode: string) {
  return sql<number>`(SELECT count(*) FROM (SELECT 1 FROM accesses WHERE client_code = ${clientCode} LIMIT ${MAX_ACCESSES + 1}) t)`;
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
    const others = await this.others(client, sort, now);
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
   * The client's accesses in a status other than `none`, with their contacts' `sort` key (an access
   * carries it, migration 14), in that order: the index of the client's accesses by that key.
   */
  private async others(client: string, sort: BucketSort, now: Date): Promise<Other[]> {
    const key = sql.ref(`a.${KEY[sort]}`);
    const rows = await this.store.db
      .selectFrom('accesses as a')
      .select(['a.contact_id as id', sql<string>`${key}`.as('k'), accessStatusSql(now).as('status')])
      .where('a.client_code', '=', client)
      .where(accessStatusSql(now), '<>', 'none')
      .orderBy(key)
      .orderBy('a.contact_id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), k: r.k, status: r.status }));
  }
}

/** The contact a page is centred on: its key and status, and how many come before it in the list read. */
export interface Around {
  target: Other;
  before: number;
}

/**
 * The page of `query` (the `none` filter, or the status order) of a list of `whole` contacts read by
 * `read` (in the query's order, or name order for the status order), of which `others` (ascending by key
 * and id) are in another status than `none`: the ids of its contacts, its offset and its total.
 * `around`: the page centred on that contact (undefined when it is not in the list).
 */
export async function statusPage(
  query: StatusQuery,
  whole: number,
  others: readonly Other[],
  read: (p: number, count: number) => Promise<Keyed[]>,
  around?: Around,
): Promise<StatusPage | undefined> {
  const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
  const descending = !statusOrder && query.sort.startsWith('-');
  const none = new NoneList(read, descending, others);
  const noneTotal = whole - others.length;
  // Each status in name order (`others` is), `none` first (descending: last).
  const sign = query.sort === 'accessStatus' ? 1 : -1;
  const ranked = statusOrder ? [...others].sort((a, b) => sign * (statusRank(a.status) - statusRank(b.status))) : [];
  const { limit } = query;
  let offset = query.offset;
  if (around) {
    const { target, before } = around;
    let index: number;
    if (target.status === 'none') {
      index = before - othersBefore(others, target, descending) + (query.sort === '-accessStatus' ? ranked.length : 0);
    } else {
      // (another status is in the list in status order only: `ranked` is empty otherwise)
      const i = ranked.findIndex((o) => o.id === target.id);
      if (i < 0) return undefined;
      index = i + (query.sort === 'accessStatus' ? noneTotal : 0);
    }
    offset = Math.max(0, index - Math.floor(limit / 2));
  }
  if (!statusOrder) return { ids: await none.slice(offset, limit), total: noneTotal, offset };
  const [first, firstTotal] = query.sort === 'accessStatus' ? [null, noneTotal] : [ranked, ranked.length];
  const ids: number[] = [];
  if (offset < firstTotal) {
    const count = Math.min(limit, firstTotal - offset);
    ids.push(...(first ? first.slice(offset, offset + count).map((o) => o.id) : await none.slice(offset, count)));
  }
  const rest = limit - ids.length;
  const from = Math.max(0, offset - firstTotal);
  if (rest > 0) ids.push(...(first ? await none.slice(from, rest) : ranked.slice(from, from + rest).map((o) => o.id)));
  return { ids, total: whole, offset };
}

/** How many of `others` (ascending) come before `row` in the list's order (`descending`: read from its end). */
function othersBefore(others: readonly Keyed[], row: Keyed, descending: boolean): number {
  const below = (o: Keyed) => (byteOrder(o.k, row.k) || o.id - row.id) < 0;
  // The first index whose member is not below `row` (binary search; `others` is ascending).
  let lo = 0;
  let hi = others.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(others[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  if (!descending) return lo;
  // Descending: those above it (not below, and not itself).
  return others.length - lo - (lo < others.length && others[lo]!.id === row.id ? 1 : 0);
}

/** `count` contacts of a bucketed list from position `p`: ids and keys. */
async function readWhole(buckets: ListBuckets, client: string, sort: BucketSort, descending: boolean, p: number, count: number): Promise<Keyed[]> {
  const key = sql.ref(`c.${KEY[sort]}`);
  const page = await buckets.page<Keyed>(client, sort, descending, p, count, sql.join([sql.ref('c.id'), sql`${key} AS k`]), sql`0`);
  return (page?.rows ?? []).map((r) => ({ id: Number(r.id), k: r.k }));
}

/** The contacts in status `none` of a list read by `read`: the list less `others` (sorted ascending by key and id). */
class NoneList {
  private readonly skipped: Set<number>;

  constructor(
    private readonly read: (p: number, count: number) => Promise<Keyed[]>,
    private readonly descending: boolean,
    private readonly others: readonly Keyed[],
  ) {
    this.skipped = new Set(others.map((o) => o.id));
  }

  /**
   * The ids of `count` contacts from `offset` on: the whole list read in pages from the position p of
   * the page's first contact or before it (p less the `others` before p is at most `offset`: p = offset
   * first), each contact not in `others` at its place in the list without them (its position less the
   * `others` before it). A page that ends before `offset` moves p to `offset` plus the `others` up to its
   * end (no contact between is at `offset` or after). Most pages take one read, the first: each read is a
   * search's page when the list is a search's matches.
   */
  async slice(offset: number, count: number): Promise<number[]> {
    if (count <= 0) return [];
    const ids: number[] = [];
    let p = offset;
    for (;;) {
      // Enough rows for the page and every `others` they may hold (fewer when `others` are few).
      const size = count - ids.length + Math.min(this.others.length, count);
      const rows = await this.read(p, size);
      rows.forEach((row, i) => {
        if (!this.skipped.has(row.id) && ids.length < count && p + i - othersBefore(this.others, row, this.descending) >= offset) ids.push(row.id);
      });
      const last = rows.at(-1);
      if (ids.length === count || rows.length < size || !last) return ids;
      p = ids.length > 0 ? p + size : offset + othersBefore(this.others, last, this.descending) + (this.skipped.has(last.id) ? 1 : 0);
    }
  }
}
