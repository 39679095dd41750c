import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import { TOKEN_GROUPS, type Token, type TokenGroup } from '../src/internal/tokens.js';

/**
 * The design tokens, drawn from `src/internal/tokens.ts`: the module the
 * elements' CSS is built from, so this page cannot drift from what ships.
 * Each token is a `--cae-*` custom property a host may set (README, Styling).
 */
const meta = {
  title: 'Design system/Tokens',
  parameters: { layout: 'padded', fakeBackend: { provider: false } },
} satisfies Meta;

export default meta;
type Story = StoryObj;

const group = (id: TokenGroup['id']): TokenGroup => TOKEN_GROUPS.find((g) => g.id === id)!;

/** Values that refer to other tokens (`var(--_spacing)`) resolve against the defaults set here. */
const DEFAULTS = { '--_spacing': '0.5rem', '--_radius': '4px', '--_color-accent': '#0b5cad' };

const PAGE = html`<style>
  .tokens {
    display: grid;
    gap: 1.5rem;
    max-width: 64rem;
  }
  .tokens h2 {
    margin: 0;
    font-size: 1.25rem;
  }
  .tokens table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  .tokens th,
  .tokens td {
    padding: 0.5rem;
    border-bottom: 1px solid #c3cad3;
    text-align: start;
    vertical-align: middle;
  }
  .tokens code {
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  .swatch {
    display: inline-grid;
    place-items: center;
    width: 4.5rem;
    height: 2.5rem;
    border: 1px solid #52606d;
    border-radius: 4px;
  }
  .bar {
    display: block;
    height: 1rem;
    background: #0b5cad;
  }
  .box {
    display: block;
    width: 4rem;
    height: 2.5rem;
    border: 1px solid #52606d;
    background: #ffffff;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .description {
    color: light-dark(#52606d, #aab4c0);
  }
</style>`;

function name(token: Token): TemplateResult {
  return html`<code>--cae-${token.name}</code>`;
}

function table(caption: string, headers: string[], rows: TemplateResult[]): TemplateResult {
  return html`<table>
    <caption class="visually-hidden">${caption}</caption>
    <thead>
      <tr>
        ${headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function section(title: string, content: TemplateResult): TemplateResult {
  return html`${PAGE}
    <section class="tokens" style=${styleMap(DEFAULTS)} aria-label=${title}>
      <h2>${title}</h2>
      ${content}
    </section>`;
}

/** A colour on a swatch, its value written on it (the swatch's own text colour is the opposite of its light-ness). */
function swatch(value: string | undefined, scheme: 'light' | 'dark'): TemplateResult {
  if (value === undefined) return html`—`;
  const background = value === 'currentColor' ? (scheme === 'light' ? '#1f2933' : '#e4e7eb') : value;
  return html`<span class="swatch" style=${styleMap({ background })} title=${value}></span> <code>${value}</code>`;
}

/** Every colour, light and dark, and its high-contrast values. */
export const Palette: Story = {
  render: () =>
    section(
      'Colours',
      table(
        'Colours: light, dark, high contrast',
        ['Token', 'Light', 'Dark', 'High contrast (light / dark)', 'Use'],
        group('color').tokens.map(
          (t) => html`<tr>
            <th scope="row">${name(t)}</th>
            <td>${swatch(t.value, 'light')}</td>
            <td>${swatch(t.dark, 'dark')}</td>
            <td>${swatch(t.contrast, 'light')} ${swatch(t.contrastDark, 'dark')}</td>
            <td class="description">${t.description}</td>
          </tr>`,
        ),
      ),
    ),
  play: async ({ canvasElement, step }) => {
    await step('Every colour token has a row, with its light and dark swatch', async () => {
      const rows = canvasElement.querySelectorAll('tbody tr');
      await expect(rows.length).toBe(group('color').tokens.length);
      await expect(canvasElement.querySelectorAll('tbody tr td:nth-child(3) .swatch').length).toBe(group('color').tokens.length);
    });
  },
};

/** The type scale, each size set in a sample; weights and line heights. */
export const TypeScale: Story = {
  name: 'Type scale',
  render: () =>
    section(
      'Type',
      table(
        'Type scale',
        ['Token', 'Value', 'Sample', 'Use'],
        group('type').tokens.map((t) => {
          const sample = t.name.startsWith('font-size')
            ? html`<span style=${styleMap({ fontSize: t.value })}>Accès au portail</span>`
            : t.name.startsWith('line-height')
              ? html`<span style=${styleMap({ lineHeight: t.value, display: 'inline-block', maxWidth: '12rem' })}
                  >Lien valide jusqu'au 5 mars 2026</span
                >`
              : t.name === 'font-weight-strong'
                ? html`<span style=${styleMap({ fontWeight: t.value })}>Enregistrer</span>`
                : html`<span>Inter, the page's font</span>`;
          return html`<tr>
            <th scope="row">${name(t)}</th>
            <td><code>${t.value}</code></td>
            <td>${sample}</td>
            <td class="description">${t.description}</td>
          </tr>`;
        }),
      ),
    ),
  play: async ({ canvasElement, step }) => {
    await step('Each font size is drawn at its size', async () => {
      const sizes = group('type').tokens.filter((t) => t.name.startsWith('font-size'));
      const drawn = [...canvasElement.querySelectorAll<HTMLElement>('td span')].map((s) => s.style.fontSize).filter(Boolean);
      await expect(drawn).toEqual(sizes.map((t) => t.value));
    });
  },
};

