import { unsafeCSS } from 'lit';

/**
 * The design tokens: the one source of the elements' look. Each token is a
 * public custom property `--cae-<name>` (set by a host on an element or any
 * ancestor) read once into a private `--_<name>` with its default; the
 * stylesheets use only the private ones. The same data builds that CSS
 * (`tokenStyles`), the Storybook Tokens page and theme toolbar, and README's
 * table.
 *
 * Themes:
 * - dark: a colour's `dark` value applies when the element's `color-scheme` is
 *   dark (CSS `light-dark()`); `color-scheme` inherits, so a page with
 *   `color-scheme: light dark` follows the system, and `color-scheme: dark`
 *   (or `light`) on the element or any ancestor forces one;
 * - high contrast: the `contrast` values apply under
 *   `@media (prefers-contrast: more)`, or when a host sets them
 *   (`highContrastDeclarations()`);
 * - forced colours (Windows High Contrast): the system's colours, with the
 *   states kept visible by the `forced-colors` rules of the stylesheets.
 */
export interface Token {
  /** The name after `--cae-`. */
  name: string;
  /** The default (light) value. */
  value: string;
  /** The value under a dark `color-scheme` (colours and shadows). */
  dark?: string;
  /** The high-contrast value (light; `contrastDark` for dark). */
  contrast?: string;
  contrastDark?: string;
  /** What it styles. */
  description: string;
}

export interface TokenGroup {
  id: 'color' | 'type' | 'space' | 'shape' | 'control' | 'motion';
  title: string;
  tokens: Token[];
}

