/**
 * Runtime localisation (@lit/localize). French (fr-CA, the seed's labels) is
 * the source locale, so it needs no loading; English is a chunk of its own,
 * loaded the first time a page asks for it. The locale is
 * one per page (a @lit/localize rule): a provider's `locale` wins, otherwise
 * the page's `<html lang>`, followed when it changes.
 */
import { configureLocalization } from '@lit/localize';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sourceLocale, targetLocales } from '../generated/locale-codes.js';

export type Locale = typeof sourceLocale | (typeof targetLocales)[number];

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: () => import('../generated/locales/en.js'),
});

/** The supported locale closest to a BCP 47 tag: English for `en*`, French otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  return tag && /^en\b/i.test(tag) ? 'en' : sourceLocale;
}

let requested: string | null = null;
let observer: MutationObserver | null = null;

function apply(): void {
  const wanted = resolveLocale(requested ?? document.documentElement.lang);
  // Not `getLocale() !== wanted`: that is the active locale, not one still loading (setLocale compares with both).
  void setLocale(wanted);
}

/** A provider's choice of locale for the page (`null`: follow `<html lang>`). */
export function requestLocale(tag: string | null | undefined): void {
  requested = tag || null;
  apply();
}

/**
 * Makes an element follow the page's locale: applies it when the element
 * connects, keeps watching `<html lang>`. (Re-rendering on change is
 * `@localized()`'s job.)
 */
export class PageLocaleController implements ReactiveController {
  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!observer) {
      observer = new MutationObserver(apply);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
    apply();
  }
}
