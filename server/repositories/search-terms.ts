/**
 * The search index (`contact_terms`): a search (`q`) is two ranges of one
 * index, counted and paged without reading the contacts.
 *
 * `q` matches a contact when a word of its name starts with `nameKey(q)`, or
 * its e-mail address with `emailKey(q)` (server/README.md, Search). The rows
 * of a contact: every word suffix of its folded name (`jean francois cote`,
 * `francois cote`, `cote`; kind `n`), and its folded address (kind `e`). A
 * match is then a row of the range `term >= q AND term < q || U+10FFFF`.
 *
 * A contact may match by several rows (two words starting alike, the name
 * and the address): each row carries the query lengths `m` (in characters)
 * for which it repeats a row of the same contact counted before it,
 * `dup_from <= m <= dup_to`, so that counting the rows that are not repeats
 * counts each contact once, with no DISTINCT and no join:
 * - a name row repeats the contact's previous name suffix (byte order) when
 *   the query is no longer than their common prefix: the suffixes a query
 *   matches are consecutive, and only the first one is counted;
 * - the address row repeats the name rows when the name part of the same
 *   query (`nameKey` of the address's first `m` characters) starts a word
 *   of the name: true from the first `m` where that is not empty up to a
 *   last one (the longer the query, the fewer words it starts).
 * Each row carries the contact's `name_key` and its term's first `HEAD`
 * characters (`head`): a second index, `(client, kind, head, name_key, id)`,
 * gives the matches of a query of `HEAD` characters or more in name order
 * (the rows of its head, filtered by the range), so that a page of a search
 * with many matches is read in order, not sorted.
 *
 * A query of up to `COUNTED` characters is counted from a third table,
 * `contact_term_counts`: for each prefix of that length of a row's term, how
 * many rows start with it and are no repeat for a query of its length; one
 * row read, where counting the range read every match (0.9 ms for the
 * 14,000 contacts named Tremblay of a million). The contact writes keep it
 * (`termCountRows`), a bulk seed and the migration rebuild it
 * (`termCountsInsert`). A longer query counts its range, which is small
 * unless many names share that much.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { wordsKey } from '../text.js';

export type TermKind = 'n' | 'e';

export interface SearchTerm {
  kind: TermKind;
  term: string;
  head: string;
  dup_from: number;
  dup_to: number;
}

/** The length of `head`. */
export const HEAD = 3;

/** The first `HEAD` characters of a term or a query. */
export function headOf(text: string): string {
  return Array.from(text).slice(0, HEAD).join('');
}

/** Above every character: `term >= q AND term < q + TOP` is `term LIKE 'q%'` as a range of an index. */
export const TOP = '\u{10FFFF}';

/** The word suffixes of a folded name: a query matches the start of a word when it is a prefix of one of them. */
export function nameSuffixes(key: string): string[] {
  const words = key.split(' ');
  return words.map((_, i) => words.slice(i).join(' '));
}

/** Compares as the databases do (byte by byte in UTF-8), not as JavaScript does (UTF-16 code units). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Length in characters (code points), as the query's length is measured. */
export function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The index rows of a contact, from its folded name and address. */
export function searchTerms(nameKey: string, emailKey: string): SearchTerm[] {
  const suffixes = [...new Set(nameSuffixes(nameKey).filter((s) => s !== ''))].sort(byteOrder);
  const rows: SearchTerm[] = suffixes.map((term, i) => ({ kind: 'n', term, head: headOf(term), dup_from: 1, dup_to: i === 0 ? 0 : commonPrefix(suffixes[i - 1]!, term) }));
  const chars = Array.from(emailKey);
  let from = 0;
  let to = -1;
  for (let m = 1; m <= chars.length; m++) {
    const words = wordsKey(chars.slice(0, m).join(''));
    if (words === '') continue;
    if (!suffixes.some((s) => s.startsWith(words))) break;
    if (to < 0) from = m;
    to = m;
  }
  rows.push({ kind: 'e', term: emailKey, head: headOf(emailKey), dup_from: to < 0 ? 1 : from, dup_to: to < 0 ? 0 : to });
  return rows;
}

/** Queries of up to this many characters are counted from `contact_term_counts`. */
export const COUNTED = 8;

/** Is the row no repeat of its contact for a query of `m` characters (so it is counted)? */
function counts(t: SearchTerm, m: number): boolean {
  return t.dup_from > m || t.dup_to < m;
}

/** The changes of `contact_term_counts` for a contact's rows going in (`delta` 1) or out (-1). */
export function termCountRows(client: string, nameKey: string, emailKey: string, delta: 1 | -1) {
  const rows = new Map<string, { client_code: string; kind: TermKind; prefix: string; n: number }>();
  for (const t of searchTerms(nameKey, emailKey)) {
    const chars = Array.from(t.term);
    for (let m = 1; m <= Math.min(COUNTED, chars.length); m++) {
      if (!counts(t, m)) continue;
      const prefix = chars.slice(0, m).join('');
      const row = rows.get(`${t.kind}${prefix}`) ?? { client_code: client, kind: t.kind, prefix, n: 0 };
      row.n += delta;
      rows.set(`${t.kind}${prefix}`, row);
    }
  }
  return [...rows.values()];
}

