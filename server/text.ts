/** Text helpers shared by the queries, the seed and the mail. */

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd' };

/** Lower case, without accents (`Hervé Côté` → `herve cote`). */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[œŒæÆßøØłŁđĐ]/g, (c) => LIGATURES[c] ?? c)
    .toLowerCase();
}

/**
 * The search and sort key of a name: folded, every run of characters that are
 * not letters or digits turned into one space (`Jean-François O'Brien` →
 * `jean francois o brien`). A query matches the start of a word when
 * `key LIKE 'q%' OR key LIKE '% q%'`.
 */
export function nameKey(name: string): string {
  return wordsKey(foldText(name));
}

/** The words of folded text, split by one space: `nameKey` of text already folded. */
export function wordsKey(folded: string): string {
  return folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The search and sort key of an e-mail address. */
export function emailKey(email: string): string {
  return foldText(email.trim());
}

/** Escapes `%`, `_` and the escape character itself for `LIKE ... ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
