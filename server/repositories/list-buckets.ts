/**
 * Pages of a big client's list at any offset, from the database alone.
 *
 * A client's contacts, in name order and in e-mail order, are cut into
 * buckets of about `size` contacts: a bucket is its first sort key (`lo`) and
 * how many contacts sort from there to the next bucket's `lo`. A page at
 * offset N finds the bucket holding N with a running sum over the bucket
 * counts (a thousand small rows for a million contacts, summed in SQL), seeks
 * the covering index to that bucket's `lo` and steps fewer than `2 × size`
 * index entries to the page's first contact; the page is then read by keyset
 * (`(key, id) >= (…)`, a range of the index): no COUNT(*) and no OFFSET over
 * the whole list. The total is the sum of the counts.
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

export class ListBuckets {
  constructor(
    private readonly store: Store,
    /** Contacts per bucket (about). */
    readonly size: number,
  ) {}

  /** "At or after `(key, id)`" in `sort` order, for the contacts `c`: a range of the index, as a row value. */
  static atOrAfter(sort: BucketSort, key: string, id: number) {
    return sql<SqlBool>`(${sql.ref(`c.${KEY[sort]}`)}, c.id) >= (${key}, ${id})`;
  }

  /** How many contacts the list has, building its buckets first for a client big enough; undefined for a client too small to have any. */
  async total(client: string, sort: BucketSort): Promise<number | undefined> {
    const sum = async () => {
      const row = await this.store.db
        .selectFrom('contact_buckets')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('total')])
        .where('client_code', '=', client)
        .where('sort', '=', sort)
        .executeTakeFirst();
      return Number(row?.n ?? 0) > 0 ? Number(row!.total) : undefined;
    };
    const total = await sum();
    if (total !== undefined) return total;
    if ((await this.contacts(client)) < 2 * this.size || !(await this.build(client))) return undefined;
    return sum();
  }

  /** The first contact at or after `offset` in ascending `sort` order; undefined past the end. */
  async seek(client: string, sort: BucketSort, offset: number): Promise<{ key: string; id: number } | undefined> {
    const { rows } = await sql<{ lo_key: string; lo_id: number; before: number }>`
      SELECT lo_key, lo_id, before FROM (
        SELECT lo_key, lo_id, size, sum(size) OVER (ORDER BY lo_key, lo_id) - size AS before
        FROM contact_buckets WHERE client_code = ${client} AND sort = ${sort}
      ) AS b
      WHERE before + size > ${offset}
      ORDER BY lo_key, lo_id LIMIT 1`.execute(this.store.db);
    const bucket = rows[0];
    if (!bucket) return undefined;
    const skip = offset - Number(bucket.before);
    if (skip === 0) return { key: bucket.lo_key, id: bucket.lo_id };
    const key = sql.ref(`c.${KEY[sort]}`);
    const start = await this.store.db
      .selectFrom('contacts as c')
      .select([sql<string>`${key}`.as('k'), 'c.id'])
      .where('c.client_code', '=', client)
      .where(ListBuckets.atOrAfter(sort, bucket.lo_key, bucket.lo_id))
      .orderBy(key)
      .orderBy('c.id')
      .limit(1)
      .offset(skip)
      .executeTakeFirst();
    return start && { key: start.k, id: start.id };
  }

  private async contacts(client: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_code', '=', client)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Where `(key, id)` stands in `sort` order: how many contacts come before it, and the total; undefined without buckets. */
  async rank(client: string, sort: BucketSort, key: string, id: number): Promise<{ rank: number; total: number } | undefined> {
    const total = await this.total(client, sort);
    if (total === undefined) return undefined;
    const buckets = this.store.db.selectFrom('contact_buckets').where('client_code', '=', client).where('sort', '=', sort);
    const floor = await buckets
      .select(['lo_key', 'lo_id'])
      .where(sql<SqlBool>`(lo_key, lo_id) <= (${key}, ${id})`)
      .orderBy('lo_key', 'desc')
      .orderBy('lo_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!floor) return { rank: 0, total };
    const before = await buckets
      .select((eb) => eb.fn.sum<number>('size').as('n'))
      .where(sql<SqlBool>`(lo_key, lo_id) < (${floor.lo_key}, ${floor.lo_id})`)
      .executeTakeFirst();
    const inside = await this.store.db
      .selectFrom('contacts as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.client_code', '=', client)
      .where(ListBuckets.atOrAfter(sort, floor.lo_key, floor.lo_id))
      .where(sql<SqlBool>`(${sql.ref(`c.${KEY[sort]}`)}, c.id) < (${key}, ${id})`)
      .executeTakeFirst();
    return { rank: Number(before?.n ?? 0) + Number(inside?.n ?? 0), total };
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
        .where(sql<SqlBool>`(lo_key, lo_id) <= (${key}, ${id})`)
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
