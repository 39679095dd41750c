/**
 * Pages of a big client's list at any offset, from the database alone.
 *
 * A client's contacts, in name order and in e-mail order, are cut into
 * buckets of about `size` contacts: a bucket is its first sort key (`lo`) and
 * how many contacts sort from there to the next bucket's `lo`. A page at
 * offset N walks the bucket counts (a thousand small rows for a million
 * contacts), seeks the index to the bucket holding N and skips fewer than
 * `2 × size` entries: no COUNT(*) and no OFFSET over the whole list. The total
 * is the sum of the counts.
 *
 * The counts are kept exact by the writes themselves, in their transaction:
 * a new contact adds one to the bucket its key falls in (a bucket grown past
 * twice the size is split at its middle), a deleted one takes one off, a
 * renamed one moves. On PostgreSQL those writes take the client's advisory
 * lock, so two instances never count past each other; SQLite's writes are
 * serialised anyway. Buckets are built (one pass over the index) for a
 * client of at least `2 × size` contacts, when its list is first asked for
 * or when it is seeded; smaller clients page with OFFSET.
 */
import { type SqlBool, sql } from 'kysely';
import type { Store } from '../db/database.js';

export type BucketSort = 'name' | 'email';

const KEY = { name: 'name_key', email: 'email_key' } as const;
const SORTS: readonly BucketSort[] = ['name', 'email'];

/** Where a page starts: seek to `from` (inclusive), then skip `skip` entries; `total` of the whole list. */
export interface PageStart {
  total: number;
  from: { key: string; id: number } | undefined;
  skip: number;
}

export class ListBuckets {
  constructor(
    private readonly store: Store,
    /** Contacts per bucket (about). */
    readonly size: number,
  ) {}

  /** "At or after `(key, id)`" in `sort` order, for the contacts `c`. */
  static atOrAfter(sort: BucketSort, key: string, id: number) {
    return sql<SqlBool>`(${sql.ref(`c.${KEY[sort]}`)} > ${key} OR (${sql.ref(`c.${KEY[sort]}`)} = ${key} AND c.id >= ${id}))`;
  }

  /** The client's buckets in order, or none. */
  private async all(client: string, sort: BucketSort) {
    return this.store.db
      .selectFrom('contact_buckets')
      .select(['lo_key', 'lo_id', 'size'])
      .where('client_code', '=', client)
      .where('sort', '=', sort)
      .orderBy('lo_key')
      .orderBy('lo_id')
      .execute();
  }

  /**
   * Where the ascending page at `offset` starts, building the buckets first
   * for a client big enough; undefined for a client too small to have any.
   */
  async locate(client: string, sort: BucketSort, offset: number): Promise<PageStart | undefined> {
    let buckets = await this.all(client, sort);
    if (buckets.length === 0) {
      if ((await this.contacts(client)) < 2 * this.size || !(await this.build(client))) return undefined;
      buckets = await this.all(client, sort);
    }
    const total = buckets.reduce((n, b) => n + b.size, 0);
    let before = 0;
    for (const bucket of buckets) {
      if (offset < before + bucket.size) return { total, from: { key: bucket.lo_key, id: bucket.lo_id }, skip: offset - before };
      before += bucket.size;
    }
    return { total, from: undefined, skip: 0 };
  }

