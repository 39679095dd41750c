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

/**
 * The values: `[light, dark?, high-contrast light?, high-contrast dark?]`.
 * Only these ship in the elements' code (the descriptions below do not).
 */
const VALUES: Record<string, [string, string?, string?, string?]> = {
  // Colours
  'color-text': ['currentColor', '#e4e7eb', '#000000', '#ffffff'],
  'color-muted': ['#52606d', '#aab4c0', '#1f1f1f', '#f0f0f0'],
  'color-surface': ['#ffffff', '#1b2129', '#ffffff', '#000000'],
  'color-surface-alt': ['#f5f7fa', '#242c36', '#ffffff', '#000000'],
  'color-border': ['#c3cad3', '#4b5664', '#000000', '#ffffff'],
  'color-accent': ['#0b5cad', '#7db5f0', '#003a7a', '#a8d1ff'],
  'color-accent-contrast': ['#ffffff', '#0b1a2b', '#ffffff', '#000000'],
  'color-danger': ['#b42318', '#ff8f85', '#8a0000', '#ffb8b0'],
  'color-success': ['#146c2e', '#70d08e', '#004d1a', '#9ff5b8'],
  'color-warning': ['#8a4b00', '#f0b467', '#5c3200', '#ffd199'],
  'tooltip-background': ['#1f2933', '#e4e7eb', '#000000', '#ffffff'],
  'tooltip-color': ['#ffffff', '#1b2129', '#ffffff', '#000000'],
  'bubble-background': ['#1f2933', '#e4e7eb', '#000000', '#ffffff'],
  'bubble-color': ['#ffffff', '#1b2129', '#ffffff', '#000000'],
  'bubble-mark': ['#7ee2a0', '#146c2e', '#ffffff', '#000000'],
  'backdrop': ['rgb(15 23 42 / 0.45)', 'rgb(0 0 0 / 0.6)', 'rgb(0 0 0 / 0.7)', 'rgb(0 0 0 / 0.8)'],
  // Type
  'font-family': ['inherit'],
  'font-size-2xs': ['0.625rem'],
  'font-size-xs': ['0.75rem'],
  'font-size-sm': ['0.8125rem'],
  'font-size-md': ['0.875rem'],
  'font-size-base': ['1rem'],
  'font-size-lg': ['1.125rem'],
  'font-size-xl': ['1.25rem'],
  'font-weight-strong': ['600'],
  'line-height-tight': ['1.3'],
  'line-height-compact': ['1.4'],
  'line-height-base': ['1.5'],
  // Spacing
  'spacing': ['0.5rem'],
  'space-3xs': ['calc(var(--_spacing) * 0.25)'],
  'space-2xs': ['calc(var(--_spacing) * 0.5)'],
  'space-xs': ['calc(var(--_spacing) * 0.75)'],
  'space-sm': ['var(--_spacing)'],
  'space-md': ['calc(var(--_spacing) * 1.5)'],
  'space-lg': ['calc(var(--_spacing) * 2)'],
  'space-xl': ['calc(var(--_spacing) * 3)'],
  // Radii and shadows
  'radius': ['4px'],
  'radius-lg': ['calc(var(--_radius) * 2)'],
  'radius-pill': ['999px'],
  'shadow-sm': ['0 0.5rem 1.5rem rgb(0 0 0 / 0.18)', '0 0.5rem 1.5rem rgb(0 0 0 / 0.5)'],
  'shadow-md': ['0 0.25rem 1rem rgb(0 0 0 / 0.22)', '0 0.25rem 1rem rgb(0 0 0 / 0.55)'],
  'shadow-lg': ['0 1rem 3rem rgb(0 0 0 / 0.25)', '0 1rem 3rem rgb(0 0 0 / 0.6)'],
  // Controls
  'control-height': ['2.25rem'],
  'target-size': ['1.5rem'],
  'icon-size': ['1.125rem'],
  'icon-size-sm': ['1rem'],
  'focus-ring': ['2px solid var(--_color-accent)', undefined, '3px solid var(--_color-accent)'],
  'border-width-strong': ['1px', undefined, '2px'],
  // Motion
  'duration-fast': ['0.2s'],
  'duration-spin': ['0.8s'],
  'duration-pulse': ['1.2s'],
  'duration-highlight': ['3s'],
  'easing': ['ease-out'],
};

