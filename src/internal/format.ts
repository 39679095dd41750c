/**
 * How values read in the page's language: a choice's label, a count (dates:
 * `dates.ts`, which only the dialogs load). One place, so the table and both
 * dialogs say them the same way.
 */
import type { Choice } from '../api/types.js';
import { getLocale } from './locale.js';

/** A choice (contact type, branch, role…) in the page's language. */
export function choiceLabel(choice: Choice): string {
  return (getLocale() === 'en' ? choice.labels?.en : choice.labels?.fr) ?? choice.label;
}

/**
 * 10000 → "10 000" (French) or "10,000" (English). By hand: the first
 * `toLocaleString()` of a page starts Intl up, which costs the first frame ~70 ms.
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, getLocale() === 'en' ? ',' : '\u00a0');
}
