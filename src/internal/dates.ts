/**
 * How dates read in the page's language: one place, so both dialogs say them
 * the same way (apart from `format.ts`: the table shows no date, and its first
 * load does not carry this).
 */
import { getLocale } from './locale.js';

/** "2 mars 2026 à 10 h 00" / "March 2, 2026 at 10:00 a.m.": Canadian French or English, long date, short time. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-CA' : 'fr-CA', { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