/**
 * The statement that fills `contact_term_counts` from `contact_terms` (the
 * same rule as `termCountRows`, in SQL on both engines); `where`: a further
 * condition on `contact_terms` (` AND client_code = ?`).
 */
export function termCountsInsert(where = ''): string {
  const lengths = Array.from({ length: COUNTED }, (_, i) => `(${i + 1})`).join(', ');
  return `WITH lengths(m) AS (VALUES ${lengths})
    INSERT INTO contact_term_counts (client_code, kind, prefix, n)
    SELECT client_code, kind, substr(term, 1, m), count(*) FROM contact_terms JOIN lengths ON length(term) >= m
    WHERE (dup_from > m OR dup_to < m)${where}
    GROUP BY client_code, kind, substr(term, 1, m)`;
}

/** The rows to insert for contact `id` of `client`. */
export function termRows(client: string, id: number, nameKey: string, emailKey: string) {
  return searchTerms(nameKey, emailKey).map((t) => ({ client_code: client, contact_id: id, name_key: nameKey, email_key: emailKey, ...t }));
}

/**
 * The index's columns as migration 9 made them: its fill runs before migration 17 adds `email_key` (which
 * that migration then copies from the contacts).
 */
export interface IndexOptions {
  emailKeys?: boolean;
}

/** The columns a row is written with, in the order of `insertArgs`; the last one came with migration 17. */
const INSERTED = ['client_code', 'kind', 'term', 'head', 'contact_id', 'name_key', 'dup_from', 'dup_to', 'email_key'];

/** SQLite's statement for one row, in the order of `insertArgs` (without `email_key`: the columns of migration 9). */
export function insertSqlite({ emailKeys = true }: IndexOptions = {}): string {
  const columns = emailKeys ? INSERTED : INSERTED.slice(0, -1);
  return `INSERT INTO contact_terms (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

export function insertArgs(client: string, id: number, nameKey: string, emailKey: string, t: SearchTerm, { emailKeys = true }: IndexOptions = {}) {
  const args = [client, t.kind, t.term, t.head, id, nameKey, t.dup_from, t.dup_to, emailKey];
  return emailKeys ? args : args.slice(0, -1);
}

/** SQLite: indexes the contacts (of `client`, or all) that have no rows yet, 5,000 at a time — the migration. */
export function indexContactsSqlite(db: BetterSqlite3.Database, client?: string, options: IndexOptions = {}): void {
  const insert = db.prepare(insertSqlite(options));
  const contacts = db.prepare(
    `SELECT id, client_code, name_key, email_key FROM contacts c
     WHERE id > ? AND (? IS NULL OR client_code = ?) AND NOT EXISTS (SELECT 1 FROM contact_terms t WHERE t.contact_id = c.id)
     ORDER BY id LIMIT 5000`,
  );
  for (let after = 0; ; ) {
    const rows = contacts.all(after, client ?? null, client ?? null) as { id: number; client_code: string; name_key: string; email_key: string }[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    for (const c of rows) {
      for (const t of searchTerms(c.name_key, c.email_key)) insert.run(...insertArgs(c.client_code, c.id, c.name_key, c.email_key, t, options));
    }
  }
}

/** PostgreSQL: the same, 5,000 contacts per statement (arrays unnested by the server). */
export async function indexContactsPostgres(db: Db, client?: string, { emailKeys = true }: IndexOptions = {}): Promise<void> {
  for (let after = 0; ; ) {
    const { rows } = await sql<{ id: number; client_code: string; name_key: string; email_key: string }>`
      SELECT id, client_code, name_key, email_key FROM contacts c
      WHERE id > ${after} AND (${client ?? null}::text IS NULL OR client_code = ${client ?? null}::text)
        AND NOT EXISTS (SELECT 1 FROM contact_terms t WHERE t.contact_id = c.id)
      ORDER BY id LIMIT 5000`.execute(db);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const cols = {
      client: [] as string[],
      kind: [] as string[],
      term: [] as string[],
      head: [] as string[],
      id: [] as number[],
      name: [] as string[],
      from: [] as number[],
      to: [] as number[],
      email: [] as string[],
    };
    for (const c of rows) {
      for (const t of searchTerms(c.name_key, c.email_key)) {
        cols.client.push(c.client_code);
        cols.kind.push(t.kind);
        cols.term.push(t.term);
        cols.head.push(t.head);
        cols.id.push(c.id);
        cols.name.push(c.name_key);
        cols.from.push(t.dup_from);
        cols.to.push(t.dup_to);
        cols.email.push(c.email_key);
      }
    }
    const [email, emails] = emailKeys ? [sql`, email_key`, sql`, ${cols.email}::text[]`] : [sql``, sql``];
    await sql`
      INSERT INTO contact_terms (client_code, kind, term, head, contact_id, name_key, dup_from, dup_to${email})
      SELECT * FROM unnest(${cols.client}::text[], ${cols.kind}::text[], ${cols.term}::text[], ${cols.head}::text[], ${cols.id}::int[], ${cols.name}::text[],
                           ${cols.from}::int[], ${cols.to}::int[]${emails})`.execute(db);
  }
}
