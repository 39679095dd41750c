/**
 * One look for one job: what the three elements show while something loads,
 * and when it failed to load. `cls` adds the classes a place styles it by.
 */
import { msg } from '@lit/localize';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** The loading indicator: a spinner and what loads, announced politely. */
export function renderLoading(text: string, cls = '', part?: string) {
  return html`<p class="loading ${cls}" part=${ifDefined(part)} role="status">
    <span class="spinner" aria-hidden="true"></span> ${text}
  </p>`;
}

export interface LoadErrorOptions {
  /** What could not be loaded ("Impossible de charger ce contact."). */
  what: string;
  /** Why, and what to do (`failureReason()`). */
  why: string;
  retry: () => void;
  cls?: string;
  /** Classes of the "Réessayer" button, besides `button retry`. */
  buttonCls?: string;
  part?: string;
}

/** The load-error block: what failed and why (`role="alert"`), and "Réessayer". */
export function renderLoadError(o: LoadErrorOptions) {
  return html`<div class="load-error ${o.cls ?? ''}" part=${ifDefined(o.part)} role="alert">
    <p><strong>${o.what}</strong> ${o.why}</p>
    <button type="button" class="button retry ${o.buttonCls ?? ''}" @click=${o.retry}>
      ${msg('Réessayer', { id: 'state.retry' })}
    </button>
  </div>`;
}