  private async contacts(client: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_code', '=', client)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** How many contacts come before `(key, id)` in `sort` order; undefined without buckets. */
  async rank(client: string, sort: BucketSort, key: string, id: number): Promise<number | undefined> {
    const buckets = await this.all(client, sort);
    if (buckets.length === 0) return undefined;
    let before = 0;
    let floor: (typeof buckets)[number] | undefined;
    for (const bucket of buckets) {
      const order = byteOrder(bucket.lo_key, key);
      if (order > 0 || (order === 0 && bucket.lo_id > id)) break;
      if (floor) before += floor.size;
      floor = bucket;
    }
    if (!floor) return 0;
    const inside = await this.store.db
      .selectFrom('contacts as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.client_code', '=', client)
      .where(ListBuckets.atOrAfter(sort, floor.lo_key, floor.lo_id))
      .where(sql<SqlBool>`NOT ${ListBuckets.atOrAfter(sort, key, id)}`)
      .executeTakeFirst();
    return before + Number(inside?.n ?? 0);
  }

  /**
   * Cuts the client's list into buckets, in both orders, if it has at least
   * `2 × size` contacts and none yet; true when it has buckets afterwards.
   */
  async build(client: string): Promise<boolean> {
    return this.store.transaction(async () => {
      await this.lock(client);
      const existing = await this.store.db.selectFrom('contact_buckets').select('size').where('client_code', '=', client).limit(1).executeTakeFirst();
      if (existing) return true;
      if ((await this.contacts(client)) < 2 * this.size) return false;
      const b = this.size;
      for (const sort of SORTS) {
        const key = sql.ref(KEY[sort]);
        await sql`
          INSERT INTO contact_buckets (client_code, sort, lo_key, lo_id, size)
          SELECT ${client}, ${sort}, k, id, CASE WHEN rn + ${b} > t THEN t - rn ELSE ${b} END
          FROM (
            SELECT ${key} AS k, id, row_number() OVER (ORDER BY ${key}, id) - 1 AS rn, count(*) OVER () AS t
            FROM contacts WHERE client_code = ${client}
          ) AS s
          WHERE rn % ${b} = 0`.execute(this.store.db);
      }
      return true;
    });
  }

  /**
   * Counts a contact in (`delta` 1) or out (-1) of the client's buckets, in
   * the caller's transaction, which must hold `lock(client)` (see
   * ContactRepository). Nothing when the client has no buckets.
   */
  async count(client: string, keys: Record<BucketSort, string>, id: number, delta: 1 | -1): Promise<void> {
    for (const sort of SORTS) {
      const key = keys[sort];
      const db = this.store.db;
      const floor = await db
        .selectFrom('contact_buckets')
        .select(['lo_key', 'lo_id', 'size'])
        .where('client_code', '=', client)
        .where('sort', '=', sort)
        .where((eb) => eb.or([eb('lo_key', '<', key), eb.and([eb('lo_key', '=', key), eb('lo_id', '<=', id)])]))
        .orderBy('lo_key', 'desc')
        .orderBy('lo_id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const bucket =
        floor ??
        (await db
          .selectFrom('contact_buckets')
          .select(['lo_key', 'lo_id', 'size'])
          .where('client_code', '=', client)
          .where('sort', '=', sort)
          .orderBy('lo_key')
          .orderBy('lo_id')
          .limit(1)
          .executeTakeFirst());
      if (!bucket) return; // no buckets for this client
      const where = { client_code: client, sort, lo_key: bucket.lo_key, lo_id: bucket.lo_id };
      const size = bucket.size + delta;
      // A key before every bucket: the first bucket starts at it from now on.
      const moved = !floor && delta === 1 ? { lo_key: key, lo_id: id } : {};
      await db
        .updateTable('contact_buckets')
        .set({ size, ...moved })
        .where('client_code', '=', where.client_code)
        .where('sort', '=', sort)
        .where('lo_key', '=', where.lo_key)
        .where('lo_id', '=', where.lo_id)
        .execute();
      if (size > 2 * this.size) await this.split(client, sort, moved.lo_key ?? bucket.lo_key, moved.lo_id ?? bucket.lo_id, size);
    }
  }

  /** Splits a bucket grown too big at its middle contact. */
  private async split(client: string, sort: BucketSort, loKey: string, loId: number, size: number): Promise<void> {
    const half = Math.floor(size / 2);
    const middle = await this.store.db
      .selectFrom('contacts as c')
      .select([sql<string>`${sql.ref(`c.${KEY[sort]}`)}`.as('k'), 'c.id'])
      .where('c.client_code', '=', client)
      .where(ListBuckets.atOrAfter(sort, loKey, loId))
      .orderBy(sql.ref(`c.${KEY[sort]}`))
      .orderBy('c.id')
      .limit(1)
      .offset(half)
      .executeTakeFirst();
    if (!middle) return;
    await this.store.db
      .updateTable('contact_buckets')
      .set({ size: half })
      .where('client_code', '=', client)
      .where('sort', '=', sort)
      .where('lo_key', '=', loKey)
      .where('lo_id', '=', loId)
      .execute();
    await this.store.db.insertInto('contact_buckets').values({ client_code: client, sort, lo_key: middle.k, lo_id: middle.id, size: size - half }).execute();
  }

  /** PostgreSQL: the client's list lock until the transaction ends (SQLite's writes are serialised anyway). */
  async lock(client: string): Promise<void> {
    if (this.store.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${`buckets:${client}`}))`.execute(this.store.db);
  }
}

/** Compares as the databases do (byte by byte in UTF-8), not as JavaScript does (UTF-16 code units). */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
