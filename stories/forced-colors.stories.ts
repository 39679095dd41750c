import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { MIREILLE_ID, SEED_CLIENT_ID, type FakeBackendArgs } from './fake-backend-decorator.js';
import { TIMEOUT, accessOf, dialogOpen, find, mireilleAndColleagues, query, retype, shadowOf } from './play-helpers.js';

/**
 * The states that forced colours (Windows High Contrast, `forced-colors:
 * active`) used to hide: the badges' dots, the combobox's active option, the
 * tooltip's edge, the focus ring. The visual tests draw these stories with
 * forced colours emulated (`test/visual/screenshot.setup.ts`); in a browser,
 * Chromium's DevTools > Rendering > "Emulate CSS media feature
 * forced-colors" shows the same.
 */
const meta = {
  title: 'Design system/Forced colours',
  parameters: {
    layout: 'padded',
    // Under forced colours the system picks every colour (axe reads the page's, which no longer apply).
    a11y: { config: { rules: [{ id: 'color-contrast', enabled: false }] } },
  },
} satisfies Meta<FakeBackendArgs>;

export default meta;
type Story = StoryObj<FakeBackendArgs>;

/** Every access state: the dots and the ring of the badges are drawn as borders, so they stay. */
export const Badges: Story = {
  name: 'Badges in forced colours',
  args: { contactCount: '25', accessMix: true },
  render: () => html`<client-contacts client-id=${SEED_CLIENT_ID}></client-contacts>`,
  play: async ({ canvasElement, step }) => {
    const el = query<ClientContacts>(canvasElement, 'client-contacts');
    await step('The table shows badges in several states', async () => {
      await waitFor(() => expect(shadowOf(el).querySelectorAll('[part="status-badge"]').length).toBeGreaterThan(4), TIMEOUT);
    });
    await step('Each badge has its dot (a border, which forced colours keep)', async () => {
      const badge = query(shadowOf(el), '[part="status-badge"]');
      const dot = getComputedStyle(badge, '::before');
      await expect(dot.content).toBe('""');
      if (matchMedia('(forced-colors: active)').matches) await expect(dot.borderTopStyle).toBe('solid');
    });
  },
};

/** The person combobox open, an option active: it takes the system's highlight. */
export const Combobox: Story = {
  name: 'Combobox in forced colours',
  parameters: { layout: 'fullscreen', fakeBackend: { options: { contacts: mireilleAndColleagues(6) } } },
  render: () => html`<grant-access-dialog client-id=${SEED_CLIENT_ID} open></grant-access-dialog>`,
  play: async ({ canvasElement, step }) => {
    const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
    await dialogOpen(el);
    const input = await find<HTMLInputElement>(shadowOf(el), '[role="combobox"]');
    await step('Type a letter, then ↓: the first option is active', async () => {
      await retype(input, 'e');
      await waitFor(() => expect(shadowOf(el).querySelectorAll('[role="option"]').length).toBeGreaterThan(0), TIMEOUT);
      await userEvent.keyboard('{ArrowDown}');
      await waitFor(() => expect(shadowOf(el).querySelector('[role="option"].active')).not.toBeNull(), TIMEOUT);
    });
    await step('The active option stands out from the list', async () => {
      const [active, list] = [query(shadowOf(el), '[role="option"].active'), query(shadowOf(el), '[role="listbox"]')];
      await expect(getComputedStyle(active).backgroundColor).not.toBe(getComputedStyle(list).backgroundColor);
    });
  },
};

/** A help button focused: its tooltip shows with an edge, and the focus ring is drawn. */
export const Tooltip: Story = {
  name: 'Tooltip and focus ring in forced colours',
  parameters: {
    layout: 'fullscreen',
    fakeBackend: { options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'active')] } },
  },
  render: () => html`<contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} open></contact-dialog>`,
  play: async ({ canvasElement, step }) => {
    const el = query<ContactDialog>(canvasElement, 'contact-dialog');
    await dialogOpen(el);
    await find(shadowOf(el), '#field-name');
    await step('Focus the first help button with the keyboard', async () => {
      const help = query<HTMLButtonElement>(shadowOf(el), '.help-button');
      help.focus();
      // A key press after it: the focus is the keyboard's, its ring shows.
      await userEvent.keyboard('{Shift}');
      await expect(help.matches(':focus-visible')).toBe(true);
    });
    await step('Its tooltip shows, with a border', async () => {
      const tooltip = query(shadowOf(el), '.help:focus-within .tooltip');
      await expect(getComputedStyle(tooltip).display).toBe('block');
      await expect(getComputedStyle(tooltip).borderTopStyle).toBe('solid');
    });
  },
};
