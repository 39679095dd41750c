/**
 * How values read in the page's language: a choice's label, a date and time,
 * a count. One place, so the table and both dialogs say them the same way.
 */
import type { Choice } from '../api/types.js';
import { getLocale } from './locale.js';

/** A choice (contact type, branch, role…) in the page's language. */
export function choiceLabel(choice: Choice): string {
  return (getLocale() === 'en' ? choice.labels?.en : choice.labels?.fr) ?? choice.label;
}

/** "2 mars 2026 à 10 h 00" / "March 2, 2026 at 10:00 a.m.": Canadian French or English, long date, short time. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-CA' : 'fr-CA', { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * 10000 → "10 000" (French) or "10,000" (English). By hand: the first
 * `toLocaleString()` of a page starts Intl up, which costs the first frame ~70 ms.
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, getLocale() === 'en' ? ',' : '\u00a0');
}
