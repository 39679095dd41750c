/**
 * A client's contacts that match a search (`q`): counted and paged from the
 * search index (search-terms.ts), the list's covering indexes and the
 * client's accesses, without looking at every match (server/README.md,
 * Search). `page()` answers the page of a list query with a `q` when one of
 * its ways applies (null: the general way of contacts.ts, which selects the
 * matches with `matchingIds()` and lets SQL filter and sort them).
 */
import { type AliasableExpression, type SqlBool, sql } from 'kysely';
import type { ContactSort } from '../../src/api/types.js';
import type { Store } from '../db/database.js';
import { emailKey, nameKey } from '../text.js';
import { STATUS_COLUMNS, accessStatusSql } from './access.js';
import { type ListedAccess, type WithAccesses, accessPage } from './access-list.js';
import { COLUMNS, type ListPage, byIds, seqOf, toContact } from './contact-rows.js';
import type { ContactListQuery } from './contacts.js';
import { listedSeqSql } from './events.js';
import { ListBuckets } from './list-buckets.js';
import { COUNTED, HEAD, TOP, type TermKind, headOf, length } from './search-terms.js';
import { type Around, MAX_ACCESSES, aroundTarget, statusListSort, statusPage } from './status-list.js';
import { OthersList } from './status-others.js';

interface TermQuery {
  kind: TermKind;
  prefix: string;
}

/** What `q` looks for: words of the name starting with `nameKey(q)` (none when it is empty), addresses starting with `emailKey(q)`. */
function termQueries(q: string): TermQuery[] {
  const name = nameKey(q);
  const email: TermQuery = { kind: 'e', prefix: emailKey(q) };
  return name === '' ? [email] : [{ kind: 'n', prefix: name }, email];
}

export class ContactSearch {
  constructor(
    private readonly store: Store,
    /**
     * Up to this many matches, a search's page is sorted rather than read in name order; up to ten
     * times as many, too, when they are fewer than a quarter of the rows of the query's head (search()).
     */
    private readonly sortLimit: number,
  ) {}

  /**
   * The page of a list query with a `q`, when one of the ways below applies (`around`: without a status
   * filter or with `none`; undefined when that contact is not in the list); null otherwise.
   */
  async page(clientCode: string, query: ContactListQuery, now: Date): Promise<ListPage | undefined | null> {
    const q = query.q.trim();
    if (q === '' || query.branch) return null;
    if (query.around !== undefined) return (await this.search(clientCode, q, query, now)) ?? (await this.searchByStatus(clientCode, q, query, now));
    return (
      (await this.search(clientCode, q, query, now)) ?? (await this.searchAccesses(clientCode, q, query, now)) ?? (await this.searchByStatus(clientCode, q, query, now))
    );
  }

  /** The ids (`contact_id`) of the client's contacts that match `q`, as a subquery (a contact may come twice). */
  matchingIds(clientCode: string, q: string) {
    const [first, second] = termQueries(q).map((p) => this.termRange(clientCode, p, false).select('contact_id'));
    return second ? first!.unionAll(second) : first!;
  }

