import { svg } from 'lit';

/** The dialogs' stroke icons (24×24; the table's "+" is drawn the same way in `client-contacts.ts`), drawn with `currentColor`; always `aria-hidden`, the button carries the name. */
const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;

export const keyIcon = icon(
  svg`<circle cx="8" cy="15" r="4"/><path d="M10.85 12.15 19 4M18 5l2 2M15 8l2 2"/>`,
);
export const envelopeIcon = icon(svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`);
export const chevronLeftIcon = icon(svg`<path d="m15 18-6-6 6-6"/>`);
export const chevronRightIcon = icon(svg`<path d="m9 18 6-6-6-6"/>`);
export const searchIcon = icon(svg`<circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/>`);
export const closeIcon = icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`);

/** The required-field mark of the seed (ⓘ): a circled "i", drawn so it never depends on a font having the glyph. */
export const requiredIcon = icon(
  svg`<circle cx="12" cy="12" r="9.5"/><path d="M12 11v6"/><circle cx="12" cy="7.5" r="1.25" fill="currentColor" stroke="none"/>`,
);
/** The contextual-help mark of the seed (🔗): a chain link. */
export const helpIcon = icon(
  svg`<path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/><path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/>`,
);