/** The spacing scale (made of `--cae-spacing`), radii, shadows, control sizes and motion. */
export const SpacingAndShapes: Story = {
  name: 'Spacing, shapes, controls, motion',
  render: () =>
    section(
      'Spacing, shapes, controls, motion',
      html`${table(
        'Spacing scale',
        ['Token', 'Value', 'Size', 'Use'],
        group('space').tokens.map(
          (t) => html`<tr>
            <th scope="row">${name(t)}</th>
            <td><code>${t.value}</code></td>
            <td><span class="bar" style=${styleMap({ width: `var(--_${t.name}, ${t.value})`, ['--_' + t.name]: t.value })}></span></td>
            <td class="description">${t.description}</td>
          </tr>`,
        ),
      )}
      ${table(
        'Radii and shadows',
        ['Token', 'Value', 'Sample', 'Use'],
        group('shape').tokens.map(
          (t) => html`<tr>
            <th scope="row">${name(t)}</th>
            <td><code>${t.value}</code>${t.dark ? html`<br /><code>dark: ${t.dark}</code>` : ''}</td>
            <td>
              <span
                class="box"
                style=${styleMap(t.name.startsWith('shadow') ? { boxShadow: t.value } : { borderRadius: t.value })}
              ></span>
            </td>
            <td class="description">${t.description}</td>
          </tr>`,
        ),
      )}
      ${table(
        'Controls and motion',
        ['Token', 'Value', 'High contrast', 'Use'],
        [...group('control').tokens, ...group('motion').tokens].map(
          (t) => html`<tr>
            <th scope="row">${name(t)}</th>
            <td><code>${t.value}</code></td>
            <td>${t.contrast ? html`<code>${t.contrast}</code>` : '—'}</td>
            <td class="description">${t.description}</td>
          </tr>`,
        ),
      )}`,
    ),
  play: async ({ canvasElement, step }) => {
    await step('The spacing bars grow with the scale', async () => {
      const widths = [...canvasElement.querySelectorAll<HTMLElement>('.bar')].map((b) => b.getBoundingClientRect().width);
      await expect(widths.slice(1)).toEqual([...widths.slice(1)].sort((a, b) => a - b));
      await expect(widths[0]).toBe(8);
    });
  },
};
