/**
 * The contacts of a list in another status than `none` (`others`), as the
 * pages of status-list.ts see them: how many, which of a read's rows they
 * are and how many come before it, and their order by status. A search's
 * are read, all of them (OthersList). A big client's whole list's are
 * counted, not read (IndexedOthers): an access carries its contact's sort
 * keys (migration 14), so the `others` before a row are the client's
 * accesses before its keys (a range count of the index of its accesses by
 * key; near the list's end, all of them, a number kept by their writes
 * (migration 22), less those from the row on) less its accesses in status
 * `none` (saved, never sent: few, read from a partial index, migration
 * 18); each row read says whether its
 * contact has an access. By status, each status's accesses are read in name
 * order from that index, after their counts (one statement). The status is
 * computed at `now`, as everywhere.
 */
import { type SqlBool, sql } from 'kysely';
import { ACCESS_STATUSES, type AccessStatus } from '../../src/api/types.js';
import type { Db } from '../db/database.js';
import { accessStatusSql, statesOf, statusRank } from './access.js';
import { type BucketSort, KEY } from './list-buckets.js';
import { byteOrder } from './search-terms.js';

export interface Keyed {
  id: number;
  k: string;
  /** (a row of the whole list) Has its contact an access? */
  access?: boolean;
}

export interface Other extends Keyed {
  status: AccessStatus;
}

/**
 * The contacts of a list in another status than `none` (`others`): how many, where they fall among the
 * list's rows, and their order by status (each status in name order).
 */
export interface Others {
  readonly total: number;
  /**
   * Which of `rows` (consecutive in the list's order) are `others`, and how many `others` come before the
   * first. `after`: a row before them, and the `others` up to it (itself included). `nearEnd`: the rows are
   * nearer the list's end than its start (where a count is shorter).
   */
  mark(rows: readonly Keyed[], after?: Anchor, nearEnd?: boolean): Promise<{ before: number; other: boolean[] }>;
  /** The ids of `count` of them from `offset` in status order (`descending`: by descending status). */
  ranked(offset: number, count: number, descending: boolean): Promise<number[]>;
  /** How many of them come before `target` (one of them) in status order; undefined when it is not one. */
  rankOf(target: Other, descending: boolean): Promise<number | undefined>;
}

/** A row of a list, and how many `others` come up to it (itself included). */
export interface Anchor {
  row: Keyed;
  seen: number;
}

/** `others` read, all of them, ascending by key and id (a search's matches in another status). */
export class OthersList implements Others {
  private readonly ids: Set<number>;

  /** In status order, ascending and descending, once sorted. */
  private readonly sorted = new Map<boolean, Other[]>();

  constructor(
    private readonly others: readonly Other[],
    /** Is the list read from its end? */
    private readonly descending: boolean,
  ) {
    this.ids = new Set(others.map((o) => o.id));
  }

  get total() {
    return this.others.length;
  }

  async mark(rows: readonly Keyed[]) {
    return { before: rows.length === 0 ? 0 : othersBefore(this.others, rows[0]!, this.descending), other: rows.map((r) => this.ids.has(r.id)) };
  }

  async ranked(offset: number, count: number, descending: boolean) {
    return this.inStatusOrder(descending)
      .slice(offset, offset + count)
      .map((o) => o.id);
  }

  async rankOf(target: Other, descending: boolean) {
    const i = this.inStatusOrder(descending).findIndex((o) => o.id === target.id);
    return i < 0 ? undefined : i;
  }

  /** Each status in name order (`others` is, and the sort is stable). */
  private inStatusOrder(descending: boolean): Other[] {
    const sign = descending ? -1 : 1;
    const sorted = this.sorted.get(descending) ?? [...this.others].sort((a, b) => sign * (statusRank(a.status) - statusRank(b.status)));
    this.sorted.set(descending, sorted);
    return sorted;
  }
}

/**
 * The `others` of a client's whole list, counted in the index of its accesses rather than read: all its
 * accesses but those in status `none` (`nones`, few, read). The rows of the whole list say whether their
 * contact has an access (`access`); the `others` before a row are the accesses before it less the
 * `nones` before it.
 */
export class IndexedOthers implements Others {
  private readonly noneIds: Set<number>;

  constructor(
    private readonly db: Db,
    private readonly client: string,
    private readonly sort: BucketSort,
    private readonly descending: boolean,
    private readonly now: Date,
    /** How many accesses the client has, in any status. */
    private readonly accesses: number,
    private readonly nones: readonly Keyed[],
  ) {
    this.noneIds = new Set(nones.map((n) => n.id));
  }

  get total() {
    return this.accesses - this.nones.length;
  }

