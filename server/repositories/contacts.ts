import { type AliasableExpression, type Expression, type SqlBool, sql } from 'kysely';
import type { AccessStatus, Contact, ContactSort } from '../../src/api/types.js';
import type { Store } from '../db/database.js';
import { emailKey, nameKey } from '../text.js';
import { accessStatusSql, statusRankSql } from './access.js';
import { listedSeqSql } from './events.js';
import { type BucketSort, ListBuckets } from './list-buckets.js';
import { StatusList, statusPage } from './status-list.js';
import { COUNTED, HEAD, TOP, type TermKind, headOf, length, termCountRows, termRows } from './search-terms.js';

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

interface SortKeys {
  k_id: number;
  k_name: string;
  k_email: string;
  k_rank: number;
}

/** "Comes before the contact whose sort keys are `k`" for each order of ORDER_BY. */
function before(sort: ContactSort, k: SortKeys, now: Date): Expression<SqlBool> {
  const rank = statusRankSql(now);
  switch (sort) {
    case 'name':
      return sql<SqlBool>`(c.name_key < ${k.k_name} OR (c.name_key = ${k.k_name} AND c.id < ${k.k_id}))`;
    case '-name':
      return sql<SqlBool>`(c.name_key > ${k.k_name} OR (c.name_key = ${k.k_name} AND c.id > ${k.k_id}))`;
    case 'email':
      return sql<SqlBool>`(c.email_key < ${k.k_email} OR (c.email_key = ${k.k_email} AND c.id < ${k.k_id}))`;
    case '-email':
      return sql<SqlBool>`(c.email_key > ${k.k_email} OR (c.email_key = ${k.k_email} AND c.id > ${k.k_id}))`;
    case 'accessStatus':
      return sql<SqlBool>`(${rank} < ${k.k_rank} OR (${rank} = ${k.k_rank} AND (c.name_key < ${k.k_name} OR (c.name_key = ${k.k_name} AND c.id < ${k.k_id}))))`;
    case '-accessStatus':
      return sql<SqlBool>`(${rank} > ${k.k_rank} OR (${rank} = ${k.k_rank} AND (c.name_key < ${k.k_name} OR (c.name_key = ${k.k_name} AND c.id < ${k.k_id}))))`;
  }
}