export const TOKEN_GROUPS: TokenGroup[] = [
  {
    id: 'color',
    title: 'Colours',
    tokens: [
      { name: 'color-text', value: 'currentColor', dark: '#e4e7eb', contrast: '#000000', contrastDark: '#ffffff', description: "Text (by default the page's, inherited)." },
      { name: 'color-muted', value: '#52606d', dark: '#aab4c0', contrast: '#1f1f1f', contrastDark: '#f0f0f0', description: 'Labels, hints, column headers, "Aucun accès".' },
      { name: 'color-surface', value: '#ffffff', dark: '#1b2129', contrast: '#ffffff', contrastDark: '#000000', description: 'Dialogs, the table and the controls.' },
      { name: 'color-surface-alt', value: '#f5f7fa', dark: '#242c36', contrast: '#ffffff', contrastDark: '#000000', description: 'Header row, footers, hover, read-only fields, loading skeleton.' },
      { name: 'color-border', value: '#c3cad3', dark: '#4b5664', contrast: '#000000', contrastDark: '#ffffff', description: 'Borders of the table, the dialogs and the controls.' },
      { name: 'color-accent', value: '#0b5cad', dark: '#7db5f0', contrast: '#003a7a', contrastDark: '#a8d1ff', description: 'Primary button, names, marks, "Invitation envoyée", focus ring.' },
      { name: 'color-accent-contrast', value: '#ffffff', dark: '#0b1a2b', contrast: '#ffffff', contrastDark: '#000000', description: 'Text and icons on the accent colour.' },
      { name: 'color-danger', value: '#b42318', dark: '#ff8f85', contrast: '#8a0000', contrastDark: '#ffb8b0', description: 'Errors, "Révoqué", the revoke button.' },
      { name: 'color-success', value: '#146c2e', dark: '#70d08e', contrast: '#004d1a', contrastDark: '#9ff5b8', description: '"Actif", a contact just added.' },
      { name: 'color-warning', value: '#8a4b00', dark: '#f0b467', contrast: '#5c3200', contrastDark: '#ffd199', description: '"Invitation expirée".' },
      { name: 'tooltip-background', value: '#1f2933', dark: '#e4e7eb', contrast: '#000000', contrastDark: '#ffffff', description: 'Help tooltip background.' },
      { name: 'tooltip-color', value: '#ffffff', dark: '#1b2129', contrast: '#ffffff', contrastDark: '#000000', description: 'Help tooltip text.' },
      { name: 'bubble-background', value: '#1f2933', dark: '#e4e7eb', contrast: '#000000', contrastDark: '#ffffff', description: 'Status bubble background.' },
      { name: 'bubble-color', value: '#ffffff', dark: '#1b2129', contrast: '#ffffff', contrastDark: '#000000', description: 'Status bubble text.' },
      { name: 'bubble-mark', value: '#7ee2a0', dark: '#146c2e', contrast: '#ffffff', contrastDark: '#000000', description: 'The ✓ of a success bubble.' },
      { name: 'backdrop', value: 'rgb(15 23 42 / 0.45)', dark: 'rgb(0 0 0 / 0.6)', contrast: 'rgb(0 0 0 / 0.7)', contrastDark: 'rgb(0 0 0 / 0.8)', description: 'Backdrop behind a dialog.' },
    ],
  },
  {
    id: 'type',
    title: 'Type',
    tokens: [
      { name: 'font-family', value: 'inherit', description: "Font (by default the page's, inherited)." },
      { name: 'font-size-2xs', value: '0.625rem', description: 'The ▲ / ▼ of the sorted column.' },
      { name: 'font-size-xs', value: '0.75rem', description: 'Badges, column headers.' },
      { name: 'font-size-sm', value: '0.8125rem', description: 'Labels, hints, errors, buttons, tooltips, the history.' },
      { name: 'font-size-md', value: '0.875rem', description: 'Table cells, counts, status bubbles, loading messages.' },
      { name: 'font-size-base', value: '1rem', description: 'Field values, section titles, icons.' },
      { name: 'font-size-lg', value: '1.125rem', description: 'Dialog titles.' },
      { name: 'font-size-xl', value: '1.25rem', description: 'The table heading.' },
      { name: 'font-weight-strong', value: '600', description: 'Labels, titles, buttons, badges.' },
      { name: 'line-height-tight', value: '1.3', description: 'Headings.' },
      { name: 'line-height-compact', value: '1.4', description: 'Badges, tooltips.' },
      { name: 'line-height-base', value: '1.5', description: 'Running text, the access state.' },
    ],
  },
  {
    id: 'space',
    title: 'Spacing',
    tokens: [
      { name: 'spacing', value: '0.5rem', description: 'The base unit: the scale below is made of it.' },
      { name: 'space-3xs', value: 'calc(var(--_spacing) * 0.25)', description: '¼ unit: badge padding.' },
      { name: 'space-2xs', value: 'calc(var(--_spacing) * 0.5)', description: '½ unit: a label and its control, icon gaps.' },
      { name: 'space-xs', value: 'calc(var(--_spacing) * 0.75)', description: '¾ unit: input padding, list rows.' },
      { name: 'space-sm', value: 'var(--_spacing)', description: '1 unit: gaps between buttons, cell padding.' },
      { name: 'space-md', value: 'calc(var(--_spacing) * 1.5)', description: '1½ units: between fields, header and footer padding.' },
      { name: 'space-lg', value: 'calc(var(--_spacing) * 2)', description: '2 units: dialog padding, between sections.' },
      { name: 'space-xl', value: 'calc(var(--_spacing) * 3)', description: '3 units: between groups of the legend.' },
    ],
  },
  {
    id: 'shape',
    title: 'Radii and shadows',
    tokens: [
      { name: 'radius', value: '4px', description: 'Controls, buttons, the table.' },
      { name: 'radius-lg', value: 'calc(var(--_radius) * 2)', description: 'Dialogs.' },
      { name: 'radius-pill', value: '999px', description: 'Badges, status bubbles.' },
      { name: 'shadow-sm', value: '0 0.5rem 1.5rem rgb(0 0 0 / 0.18)', dark: '0 0.5rem 1.5rem rgb(0 0 0 / 0.5)', description: 'The combobox list.' },
      { name: 'shadow-md', value: '0 0.25rem 1rem rgb(0 0 0 / 0.22)', dark: '0 0.25rem 1rem rgb(0 0 0 / 0.55)', description: 'Tooltips, status bubbles.' },
      { name: 'shadow-lg', value: '0 1rem 3rem rgb(0 0 0 / 0.25)', dark: '0 1rem 3rem rgb(0 0 0 / 0.6)', description: 'Dialogs.' },
    ],
  },
  {
    id: 'control',
    title: 'Controls',
    tokens: [
      { name: 'control-height', value: '2.25rem', description: 'Inputs, buttons, icon buttons.' },
      { name: 'target-size', value: '1.5rem', description: 'The least target (24 px, WCAG 2.5.8): help buttons, sort buttons.' },
      { name: 'icon-size', value: '1.125rem', description: 'Icons in icon buttons.' },
      { name: 'icon-size-sm', value: '1rem', description: 'The ⓘ / 🔗 marks.' },
      { name: 'focus-ring', value: '2px solid var(--_color-accent)', contrast: '3px solid var(--_color-accent)', description: 'The focus outline.' },
      { name: 'border-width-strong', value: '1px', contrast: '2px', description: 'Borders that tell a state (invalid field, badge, banner).' },
    ],
  },
  {
    id: 'motion',
    title: 'Motion',
    tokens: [
      { name: 'duration-fast', value: '0.2s', description: 'Dimming the table while it reloads.' },
      { name: 'duration-spin', value: '0.8s', description: 'One turn of a spinner (3 × slower under prefers-reduced-motion).' },
      { name: 'duration-pulse', value: '1.2s', description: 'The loading skeleton (still under prefers-reduced-motion).' },
      { name: 'duration-highlight', value: '3s', description: 'The highlight of a contact just added.' },
      { name: 'easing', value: 'ease-out', description: 'Easing of transitions.' },
    ],
  },
];

export const TOKENS: Token[] = TOKEN_GROUPS.flatMap((group) => group.tokens);

/** `light-dark(a, b)` when the two differ. */
function pair(light: string, dark: string | undefined): string {
  return dark === undefined || dark === light ? light : `light-dark(${light}, ${dark})`;
}

function declarations(value: (token: Token) => string | undefined): string {
  return TOKENS.map((token) => {
    const v = value(token);
    return v === undefined ? '' : `--_${token.name}: var(--cae-${token.name}, ${v});`;
  }).join('');
}

/**
 * The high-contrast theme as `--cae-*` declarations, for a host (or
 * Storybook) to set on an ancestor when it wants it without the system's
 * `prefers-contrast: more`.
 */
export function highContrastDeclarations(): Record<string, string> {
  return Object.fromEntries(
    TOKENS.filter((t) => t.contrast !== undefined).map((t) => [`--cae-${t.name}`, pair(t.contrast!, t.contrastDark)]),
  );
}

/** The tokens as CSS: every element's stylesheets start with it. */
export const tokenStyles = unsafeCSS(
  `:host{${declarations((t) => pair(t.value, t.dark))}}` +
    `@media (prefers-contrast: more){:host{${declarations((t) => (t.contrast === undefined ? undefined : pair(t.contrast, t.contrastDark)))}}}`,
);
