/**
 * Themes and design tokens in Storybook, from the one source of the look
 * (`src/internal/tokens.ts`):
 * - the toolbar's Theme (Default, Dark, Rebranded, High contrast): Dark sets
 *   `color-scheme: dark` on the page (the elements follow it, as they follow a
 *   host page's); Rebranded and High contrast set `--cae-*` tokens on a wrapper;
 * - a control per token in every story (category "Design tokens"): a value set
 *   there (or in a link, `&args=--cae-color-accent:!hex(d03000)`) is set on the
 *   story's wrapper, and reaches the elements through their shadow roots.
 *
 * Not a story file (Storybook only picks `*.stories.ts`).
 */
import type { ArgTypes, Decorator, Preview, StoryContext } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { TOKEN_GROUPS, highContrastDeclarations, type Token } from '../src/internal/tokens.js';

export type ThemeName = 'default' | 'dark' | 'rebranded' | 'high-contrast';

/** A host's rebranding with tokens only (the Theming stories add `::part()` rules). */
export const REBRAND_TOKENS: Record<string, string> = {
  '--cae-font-family': "Georgia, 'Times New Roman', serif",
  '--cae-color-text': '#2b1b24',
  '--cae-color-muted': '#5e4a56',
  '--cae-color-surface': '#fffdfb',
  '--cae-color-surface-alt': '#f7eef3',
  '--cae-color-border': '#cdb6c3',
  '--cae-color-accent': '#7a1f5c',
  '--cae-color-accent-contrast': '#ffffff',
  '--cae-color-danger': '#a3231f',
  '--cae-color-success': '#2f6b3a',
  '--cae-color-warning': '#7a4a00',
  '--cae-radius': '0',
  '--cae-spacing': '0.625rem',
  '--cae-focus-ring': '3px solid #d18f00',
  '--cae-control-height': '2.5rem',
  '--cae-row-height': '3rem',
  '--cae-dialog-width': '40rem',
  '--cae-backdrop': 'rgb(60 12 44 / 0.45)',
  '--cae-tooltip-background': '#4a1238',
  '--cae-bubble-background': '#4a1238',
  '--cae-bubble-color': '#ffffff',
};

const THEME_TOKENS: Record<ThemeName, Record<string, string>> = {
  default: {},
  dark: {},
  rebranded: REBRAND_TOKENS,
  'high-contrast': highContrastDeclarations(),
};

export const themeGlobalType: NonNullable<Preview['globalTypes']>[string] = {
  description: 'Theme of the elements',
  toolbar: {
    title: 'Theme',
    icon: 'paintbrush',
    items: [
      { value: 'default', title: 'Default' },
      { value: 'dark', title: 'Dark (color-scheme: dark)' },
      { value: 'rebranded', title: 'Rebranded (--cae-* tokens)' },
      { value: 'high-contrast', title: 'High contrast' },
    ],
    dynamicTitle: true,
  },
};

export function storyTheme(context: Pick<StoryContext, 'globals'>): ThemeName {
  const theme = String(context.globals['theme'] ?? 'default');
  return theme in THEME_TOKENS ? (theme as ThemeName) : 'default';
}

const isColor = (token: Token) => token.dark !== undefined && !token.name.startsWith('shadow');

function tokenArgType(token: Token, group: string): ArgTypes[string] {
  return {
    name: `--cae-${token.name}`,
    // A string: the manifest types custom properties as "void", and Storybook drops a link's arg of that type.
    type: { name: 'string', required: false },
    description: token.description,
    control: isColor(token) ? { type: 'color' } : { type: 'text' },
    table: {
      category: 'Design tokens',
      subcategory: group,
      type: { summary: 'CSS custom property' },
      defaultValue: { summary: token.dark === undefined ? token.value : `${token.value} (dark: ${token.dark})` },
    },
  };
}

/** A control for every token, in every story. */
export const tokenArgTypes: ArgTypes = Object.fromEntries(
  TOKEN_GROUPS.flatMap((group) => group.tokens.map((token) => [`--cae-${token.name}`, tokenArgType(token, group.title)])),
);

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];

/**
 * The manifest lists each element's `--cae-*` properties (their JSDoc) without
 * a control: the token's control wins, the element's own ones (table widths...)
 * get a text control, all in one category.
 */
export const tokenControls: ArgTypesEnhancer = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      if (!name.startsWith('--cae-')) return [name, argType];
      const token = tokenArgTypes[name];
      if (token) return [name, { ...argType, ...token, description: argType.description || token.description }];
      return [
        name,
        {
          ...argType,
          type: { name: 'string', required: false },
          control: { type: 'text' },
          table: { ...argType.table, category: 'Design tokens', subcategory: 'Element' },
        },
      ];
    }),
  );

/** The `--cae-*` args the story was given (controls, link), not empty. */
function tokenArgs(args: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).filter(([name, value]) => name.startsWith('--cae-') && typeof value === 'string' && value.trim() !== ''),
  ) as Record<string, string>;
}

/**
 * Applies the toolbar's theme (the page's `color-scheme`: the elements and
 * the canvas follow it) and the story's token args (on a wrapper).
 */
export const withTheme: Decorator = (story, context) => {
  const theme = storyTheme(context);
  document.documentElement.style.colorScheme = theme === 'dark' ? 'dark' : 'light';
  document.documentElement.dataset['theme'] = theme;
  const style = { ...THEME_TOKENS[theme], ...tokenArgs(context.args) };
  return html`<div class="cae-theme" style=${styleMap(style)}>${story()}</div>`;
};
