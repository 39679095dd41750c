/**
 * Pages of a big client's list at any offset, from the database alone.
 *
 * A client's contacts, in name order and in e-mail order, are cut into
 * buckets of about `size` contacts: a bucket is its first sort key (`lo`),
 * how many contacts sort from there to the next bucket's `lo` (`size`) and how
 * many sort before it (`first_index`, the running sum of the sizes before).
 * A page at offset N finds the last bucket whose `first_index` is at most N
 * (the primary key read backwards), seeks the covering index to that bucket's
 * `lo` and steps fewer than `2 × size` index entries to the page's first
 * contact; the page is then read by keyset (`(key, id) >= (…)`, a range of
 * the index): no COUNT(*), no OFFSET over the whole list and no sum at read
 * time. The total is the last bucket's `first_index + size`.
 *
 * The counts are kept exact by the writes themselves, in their transaction:
 * a new contact adds one to the bucket its key falls in and to the
 * `first_index` of every bucket after it (a bucket grown past twice the size
 * is split at its middle), a deleted one takes one off, a renamed one moves:
 * a write updates about a thousand small rows at a million contacts, so that
 * every read is two index seeks. On PostgreSQL those writes take the client's advisory
 * lock, so two instances never count past each other; SQLite's writes are
 * serialised anyway. Buckets are built (one pass over the index) for a
 * client of at least `2 × size` contacts, when its list is first asked for
 * or when it is seeded; smaller clients page with OFFSET.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Store } from '../db/database.js';

export type BucketSort = 'name' | 'email';

/** The column of each order's sort key (in `contacts`, and copied into `accesses`). */
export const KEY = { name: 'name_key', email: 'email_key' } as const;
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
    const last = async () => (await this.store.db.selectNoFrom(ListBuckets.totalSql(client, sort).as('n')).executeTakeFirst())?.n ?? null;
    let total = await last();
    if (total === null) {
      if ((await this.contacts(client)) < 2 * this.size || !(await this.build(client))) return undefined;
      total = await last();
    }
    return total === null ? undefined : Number(total);
  }

  /** How many contacts the list has (its last bucket's place and size), as a value of a statement; null for a client without buckets. */
  static totalSql(client: string, sort: BucketSort): RawBuilder<number | null> {
    return sql<number | null>`(SELECT first_index + size FROM contact_buckets WHERE client_code = ${client} AND sort = ${sort}
      ORDER BY lo_key DESC, lo_id DESC LIMIT 1)`;
  }

  /**
   * The page of `limit` contacts at `offset` of the list in `sort` order
   * (`descending`: read from its end), in one statement: the total (the last
   * bucket), the bucket holding the page's first contact, the steps from its
   * `lo` to that contact, then the page by keyset, from the contacts `c`
   * joined to their access `a` with `columns`, and `stamp` (a number read
   * beside them: the client's last live event). One statement is one snapshot
   * (the total, the rows and the stamp agree) and one round trip to the
   * database. Undefined when the client has no buckets; no rows past the end.
   */
  async page<Row>(
    client: string,
    sort: BucketSort,
    descending: boolean,
    offset: number,
    limit: number,
    columns: RawBuilder<unknown>,
    stamp: RawBuilder<number | null>,
  ): Promise<{ total: number; stamp: number | null; rows: Row[] } | undefined> {
    // The limit is written in the text, not passed: knowing it, PostgreSQL keeps one generic plan for the
    // statement after its first runs rather than planning it at each (0.55 → 0.02 ms); unknown, it planned a
    // parallel scan for it (57 ms).
    if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`bad limit ${limit}`);
    const key = sql.ref(`c.${KEY[sort]}`);
    const bucket = sql`contact_buckets WHERE client_code = ${client} AND sort = ${sort}`;
    // The index of the page's first contact in ascending order (its last one read backwards, when descending).
    const first = descending ? sql`first_index + size - ${offset} - 1` : sql`CAST(${offset} AS integer)`;
    const [cmp, direction] = descending ? [sql`<=`, sql`DESC`] : [sql`>=`, sql`ASC`];
    const { rows } = await sql<{ total: number; stamp: number | null; k_page: string | null } & Row>`
      WITH last AS (SELECT first_index + size AS total, ${first} AS i, ${stamp} AS stamp FROM ${bucket} ORDER BY lo_key DESC, lo_id DESC LIMIT 1),
      b AS (SELECT lo_key, lo_id, (SELECT i FROM last) - first_index AS skip FROM ${bucket} AND first_index <= (SELECT i FROM last)
            ORDER BY lo_key DESC, lo_id DESC LIMIT 1),
      start AS (SELECT ${key} AS k, c.id FROM contacts c WHERE c.client_code = ${client} AND (${key}, c.id) >= ((SELECT lo_key FROM b), (SELECT lo_id FROM b))
            ORDER BY ${key}, c.id LIMIT 1 OFFSET coalesce((SELECT skip FROM b), 0))
      SELECT last.total, last.stamp, p.* FROM last LEFT JOIN (
        SELECT ${columns}, ${key} AS k_page FROM contacts c LEFT JOIN accesses a ON a.contact_id = c.id
        WHERE c.client_code = ${client} AND (${key}, c.id) ${cmp} ((SELECT k FROM start), (SELECT id FROM start))
        ORDER BY ${key} ${direction}, c.id ${direction} LIMIT ${sql.lit(limit)}
      ) p ON true
      ORDER BY p.k_page ${direction}, p.id ${direction}`.execute(this.store.db);
    if (rows.length === 0) return undefined;
    const read = rows[0]!.stamp;
    return { total: Number(rows[0]!.total), stamp: read === null ? null : Number(read), rows: rows[0]!.k_page === null ? [] : rows };
  }

  private buckets(client: string, sort: BucketSort) {
    return this.store.db.selectFrom('contact_buckets').where('client_code', '=', client).where('sort', '=', sort);
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
    const floor = await this.floor(client, sort, key, id);
    if (!floor) return { rank: 0, total };
    const inside = await this.store.db
      .selectFrom('contacts as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.client_code', '=', client)
      .where(ListBuckets.atOrAfter(sort, floor.lo_key, floor.lo_id))
      .where(sql<SqlBool>`(${sql.ref(`c.${KEY[sort]}`)}, c.id) < (${key}, ${id})`)
      .executeTakeFirst();
    return { rank: Number(floor.first_index) + Number(inside?.n ?? 0), total };
  }

  /** The bucket `(key, id)` falls in (the last starting at or before it); undefined when it sorts before every bucket. */
  private floor(client: string, sort: BucketSort, key: string, id: number) {
    return this.buckets(client, sort)
      .select(['lo_key', 'lo_id', 'size', 'first_index'])
      .where(sql<SqlBool>`(lo_key, lo_id) <= (${key}, ${id})`)
      .orderBy('lo_key', 'desc')
      .orderBy('lo_id', 'desc')
      .limit(1)
      .executeTakeFirst();
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
          INSERT INTO contact_buckets (client_code, sort, lo_key, lo_id, size, first_index)
          SELECT ${client}, ${sort}, k, id, CASE WHEN rn + ${b} > t THEN t - rn ELSE ${b} END, rn
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
      const floor = await this.floor(client, sort, key, id);
      const bucket =
        floor ??
        (await this.buckets(client, sort)
          .select(['lo_key', 'lo_id', 'size', 'first_index'])
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
      await db
        .updateTable('contact_buckets')
        .set({ first_index: sql`first_index + ${delta}` })
        .where('client_code', '=', client)
        .where('sort', '=', sort)
        .where(sql<SqlBool>`(lo_key, lo_id) > (${bucket.lo_key}, ${bucket.lo_id})`)
        .execute();
      if (size > 2 * this.size) {
        await this.split(client, sort, { lo_key: moved.lo_key ?? bucket.lo_key, lo_id: moved.lo_id ?? bucket.lo_id, size, first_index: bucket.first_index });
      }
    }
  }

  /** Splits a bucket grown too big at its middle contact. */
  private async split(
    client: string,
    sort: BucketSort,
    { lo_key: loKey, lo_id: loId, size, first_index: first }: { lo_key: string; lo_id: number; size: number; first_index: number },
  ): Promise<void> {
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
    await this.store.db
      .insertInto('contact_buckets')
      .values({ client_code: client, sort, lo_key: middle.k, lo_id: middle.id, size: size - half, first_index: Number(first) + half })
      .execute();
  }

  /** PostgreSQL: the client's list lock until the transaction ends (SQLite's writes are serialised anyway). */
  async lock(client: string): Promise<void> {
    if (this.store.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${`buckets:${client}`}))`.execute(this.store.db);
  }
}