const COLUMNS = [
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
type ListPage = { items: Contact[]; total: number; offset: number; lastSeq: number | null };

interface TermQuery {
  kind: TermKind;
  prefix: string;
}

/** What `q` looks for: words of the name starting with `nameKey(q)` (none when it is empty), addresses starting with `emailKey(q)`. */
/** A client with more accesses than this is searched with a status filter through its contacts (searchAccesses()). */
const MAX_ACCESSES = 50_000;

/** How many accesses the client has, counted up to `MAX_ACCESSES + 1`. */
function accessCount(clientCode: string) {
  return sql<number>`(SELECT count(*) FROM (SELECT 1 FROM accesses WHERE client_code = ${clientCode} LIMIT ${MAX_ACCESSES + 1}) t)`;
}

function termQueries(q: string): TermQuery[] {
  const name = nameKey(q);
  const email: TermQuery = { kind: 'e', prefix: emailKey(q) };
  return name === '' ? [email] : [{ kind: 'n', prefix: name }, email];
}

export class ContactRepository {
  private readonly buckets: ListBuckets;

  private readonly statuses: StatusList;

  private readonly sortLimit: number;

  constructor(
    private readonly store: Store,
    options: {
      /** Contacts per bucket of a big client's list (list-buckets.ts). */
      bucketSize?: number;
      /**
       * Up to this many matches, a search's page is sorted rather than read in name order; up to ten
       * times as many, too, when they are fewer than a quarter of the rows of the query's head (search()).
       */
      sortLimit?: number;
    } = {},
  ) {
    this.buckets = new ListBuckets(store, options.bucketSize ?? 1000);
    this.statuses = new StatusList(store, this.buckets);
    this.sortLimit = options.sortLimit ?? 1000;
  }

  /** Cuts a big client's list into buckets now (after a bulk seed) rather than at its first page. */
  prepareList(clientCode: string): Promise<boolean> {
    return this.buckets.build(clientCode);
  }

  /** The contact as the API shows it, with its access status at `now`. */
  async get(clientCode: string, id: number, now: Date): Promise<Contact | undefined> {
    const row = await this.withStatus(now).where('c.client_code', '=', clientCode).where('c.id', '=', id).executeTakeFirst();
    return row ? toContact(row) : undefined;
  }

  /** The contacts `c` as the API shows them: joined to their access `a`, with its status at `now`. */
  private withStatus(now: Date) {
    return this.store.db
      .selectFrom('contacts as c')
      .leftJoin('accesses as a', 'a.contact_id', 'c.id')
      .select([...COLUMNS, accessStatusSql(now).as('access_status')]);
  }

  async getRow(clientCode: string, id: number): Promise<ContactRow | undefined> {
    return this.store.db.selectFrom('contacts as c').select(COLUMNS).where('c.client_code', '=', clientCode).where('c.id', '=', id).executeTakeFirst();
  }

  /** The contact `id`, whatever its client. */
  async byId(id: number): Promise<ContactRow | undefined> {
    return this.store.db.selectFrom('contacts as c').select(COLUMNS).where('c.id', '=', id).executeTakeFirst();
  }

  /** Inserts the contact and its words (one transaction); returns its id. */
  async insert(clientCode: string, fields: ContactFields, now: Date): Promise<number> {
    return this.store.transaction(async () => {
      await this.buckets.lock(clientCode);
      const at = now.toISOString();
      const values = keyed(fields);
      const row = await this.store.db
        .insertInto('contacts')
        .values({ ...values, client_code: clientCode, version: 1, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeTerms(clientCode, row.id, values.name_key, values.email_key);
      await this.countTerms(termCountRows(clientCode, values.name_key, values.email_key, 1));
      await this.buckets.count(clientCode, { name: values.name_key, email: values.email_key }, row.id, 1);
      return row.id;
    });
  }

  /**
   * Replaces the contact's fields. `version`: only if the row is still at
   * that version (the If-Match the caller checked), atomically — false when it
   * is not (another request, on any instance, changed or deleted it).
   */
  async update(id: number, fields: ContactFields, now: Date, version?: number): Promise<boolean> {
    return this.store.transaction(async () => {
      const before = await this.keysOf(id);
      if (!before) return false;
      const values = keyed(fields);
      const updated = await this.store.db
        .updateTable('contacts')
        .set({ ...values, version: sql`version + 1`, updated_at: now.toISOString() })
        .where('id', '=', id)
        .$if(version !== undefined, (qb) => qb.where('version', '=', version!))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      if (before.name_key === values.name_key && before.email_key === values.email_key) return true;
      await this.store.db.updateTable('accesses').set({ name_key: values.name_key, email_key: values.email_key }).where('contact_id', '=', id).execute();
      await this.store.db.deleteFrom('contact_terms').where('contact_id', '=', id).execute();
      await this.writeTerms(before.client_code, id, values.name_key, values.email_key);
      await this.countTerms([
        ...termCountRows(before.client_code, before.name_key, before.email_key, -1),
        ...termCountRows(before.client_code, values.name_key, values.email_key, 1),
      ]);
      await this.buckets.count(before.client_code, { name: before.name_key, email: before.email_key }, id, -1);
      await this.buckets.count(before.client_code, { name: values.name_key, email: values.email_key }, id, 1);
      return true;
    });
  }

  /** Deletes the contact (its search rows go with it); `version` as for `update`. */
  async delete(id: number, version?: number): Promise<boolean> {
    return this.store.transaction(async () => {
      const before = await this.keysOf(id);
      if (!before) return false;
      const deleted = await this.store.db
        .deleteFrom('contacts')
        .where('id', '=', id)
        .$if(version !== undefined, (qb) => qb.where('version', '=', version!))
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      // (its contact_terms rows go by ON DELETE CASCADE)
      await this.countTerms(termCountRows(before.client_code, before.name_key, before.email_key, -1));
      await this.buckets.count(before.client_code, { name: before.name_key, email: before.email_key }, id, -1);
      return true;
    });
  }

  /** The sort keys of a contact, its client's list locked (list-buckets.ts) until the transaction ends. */
  private async keysOf(id: number) {
    const row = await this.store.db.selectFrom('contacts').select(['client_code', 'name_key', 'email_key']).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    await this.buckets.lock(row.client_code);
    return row;
  }

  /** Adds the changes to `contact_term_counts` (search-terms.ts), one statement. */
  private async countTerms(changes: ReturnType<typeof termCountRows>): Promise<void> {
    const merged = new Map<string, (typeof changes)[number]>();
    for (const c of changes) {
      const key = `${c.kind}${c.prefix}`;
      const seen = merged.get(key);
      merged.set(key, seen ? { ...seen, n: seen.n + c.n } : c);
    }
    const rows = [...merged.values()].filter((c) => c.n !== 0);
    if (rows.length === 0) return;
    await this.store.db
      .insertInto('contact_term_counts')
      .values(rows)
      .onConflict((oc) => oc.columns(['client_code', 'kind', 'prefix']).doUpdateSet({ n: sql`contact_term_counts.n + excluded.n` }))
      .execute();
  }

  private async writeTerms(clientCode: string, id: number, nameKey: string, emailKey: string): Promise<void> {
    await this.store.db.insertInto('contact_terms').values(termRows(clientCode, id, nameKey, emailKey)).execute();
  }

  /** How many of the client's contacts were created before this one (0 for the first). */
  async rank(clientCode: string, id: number): Promise<number> {
    const row = await this.store.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_code', '=', clientCode)
      .where('id', '<', id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * One page of a client's contacts: filtered, sorted and paged in SQL, the
   * status by a join. With `around` (a contact id) the page is the one that
   * has that contact in its middle (`offset` = its index − ⌊limit/2⌋, at
   * least 0); undefined when that contact is not in the filtered list.
   */
  async list(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | undefined> {
    const bucketed = await this.listByBuckets(clientCode, query, now);
    if (bucketed !== null) return bucketed;
    const byStatus = await this.listByStatus(clientCode, query, now);
    if (byStatus !== null) return byStatus;
    const searched =
      (await this.search(clientCode, query, now)) ?? (await this.searchAccesses(clientCode, query, now)) ?? (await this.searchByStatus(clientCode, query, now));
    if (searched !== null) return searched;
    let offset = query.offset;
    if (query.around !== undefined) {
      const index = await this.indexOf(clientCode, query, now, query.around);
      if (index === undefined) return undefined;
      offset = Math.max(0, index - Math.floor(query.limit / 2));
    }
    const counted = await this.filtered(clientCode, query, now)
      .select((eb) => [eb.fn.countAll<number>().as('total'), listedSeqSql(clientCode).as('last_seq')])
      .executeTakeFirstOrThrow();
    const total = Number(counted.total);
    const rows =
      total > offset
        ? await this.filtered(clientCode, query, now)
            .select([...COLUMNS, accessStatusSql(now).as('access_status'), statusRankSql(now).as('status_rank')])
            .orderBy(sql.raw(ORDER_BY[query.sort]))
            .limit(query.limit)
            .offset(offset)
            .execute()
        : [];
    return { items: rows.map(toContact), total, offset, lastSeq: seqOf(counted.last_seq) };
  }

  /**
   * The whole list of a big client (no filter) in name or e-mail order, by
   * its buckets (list-buckets.ts), in one statement (`ListBuckets.page`): the
   * bucket holding the offset, the steps of the covering index to the page's
   * first contact, the page by keyset. Null when they do not apply (a filter,
   * the status order, a small client).
   */
  private async listByBuckets(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | undefined | null> {
    if (query.q.trim() !== '' || query.accessStatus || query.branch) return null;
    const match = /^(-?)(name|email)$/.exec(query.sort);
    if (!match) return null;
    const descending = match[1] === '-';
    const sort = match[2] as BucketSort;
    let offset = query.offset;
    if (query.around !== undefined) {
      const target = await this.store.db.selectFrom('contacts').select(['name_key', 'email_key']).where('client_code', '=', clientCode).where('id', '=', query.around).executeTakeFirst();
      if (!target) return undefined;
      const place = await this.buckets.rank(clientCode, sort, sort === 'name' ? target.name_key : target.email_key, query.around);
      if (place === undefined) return null;
      const index = descending ? place.total - 1 - place.rank : place.rank;
      offset = Math.max(0, index - Math.floor(query.limit / 2));
    }
    const columns = sql.join([...COLUMNS.map((c) => sql.ref(c)), sql`${accessStatusSql(now)} AS access_status`]);
    const read = () =>
      this.buckets.page<ContactRow & { access_status: AccessStatus }>(clientCode, sort, descending, offset, query.limit, columns, listedSeqSql(clientCode));
    // No buckets yet: built now for a client big enough (else the general path), then read.
    const page = (await read()) ?? ((await this.buckets.total(clientCode, sort)) === undefined ? undefined : await read());
    return page ? { items: page.rows.map(toContact), total: page.total, offset, lastSeq: page.stamp } : null;
  }

  /**
   * A big client's contacts without access (the `none` filter), or all of them in status order, from its
   * buckets less its accesses in another status (status-list.ts), then the page's contacts by id. Null
   * when it does not apply (a search, a branch, `around`, a client too small or with many accesses).
   */
  private async listByStatus(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | null> {
    const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
    if (query.q.trim() !== '' || query.branch || query.around !== undefined) return null;
    if (query.accessStatus !== 'none' && !(query.accessStatus === undefined && statusOrder)) return null;
    // (contacts all in status none are in name order whichever way their status is sorted)
    const sort = query.accessStatus === 'none' && statusOrder ? 'name' : query.sort;
    const found = await this.statuses.page(clientCode, { ...query, sort }, now, listedSeqSql(clientCode));
    if (!found) return null;
    return { items: await this.byIds(found.ids, now), total: found.total, offset: query.offset, lastSeq: found.stamp };
  }

  /**
   * A search (`q`) in name or e-mail order, no other filter: counted and paged in the
   * search index alone (search-terms.ts), then the page's contacts joined
   * to it. Many matches: the page is read in name order from the rows of the
   * query's head (a merge of the name and address ranges, stopped at the
   * page's end); few: the matches are sorted. A query shorter than the head
   * with many matches tests the first contacts of the list in order
   * (walk()), and sorts its matches when they are not among them. Not that
   * many (up to ten times `sortLimit`) but a small part of their head's
   * rows, as a long query's are, are sorted too: reading in
   * order would step over the head's rows that sort before them ("juliette.f",
   * 1,205 matches among the 27,778 rows of "jul": 10-18 ms walking, 4-5
   * sorting, PostgreSQL at 1,000,000 contacts). In e-mail order, the list
   * is walked in that order when the matches are many, else they are sorted
   * by address. Null when it does not apply (no `q`, a filter, the status
   * order, `around`).
   */
  private async search(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | null> {
    const q = query.q.trim();
    if (q === '' || query.accessStatus || query.branch || query.around !== undefined) return null;
    const found = await this.searched(clientCode, q, query.sort, now);
    if (!found) return null;
    const rows = found.total > query.offset ? await found.page(query.offset, query.limit) : [];
    return { items: rows.map(toContact), total: found.total, offset: query.offset, lastSeq: found.lastSeq };
  }

  /**
   * The matches of `q` in `sort` order (name or e-mail, either way; search()): counted, with the last
   * live event, in one statement, then any page of them (its contacts and their sort key `k`) in one or
   * two more. Null for another order.
   */
  private async searched(clientCode: string, q: string, sort: ContactSort, now: Date) {
    const order = /^(-?)(name|email)$/.exec(sort);
    if (!order) return null;
    const key = order[2] === 'email' ? 'email_key' : 'name_key';
    const parts = termQueries(q);
    // Both parts and the heads of the longer ones counted in one statement (with the last live event), then the
    // page read with its contacts in a second.
    const count = (p: TermQuery) => sql<number>`coalesce((${this.countRange(clientCode, p, parts.length > 1)}), 0)`;
    const longer = (p: TermQuery) => length(p.prefix) > HEAD;
    // A part shorter than the head, or the e-mail order: the client's contacts counted too (its list's buckets; none,
    // so 0, for a small client).
    const short = parts.some((p) => length(p.prefix) < HEAD);
    const counted: Record<string, number | null> = await this.store.db
      .selectNoFrom([
        ...parts.map((p, i) => count(p).as(`n${i}`)),
        ...parts.flatMap((p, i) => (longer(p) ? [count({ kind: p.kind, prefix: headOf(p.prefix) }).as(`h${i}`)] : [])),
        ...(short || key === 'email_key' ? [ListBuckets.totalSql(clientCode, 'name').as('contacts')] : []),
        listedSeqSql(clientCode).as('last_seq'),
      ])
      .executeTakeFirstOrThrow();
    const counts = parts.map((_, i) => Number(counted[`n${i}`]));
    // The rows of the heads of the parts that have matches (a part no longer than its head is its head).
    const heads = parts.reduce((sum, p, i) => sum + (counts[i]! === 0 ? 0 : longer(p) ? Number(counted[`h${i}`]) : counts[i]!), 0);
    const total = counts.reduce((a, b) => a + b, 0);
    const lastSeq = seqOf(counted['last_seq']);
    const direction = order[1] === '-' ? 'desc' : 'asc';
    // The page's contacts, from the ids and sort keys `k` of a page in order.
    const read = (page: AliasableExpression<{ contact_id: number; k: string }>) =>
      this.store.db
        .selectFrom(page.as('p'))
        .innerJoin('contacts as c', 'c.id', 'p.contact_id')
        .leftJoin('accesses as a', 'a.contact_id', 'c.id')
        .select([...COLUMNS, accessStatusSql(now).as('access_status'), 'p.k'])
        .orderBy('p.k', direction)
        .orderBy('p.contact_id', direction)
        .execute();
    const contacts = Number(counted['contacts'] ?? 0);
    // Only the parts that have matches (an address range whose every row repeats a name is not read again).
    const parted = parts.filter((_, i) => counts[i]! > 0);
    const page = async (offset: number, limit: number) => {
      if (total <= offset) return [];
      // Many matches: the first contacts of the list in the page's order are read and tested, four times as many as
      // the page would need if the matches were spread evenly. In name order, for a query shorter than the head ("b":
      // 221,678 of 1,000,000 contacts, sorted in 80-150 ms on PostgreSQL), when that is fewer than half the matches;
      // in e-mail order, for any query, when that is fewer than four times the matches (there, walking a contact
      // costs about a tenth of sorting a match: 0.33 and 3.4 µs on PostgreSQL at 1,000,000 contacts). Matches
      // gathered further on (the names that start with "z"; a first name, in addresses `first.last@`) leave the page
      // short: the matches are then sorted.
      const byEmail = key === 'email_key';
      const reach = byEmail ? 4 * total : Math.ceil((4 * (offset + limit) * contacts) / total);
      if (contacts > 0 && total > this.sortLimit && (byEmail || (short && 2 * reach < total))) {
        const rows = await read(this.walk(clientCode, parted, key, direction, reach).limit(limit).offset(offset));
        if (rows.length === Math.min(limit, total - offset)) return rows;
      }
      if (byEmail) return read(this.sortedByEmail(clientCode, parted, direction).limit(limit).offset(offset));
      const inOrder = total > this.sortLimit && parted.every((p) => length(p.prefix) >= HEAD) && (total > 10 * this.sortLimit || 4 * total >= heads);
      const [first, second] = parted
        .map((p) =>
          inOrder
            ? // The head's rows in name order; the prefix compared as text, not as a range that would lead the planners to the primary key and a sort.
              this.termRows(clientCode, p)
                .where('head', '=', headOf(p.prefix))
                .where(sql`substr(term, 1, ${length(p.prefix)})`, '=', p.prefix)
            : this.termRange(clientCode, p),
        )
        .map((qb) => qb.select(['contact_id', 'name_key as k']));
      return read(
        (second ? first!.unionAll(second) : first!)
          .orderBy('k', direction)
          .orderBy('contact_id', direction)
          .limit(limit)
          .offset(offset),
      );
    };
    return { total, lastSeq, page };
  }

  /**
   * A search (`q`) with a status filter that needs an access (any but `none`), of a client with up to
   * `MAX_ACCESSES` accesses: those in that status whose keys (an access carries its contact's, migration
   * 14) match the query, counted, then the page with its contacts, in the list's order (the status order,
   * one status: name order). Where every match was looked at: "m" and "active" (1,397 of 232,647 matches
   * at 1,000,000 contacts) 0.74 s on PostgreSQL. Null when it does not apply.
   */
  private async searchAccesses(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | null> {
    const q = query.q.trim();
    const status = query.accessStatus;
    if (q === '' || status === undefined || status === 'none' || query.branch || query.around !== undefined) return null;
    const key = query.sort.endsWith('email') ? 'a.email_key' : 'a.name_key';
    const direction = query.sort === '-name' || query.sort === '-email' ? 'desc' : 'asc';
    const found = this.accessesMatching(clientCode, q).where(accessStatusSql(now), '=', status);
    const head = await this.store.db
      .selectNoFrom([
        sql<number | null>`CASE WHEN ${accessCount(clientCode)} <= ${MAX_ACCESSES} THEN (${found.select((eb) => eb.fn.countAll().as('n'))}) END`.as('total'),
        listedSeqSql(clientCode).as('last_seq'),
      ])
      .executeTakeFirstOrThrow();
    if (head.total === null) return null;
    const total = Number(head.total);
    const rows =
      total > query.offset
        ? await found
            .innerJoin('contacts as c', 'c.id', 'a.contact_id')
            .select([...COLUMNS, accessStatusSql(now).as('access_status')])
            .orderBy(key, direction)
            .orderBy('a.contact_id', direction)
            .limit(query.limit)
            .offset(query.offset)
            .execute()
        : [];
    return { items: rows.map(toContact), total, offset: query.offset, lastSeq: seqOf(head.last_seq) };
  }

  /**
   * A search (`q`) with the `none` filter, or in status order (no filter), of a client with up to
   * `MAX_ACCESSES` accesses: its matches (searched()) less those whose access is in another status (read
   * as searchAccesses() does), paged as the whole list is in status-list.ts (`statusPage`), then the
   * page's contacts by id. Where every match was looked at: "m" in status order (232,647 matches at
   * 1,000,000 contacts) 2 s on PostgreSQL. Null when it does not apply.
   */
  private async searchByStatus(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | null> {
    const q = query.q.trim();
    const statusOrder = query.sort === 'accessStatus' || query.sort === '-accessStatus';
    if (q === '' || query.branch || query.around !== undefined) return null;
    if (query.accessStatus !== 'none' && !(query.accessStatus === undefined && statusOrder)) return null;
    // (contacts all in status none are in name order whichever way their status is sorted)
    const sort = query.accessStatus === 'none' && statusOrder ? 'name' : query.sort;
    const found = await this.searched(clientCode, q, statusOrder ? 'name' : sort, now);
    if (!found) return null;
    const { accesses } = await this.store.db.selectNoFrom(accessCount(clientCode).as('accesses')).executeTakeFirstOrThrow();
    if (Number(accesses) > MAX_ACCESSES) return null;
    const key = sort.endsWith('email') ? 'a.email_key' : 'a.name_key';
    const others = await this.accessesMatching(clientCode, q)
      .where(accessStatusSql(now), '<>', 'none')
      .select(['a.contact_id as id', sql<string>`${sql.ref(key)}`.as('k'), accessStatusSql(now).as('status')])
      .orderBy(key)
      .orderBy('a.contact_id')
      .execute();
    const read = async (p: number, count: number) => (await found.page(p, count)).map((r) => ({ id: Number(r.id), k: r.k }));
    const { ids, total } = await statusPage(
      { ...query, sort },
      found.total,
      others.map((o) => ({ id: Number(o.id), k: o.k, status: o.status })),
      read,
    );
    return { items: await this.byIds(ids, now), total, offset: query.offset, lastSeq: found.lastSeq };
  }

  /** The client's accesses `a` whose keys (their contacts') match `q`. */
  private accessesMatching(clientCode: string, q: string) {
    return this.store.db.selectFrom('accesses as a').where('a.client_code', '=', clientCode).where(this.matches(termQueries(q), 'a'));
  }

  /** The contacts `ids`, in that order (one deleted since its id was read is left out). */
  private async byIds(ids: number[], now: Date): Promise<Contact[]> {
    const rows = ids.length === 0 ? [] : await this.withStatus(now).where('c.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => (byId.has(id) ? [toContact(byId.get(id)!)] : []));
  }

  /** The matches of a query's `parts`, their ids and addresses (`k`), in e-mail order (`direction`). */
  private sortedByEmail(clientCode: string, parts: TermQuery[], direction: 'asc' | 'desc') {
    const [first, second] = parts.map((p) => this.termRange(clientCode, p).select('contact_id'));
    return this.store.db
      .selectFrom((second ? first!.unionAll(second) : first!).as('m'))
      .innerJoin('contacts as e', 'e.id', 'm.contact_id')
      .select(['m.contact_id', 'e.email_key as k'])
      .orderBy('k', direction)
      .orderBy('m.contact_id', direction);
  }

  /**
   * The client's contacts among its first `reach` in the order of `key` (`direction`) that match the query
   * (a word of the name starts with its name part, or the address with its address part: the search
   * index's rule, tested on the contact's keys), in that order: a range of a covering index of the
   * client's contacts. Their ids and sort keys (`k`).
   */
  private walk(clientCode: string, parts: TermQuery[], key: 'name_key' | 'email_key', direction: 'asc' | 'desc', reach: number) {
    const first = this.store.db
      .selectFrom('contacts as c')
      .select(['c.id', 'c.name_key', 'c.email_key'])
      .where('c.client_code', '=', clientCode)
      .orderBy(`c.${key}`, direction)
      .orderBy('c.id', direction)
      .limit(reach);
    return this.store.db
      .selectFrom(first.as('w'))
      .select([`w.id as contact_id`, `w.${key} as k`])
      .where(this.matches(parts, 'w'))
      .orderBy(`w.${key}`, direction)
      .orderBy('w.id', direction);
  }

  /**
   * Whether the keys `name_key` and `email_key` of the rows `alias` match the query: a word of the name
   * starts with its name part, or the address with its address part (the search index's rule).
   */
  private matches(parts: TermQuery[], alias: string) {
    const starts = (column: string, prefix: string) => sql<SqlBool>`substr(${sql.ref(column)}, 1, ${length(prefix)}) = ${prefix}`;
    const contains = (column: string, text: string) =>
      this.store.engine === 'sqlite' ? sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0` : sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`;
    const tests = parts.flatMap((p) =>
      p.kind === 'n' ? [starts(`${alias}.name_key`, p.prefix), contains(`${alias}.name_key`, ` ${p.prefix}`)] : [starts(`${alias}.email_key`, p.prefix)],
    );
    return sql<SqlBool>`(${sql.join(tests, sql` OR `)})`;
  }

  /**
   * The rows of the search index that match one part of a query; `once`:
   * without the rows that repeat a contact, so that each contact is one row.
   */
  private termRange(clientCode: string, part: TermQuery, once = true) {
    return this.termRows(clientCode, part, once).where('term', '>=', part.prefix).where('term', '<', part.prefix + TOP);
  }

  /**
   * The count of the contacts one part of a query matches (its rows that do
   * not repeat their contact), as a query of one row and column (none when
   * `contact_term_counts` has no row). The addresses of a query with a name part: those
   * whose repeats end before the query's length, one range of the partial
   * index `contact_terms_email_once` per length, so that the addresses that
   * repeat a name (the usual `first.last@`) are not read at all.
   */
  private countRange(clientCode: string, part: TermQuery, withName: boolean) {
    if (length(part.prefix) <= COUNTED) {
      // (the address rows of a query with a name part: no repeat for its length is the same rule, search-terms.ts)
      return this.store.db
        .selectFrom('contact_term_counts')
        .select('n')
        .where('client_code', '=', clientCode)
        .where('kind', '=', part.kind)
        .where('prefix', '=', part.prefix);
    }
    if (part.kind === 'e' && withName) {
      const below = Array.from({ length: length(part.prefix) }, (_, i) => i);
      // SQLite, without statistics, would rather take the primary key's range: it is told which index (PostgreSQL takes it).
      const index = this.store.engine === 'sqlite' ? sql` INDEXED BY contact_terms_email_once` : sql``;
      return sql<number>`
        SELECT count(*) AS n FROM contact_terms${index}
        WHERE client_code = ${clientCode} AND kind = 'e' AND dup_to IN (${sql.join(below)})
          AND term >= ${part.prefix} AND term < ${part.prefix + TOP}`;
    }
    return this.termRange(clientCode, part).select((eb) => eb.fn.countAll<number>().as('n'));
  }

  /** The rows of the search index of one kind, without the repeats for this query's length when `once`. */
  private termRows(clientCode: string, { kind, prefix }: TermQuery, once = true) {
    const m = length(prefix);
    return this.store.db
      .selectFrom('contact_terms')
      .where('client_code', '=', clientCode)
      .where('kind', '=', kind)
      .$if(once, (qb) => qb.where((eb) => eb.or([eb('dup_from', '>', m), eb('dup_to', '<', m)])));
  }

  /** The position of contact `id` in the filtered, sorted list: how many come before it. */
  private async indexOf(clientCode: string, query: ContactListQuery, now: Date, id: number): Promise<number | undefined> {
    const found = await this.filtered(clientCode, query, now)
      .select([
        'c.id as k_id',
        'c.name_key as k_name',
        'c.email_key as k_email',
        statusRankSql(now).as('k_rank'),
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!found) return undefined;
    const row = await this.filtered(clientCode, query, now)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(before(query.sort, found, now))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The client's contacts (joined to their access) that pass the query's filters. */
  private filtered(clientCode: string, query: ContactListQuery, now: Date) {
    const q = query.q.trim();
    const branch = query.branch;
    const byAccesses = query.accessStatus !== undefined && query.accessStatus !== 'none';
    return this.store.db
      .selectFrom('contacts as c')
      .leftJoin('accesses as a', 'a.contact_id', 'c.id')
      // Read from the client's accesses (below), the client is checked on each contact, not looked up in the
      // contacts' index: as an expression, the planners do not start from every contact of the client.
      .where(byAccesses ? sql`c.client_code || ''` : sql.ref('c.client_code'), '=', clientCode)
      .$if(q !== '', (qb) =>
        qb.where('c.id', 'in', () => {
          const [first, second] = termQueries(q).map((p) => this.termRange(clientCode, p, false).select('contact_id'));
          return second ? first!.unionAll(second) : first!;
        }),
      )
      // `none`: every contact of the client looked at (most have no access). Any other status needs an access: the
      // client's accesses in that status (an index of the client's accesses), 0.4-0.5 → 0.05 s at 1,000,000 contacts.
      .$if(query.accessStatus === 'none', (qb) => qb.where(accessStatusSql(now), '=', 'none'))
      .$if(byAccesses, (qb) =>
        qb.where('c.id', 'in', (eb) =>
          eb.selectFrom('accesses as a').select('a.contact_id').where('a.client_code', '=', clientCode).where(accessStatusSql(now), '=', query.accessStatus!),
        ),
      )
      .$if(branch !== undefined, (qb) =>
        // A branch-limited session: the contacts whose access is limited to its branch, and itself (auth/authorize.ts applies the same rule to one contact).
        qb.where((eb) => eb.or([eb('c.id', '=', branch!.selfId), eb('a.branch_id', '=', branch!.branchId)])),
      );
  }
}

/** A stamp read by `listedSeqSql` (PostgreSQL answers a bigint as a number, SQLite a number; null: no client). */
function seqOf(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function keyed(fields: ContactFields) {
  return { ...fields, name_key: nameKey(fields.name), email_key: emailKey(fields.email) };
}

function toContact(row: ContactRow & { access_status: AccessStatus }): Contact {
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