/** What each token styles, by group: the docs (Storybook, README), not shipped. */
const DOCS: Record<TokenGroup['id'], { title: string; tokens: Record<string, string> }> = {
  color: {
    title: 'Colours',
    tokens: {
      'color-text': "Text (by default the page's, inherited).",
      'color-muted': 'Labels, hints, column headers, "Aucun accès".',
      'color-surface': 'Dialogs, the table and the controls.',
      'color-surface-alt': 'Header row, footers, hover, read-only fields, loading skeleton.',
      'color-border': 'Borders of the table, the dialogs and the controls.',
      'color-accent': 'Primary button, names, marks, "Invitation envoyée", focus ring.',
      'color-accent-contrast': 'Text and icons on the accent colour.',
      'color-danger': 'Errors, "Révoqué", the revoke button.',
      'color-success': '"Actif", a contact just added.',
      'color-warning': '"Invitation expirée".',
      'tooltip-background': 'Help tooltip background.',
      'tooltip-color': 'Help tooltip text.',
      'bubble-background': 'Status bubble background.',
      'bubble-color': 'Status bubble text.',
      'bubble-mark': 'The ✓ of a success bubble.',
      'backdrop': 'Backdrop behind a dialog.',
    },
  },
  type: {
    title: 'Type',
    tokens: {
      'font-family': "Font (by default the page's, inherited).",
      'font-size-2xs': 'The ▲ / ▼ of the sorted column.',
      'font-size-xs': 'Badges, column headers.',
      'font-size-sm': 'Labels, hints, errors, buttons, tooltips, the history.',
      'font-size-md': 'Table cells, counts, status bubbles, loading messages.',
      'font-size-base': 'Field values, section titles, icons.',
      'font-size-lg': 'Dialog titles.',
      'font-size-xl': 'The table heading.',
      'font-weight-strong': 'Labels, titles, buttons, badges.',
      'line-height-tight': 'Headings.',
      'line-height-compact': 'Badges, tooltips.',
      'line-height-base': 'Running text, the access state.',
    },
  },
  space: {
    title: 'Spacing',
    tokens: {
      'spacing': 'The base unit: the scale below is made of it.',
      'space-3xs': '¼ unit: badge padding.',
      'space-2xs': '½ unit: a label and its control, icon gaps.',
      'space-xs': '¾ unit: input padding, list rows.',
      'space-sm': '1 unit: gaps between buttons, cell padding.',
      'space-md': '1½ units: between fields, header and footer padding.',
      'space-lg': '2 units: dialog padding, between sections.',
      'space-xl': '3 units: between groups of the legend.',
    },
  },
  shape: {
    title: 'Radii and shadows',
    tokens: {
      'radius': 'Controls, buttons, the table.',
      'radius-lg': 'Dialogs.',
      'radius-pill': 'Badges, status bubbles.',
      'shadow-sm': 'The combobox list.',
      'shadow-md': 'Tooltips, status bubbles.',
      'shadow-lg': 'Dialogs.',
    },
  },
  control: {
    title: 'Controls',
    tokens: {
      'control-height': 'Inputs, buttons, icon buttons.',
      'target-size': 'The least target (24 px, WCAG 2.5.8): help buttons, sort buttons.',
      'icon-size': 'Icons in icon buttons.',
      'icon-size-sm': 'The ⓘ / 🔗 marks.',
      'focus-ring': 'The focus outline.',
      'border-width-strong': 'Borders that tell a state (invalid field, badge, banner).',
    },
  },
  motion: {
    title: 'Motion',
    tokens: {
      'duration-fast': 'Dimming the table while it reloads.',
      'duration-spin': 'One turn of a spinner (3 × slower under prefers-reduced-motion).',
      'duration-pulse': 'The loading skeleton (still under prefers-reduced-motion).',
      'duration-highlight': 'The highlight of a contact just added.',
      'easing': 'Easing of transitions.',
    },
  },
};

export const TOKEN_GROUPS: TokenGroup[] = /* @__PURE__ */ Object.entries(DOCS).map(([id, group]) => ({
  id: id as TokenGroup['id'],
  title: group.title,
  tokens: Object.entries(group.tokens).map(([name, description]) => token(name, description)),
}));

function token(name: string, description = ''): Token {
  const [value, dark, contrast, contrastDark] = VALUES[name]!;
  return { name, value, dark, contrast, contrastDark, description };
}

/** Every token (with its description: for the docs and tests). */
export const TOKENS: Token[] = /* @__PURE__ */ TOKEN_GROUPS.flatMap((group) => group.tokens);

/** The tokens' names, in the order of their values. */
const NAMES = Object.keys(VALUES);

const tokenOf = (name: string): Token => token(name);

/** `light-dark(a, b)` when the two differ. */
function pair(light: string, dark: string | undefined): string {
  return dark === undefined || dark === light ? light : `light-dark(${light}, ${dark})`;
}

function declarations(value: (token: Token) => string | undefined): string {
  return NAMES.map((name) => {
    const token = tokenOf(name);
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
    NAMES.map(tokenOf).filter((t) => t.contrast !== undefined).map((t) => [`--cae-${t.name}`, pair(t.contrast!, t.contrastDark)]),
  );
}

/**
 * The tokens as CSS on `selector`: the private `--_*` properties (light and
 * dark by `light-dark()`), and the high-contrast ones under
 * `prefers-contrast: more`. The elements use it on `:host`; the pages that are
 * not elements (the server's pages, the demo host page) on `:root`, served as
 * `/assets/tokens.css`.
 */
export function tokenCss(selector: string): string {
  return (
    `${selector}{${declarations((t) => pair(t.value, t.dark))}}` +
    `@media (prefers-contrast: more){${selector}{${declarations((t) => (t.contrast === undefined ? undefined : pair(t.contrast, t.contrastDark)))}}}`
  );
}

/** The tokens as CSS: every element's stylesheets start with it. */
export const tokenStyles = unsafeCSS(tokenCss(':host'));