  /**
   * A search (`q`) in name or e-mail order, no other filter: counted and paged in the
   * search index alone (search-terms.ts), then the page's contacts joined
   * to it. Many matches: the page is read in the list's order from the rows of
   * the query's head (a merge of the name and address ranges, stopped at the
   * page's end; an index of the head's rows in each order); few: the matches
   * are sorted. A query shorter than the head with many matches tests the
   * first contacts of the list in order (walk()), and sorts its matches when
   * they are not among them. Not that many (up to ten times `sortLimit`) but
   * a small part of their head's rows, as a long query's are, are sorted too:
   * reading in order would step over the head's rows that sort before them
   * ("juliette.f", 1,205 matches among the 27,778 rows of "jul": 10-18 ms
   * walking, 4-5 sorting, PostgreSQL at 1,000,000 contacts). Null with a
   * filter or in the status order.
   */
  private async search(clientCode: string, q: string, query: ContactListQuery, now: Date): Promise<ListPage | undefined | null> {
    if (query.accessStatus) return null;
    const found = await this.searched(clientCode, q, query.sort, now);
    if (!found) return null;
    let offset = query.offset;
    if (query.around !== undefined) {
      const index = await found.rank(query.around);
      if (index === undefined) return undefined;
      offset = Math.max(0, index - Math.floor(query.limit / 2));
    }
    const rows = found.total > offset ? await found.page(offset, query.limit) : [];
    return { items: rows.map(toContact), total: found.total, offset, lastSeq: found.lastSeq };
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
    // The ids and sort keys alone, for a page of statusPage (whose contacts are read once it is known).
    const keys = (page: AliasableExpression<{ contact_id: number; k: string }>) =>
      this.store.db.selectFrom(page.as('p')).select(['p.contact_id as id', 'p.k']).orderBy('p.k', direction).orderBy('p.contact_id', direction).execute();
    // The page at `offset`, its rows read by `run` (`read` or `keys`).
    const ordered = async <R>(offset: number, limit: number, run: (page: AliasableExpression<{ contact_id: number; k: string }>) => Promise<R[]>) => {
      if (total <= offset) return [];
      // Many matches of a query of a head or more: the head's rows in the page's order. Many of a shorter one: the
      // first contacts of the list in the page's order are read and tested. In name order ("b": 221,678 of 1,000,000
      // contacts, sorted in 80-150 ms on PostgreSQL), four times as many as the page would need if the matches were
      // spread evenly, when that is fewer than half the matches. In e-mail order, as many as the matches at most, when
      // the page would need no more if they were spread evenly: walking a contact costs about what sorting a match
      // does (the index rows carry the address: 0.3 µs on PostgreSQL at 1,000,000 contacts), so a walk that finds too
      // few costs at most the sort after it. Not four times the page's share there: the addresses start with first
      // names, so "m" has few matches among the first contacts (the "aaron." addresses) and its first page was sorted,
      // 40-100 ms on SQLite. Matches gathered further on (the names that start with "z"; a first name, in addresses
      // `first.last@`) leave the page short: the matches are then sorted.
      const byEmail = key === 'email_key';
      const inOrder = total > this.sortLimit && parted.every((p) => length(p.prefix) >= HEAD) && (total > 10 * this.sortLimit || 4 * total >= heads);
      const spread = ((offset + limit) * contacts) / total;
      const reach = byEmail ? total : Math.ceil(4 * spread);
      if (!inOrder && contacts > 0 && total > this.sortLimit && (byEmail ? spread <= total : short && 2 * reach < total)) {
        const rows = await run(this.walk(clientCode, parted, key, direction, reach).limit(limit).offset(offset));
        if (rows.length === Math.min(limit, total - offset)) return rows;
      }
      const [first, second] = parted
        .map((p) =>
          inOrder
            ? // The head's rows in the page's order; the prefix compared as text, not as a range that would lead the planners to the primary key and a sort.
              this.termRows(clientCode, p)
                .where('head', '=', headOf(p.prefix))
                .where(sql`substr(term, 1, ${length(p.prefix)})`, '=', p.prefix)
            : this.termRange(clientCode, p),
        )
        .map((qb) => qb.select(['contact_id', `${key} as k`]));
      return run(
        (second ? first!.unionAll(second) : first!)
          .orderBy('k', direction)
          .orderBy('contact_id', direction)
          .limit(limit)
          .offset(offset),
      );
    };
    /**
     * Where the contact `id` stands among the matches: how many come before it (undefined when it is not
     * one). The rows of the ranges before its key (they carry `name_key` and `email_key`), a count as long
     * as the matches before it.
     */
    const rank = async (id: number) => {
      const target = await this.store.db
        .selectFrom('contacts as c')
        .select(['c.name_key', 'c.email_key'])
        .where('c.client_code', '=', clientCode)
        .where('c.id', '=', id)
        .where(this.matches(parts, 'c'))
        .executeTakeFirst();
      if (!target || parted.length === 0) return undefined;
      const before = (k: string, i: string) => sql<SqlBool>`(${sql.ref(k)}, ${sql.ref(i)}) ${sql.raw(direction === 'asc' ? '<' : '>')} (${target[key]}, ${id})`;
      const counts = parted.map((p) => this.termRange(clientCode, p).where(before(key, 'contact_id')).select((eb) => eb.fn.countAll<number>().as('n')));
      const row: Record<string, number | string | null> = await this.store.db.selectNoFrom(counts.map((c, i) => c.as(`n${i}`))).executeTakeFirstOrThrow();
      return counts.reduce((sum, _, i) => sum + Number(row[`n${i}`]), 0);
    };
    const page = (offset: number, limit: number) => ordered(offset, limit, read);
    const keysOf = async (offset: number, limit: number) => (await ordered(offset, limit, keys)).map((r) => ({ id: Number(r.id), k: r.k }));
    return { total, lastSeq, page, keys: keysOf, rank };
  }