  async mark(rows: readonly Keyed[], after?: Anchor, nearEnd = false) {
    const other = rows.map((r) => r.access === true && !this.noneIds.has(r.id));
    const first = rows[0];
    if (!first) return { before: 0, other };
    // The accesses before the first row: after `after`'s row only (a few, where all of them before it are many); near
    // the list's end, all of them less those from the row on.
    const key = sql.ref(`a.${KEY[this.sort]}`);
    const [before, beyond, fromIt] = this.descending ? [sql.raw('>'), sql.raw('<'), sql.raw('<=')] : [sql.raw('<'), sql.raw('>'), sql.raw('>=')];
    const fromEnd = nearEnd && !after;
    const row = await this.db
      .selectFrom('accesses as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.client_code', '=', this.client)
      .where(sql<SqlBool>`(${key}, a.contact_id) ${fromEnd ? fromIt : before} (${first.k}, ${first.id})`)
      .$if(after !== undefined, (qb) => qb.where(sql<SqlBool>`(${key}, a.contact_id) ${beyond} (${after!.row.k}, ${after!.row.id})`))
      .executeTakeFirstOrThrow();
    const accessesBefore = fromEnd ? this.accesses - Number(row.n) : Number(row.n);
    const nones = othersBefore(this.nones, first, this.descending);
    if (!after) return { before: accessesBefore - nones, other };
    // (the `nones` up to `after`'s row are in its `seen` already, less)
    const nonesUpTo = othersBefore(this.nones, after.row, this.descending) + (this.noneIds.has(after.row.id) ? 1 : 0);
    return { before: after.seen + accessesBefore - (nones - nonesUpTo), other };
  }

  async ranked(offset: number, count: number, descending: boolean) {
    const ids: number[] = [];
    let from = offset;
    // From the first: each status read in turn until the page is full, none counted (the first page in status order).
    const statuses = offset === 0 ? this.inOrder(descending).map((s) => [s, Infinity] as const) : await this.byStatus(descending);
    for (const [status, n] of statuses) {
      if (ids.length === count) break;
      if (from >= n) {
        from -= n;
        continue;
      }
      const rows = await this.inStatus(status)
        .select('a.contact_id as id')
        .orderBy('a.name_key')
        .orderBy('a.contact_id')
        .limit(Math.min(count - ids.length, n - from))
        .offset(from)
        .execute();
      ids.push(...rows.map((r) => Number(r.id)));
      from = 0;
    }
    return ids;
  }

  async rankOf(target: Other, descending: boolean) {
    let before = 0;
    for (const [status, n] of await this.byStatus(descending)) {
      if (status !== target.status) {
        before += n;
        continue;
      }
      const row = await this.inStatus(status)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(sql<SqlBool>`(a.name_key, a.contact_id) < (${target.k}, ${target.id})`)
        .executeTakeFirstOrThrow();
      return before + Number(row.n);
    }
    return undefined;
  }

  private counted: Promise<[AccessStatus, number][]> | undefined;

  /**
   * How many accesses are in each status but `none`, in status order (`descending`: the reverse): one
   * statement, once. Each status's accesses are then read in name order from the index of the client's
   * accesses by name (sorting all of them by status took 19 ms on PostgreSQL at 20,000).
   */
  private async byStatus(descending: boolean): Promise<[AccessStatus, number][]> {
    this.counted ??= this.db
      .selectFrom(this.db.selectFrom('accesses as a').select(accessStatusSql(this.now).as('status')).where('a.client_code', '=', this.client).as('s'))
      .select(['s.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('s.status')
      .execute()
      .then((rows) => {
        const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
        return this.inOrder(false).flatMap((s) => (counts.has(s) ? [[s, counts.get(s)!] as [AccessStatus, number]] : []));
      });
    const counts = await this.counted;
    return descending ? [...counts].reverse() : counts;
  }

  /** The statuses but `none` in status order (`descending`: the reverse). */
  private inOrder(descending: boolean): AccessStatus[] {
    const statuses = ACCESS_STATUSES.filter((s) => s !== 'none');
    return descending ? statuses.reverse() : statuses;
  }

  /** The client's accesses in `status` (from the index of the states it can have, access-list.ts). */
  private inStatus(status: AccessStatus) {
    return this.db
      .selectFrom('accesses as a')
      .where('a.client_code', '=', this.client)
      .where('a.state', 'in', statesOf(status))
      .where(accessStatusSql(this.now), '=', status);
  }
}

/** How many of `list` (ascending) come before `row` in the list's order (`descending`: read from its end). */
function othersBefore(list: readonly Keyed[], row: Keyed, descending: boolean): number {
  const below = (o: Keyed) => (byteOrder(o.k, row.k) || o.id - row.id) < 0;
  // The first index whose member is not below `row` (binary search; `list` is ascending).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  if (!descending) return lo;
  // Descending: those above it (not below, and not itself).
  return list.length - lo - (lo < list.length && list[lo]!.id === row.id ? 1 : 0);
}
