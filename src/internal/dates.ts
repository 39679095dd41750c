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

/** The day of a moment in the user's time zone, as a date input holds it ("2026-12-31"); '' for none. */
export function dayOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** The last moment of a day ("2026-12-31") in the user's time zone, as an ISO date-time; null for '' or a day that is not one. */
export function endOfDay(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
  return end.getDate() === Number(m[3]) ? end.toISOString() : null;
}