  /**
   * A search (`q`) with a status filter that needs an access (any but `none`): the accesses that match the
   * query (accessesMatching()) in that status, paged as a status filter of the whole list is
   * (access-list.ts). Null when it does not apply.
   */
  private async searchAccesses(clientCode: string, q: string, query: ContactListQuery, now: Date): Promise<ListPage | null> {
    const status = query.accessStatus;
    if (status === undefined || status === 'none') return null;
    return accessPage(this.accessesMatching(clientCode, q, now), clientCode, { ...query, status });
  }

  /**
   * A search (`q`) with the `none` filter, or in status order (no filter): its matches (searched()) less
   * those whose access is in another status (read as searchAccesses() does, up to `MAX_ACCESSES` of them),
   * paged as the whole list is in status-list.ts (`statusPage`), then the page's contacts by id. Where
   * every match was looked at: "m" in status order (232,647 matches at 1,000,000 contacts) 2 s on
   * PostgreSQL. Null when it does not apply.
   */
  private async searchByStatus(clientCode: string, q: string, query: ContactListQuery, now: Date): Promise<ListPage | undefined | null> {
    const sort = statusListSort(query);
    if (sort === null) return null;
    const key = sort.endsWith('email') ? 'email_key' : 'name_key';
    // (more accesses match than a page's work should hold: the general way of contacts.ts)
    const others = await this.accessesMatching(clientCode, q, now)
      .selectFrom('h')
      .where('h.status', '<>', 'none')
      .select(['h.contact_id as id', `h.${key} as k`, 'h.status'])
      .orderBy(`h.${key}`)
      .orderBy('h.contact_id')
      .limit(MAX_ACCESSES + 1)
      .execute();
    if (others.length > MAX_ACCESSES) return null;
    const found = await this.searched(clientCode, q, sort.endsWith('accessStatus') ? 'name' : sort, now);
    if (!found) return null;
    let around: Around | undefined;
    if (query.around !== undefined) {
      const target = await aroundTarget(this.store.db, clientCode, `c.${key}`, query.around, now);
      const before = target && (await found.rank(query.around));
      if (!target || before === undefined) return undefined;
      around = { target, before };
    }
    const matched = others.map((o) => ({ id: Number(o.id), k: o.k, status: o.status }));
    const descending = !sort.endsWith('accessStatus') && sort.startsWith('-');
    const page = await statusPage({ ...query, sort }, found.total, new OthersList(matched, descending), found.keys, around);
    return page && { items: await byIds(this.store.db, page.ids, now), total: page.total, offset: page.offset, lastSeq: found.lastSeq };
  }

  /**
   * The client's contacts that match `q` and have an access (`h`): their ids, sort keys and access status.
   * The ranges of the search index's rows of the contacts that have an access (`with_access`, a partial
   * index: about 1 row in 50 at 1,000,000 contacts with 20,000 accesses), which carry what the status
   * needs (migration 21, kept by the triggers on `accesses`). Reading every access of the client and
   * testing its keys took 10-11 ms on SQLite at 20,000 accesses, whatever the query; looking each match's
   * access up, 5 µs a match on PostgreSQL (2-3 ms of "bou"'s 527); this reads the matches' rows alone. A
   * materialized table of the query, read once for the count and the page.
   */
  private accessesMatching(clientCode: string, q: string, now: Date): WithAccesses {
    const [first, second] = termQueries(q).map((p) =>
      // (a literal, so that both planners know the partial index applies whatever the parameters)
      this.termRange(clientCode, p)
        .where(sql<SqlBool>`with_access = 1`)
        .select(['contact_id', 'name_key', 'email_key', ...STATUS_COLUMNS]),
    );
    return this.store.db.with(
      (cte) => cte('h').materialized(),
      (db) =>
        db
          .selectFrom((second ? first!.unionAll(second) : first!).as('m'))
          .select(['m.contact_id', 'm.name_key', 'm.email_key', accessStatusSql(now, 'm').as('status')])
          .$castTo<ListedAccess>(),
    );
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
}
