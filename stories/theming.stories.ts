import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { MIREILLE_ID, SEED_CLIENT_ID, type FakeBackendArgs } from './fake-backend-decorator.js';
import { TIMEOUT, accessOf, dialogOpen, find, inLocale, mireilleAndColleagues, query, shadowOf, text } from './play-helpers.js';

/**
 * A rebranded look: a host's theme for the elements, with nothing but the
 * documented `--cae-*` custom properties and `::part()`s, scoped here to a
 * wrapper class (`.rebrand`). The same rules on `:root` theme a whole page.
 */
const REBRAND = html`<style>
  .rebrand {
    /* Custom properties: inherited through the shadow roots (and into the dialogs' top layer). */
    --cae-font-family: Georgia, 'Times New Roman', serif;
    --cae-color-text: #2b1b24;
    --cae-color-muted: #5e4a56;
    --cae-color-surface: #fffdfb;
    --cae-color-surface-alt: #f7eef3;
    --cae-color-border: #cdb6c3;
    --cae-color-accent: #7a1f5c;
    --cae-color-accent-contrast: #ffffff;
    --cae-color-danger: #a3231f;
    --cae-color-success: #2f6b3a;
    --cae-color-warning: #7a4a00;
    --cae-radius: 0;
    --cae-spacing: 0.625rem;
    --cae-focus-ring: 3px solid #d18f00;
    --cae-control-height: 2.5rem;
    --cae-row-height: 3rem;
    --cae-table-max-height: 22rem;
    --cae-dialog-width: 40rem;
    --cae-backdrop: rgb(60 12 44 / 0.45);
    --cae-tooltip-background: #4a1238;
    --cae-bubble-background: #4a1238;
    --cae-bubble-color: #ffffff;
    font-family: Georgia, 'Times New Roman', serif;
    /* A rebranding for a light page: it stays light whatever the page's colour scheme. */
    color-scheme: light;
    background: #fffdfb;
    color: #2b1b24;
  }

  /* Parts: what custom properties do not reach. */
  .rebrand client-contacts::part(heading) {
    font-size: 1.05rem;
    letter-spacing: 0.08em;
    text-transform: uppercase;
    color: #7a1f5c;
  }
  .rebrand client-contacts::part(header-row) {
    background: #f1dfe9;
    border-bottom: 2px solid #7a1f5c;
  }
  .rebrand client-contacts::part(columnheader) {
    color: #4a1238;
  }
  .rebrand client-contacts::part(add-button) {
    border-radius: 50%;
  }
  .rebrand client-contacts::part(status-badge) {
    border-radius: 999px;
  }
  .rebrand client-contacts::part(name-button) {
    font-weight: 700;
  }
  .rebrand contact-dialog::part(dialog),
  .rebrand grant-access-dialog::part(dialog) {
    border-top: 6px solid #7a1f5c;
  }
  .rebrand contact-dialog::part(header),
  .rebrand grant-access-dialog::part(header) {
    background: #f7eef3;
  }
  .rebrand contact-dialog::part(title) {
    font-variant: small-caps;
  }
  .rebrand contact-dialog::part(footer),
  .rebrand grant-access-dialog::part(footer) {
    border-top: 2px solid #7a1f5c;
  }
  .rebrand contact-dialog::part(access) {
    border: 1px dashed #7a1f5c;
  }
  .rebrand grant-access-dialog::part(save-button) {
    border-radius: 999px;
  }
</style>`;

/** The canvas's element of that tag (inside the `.rebrand` wrapper). */
function get<T extends Element>(canvasElement: HTMLElement, tag: string): T {
  return query<T>(canvasElement, `.rebrand ${tag}`);
}

const meta = {
  title: 'Theming',
  parameters: {
    layout: 'fullscreen',
    docs: {
      story: { inline: false, height: '760px' },
      description: {
        component:
          'The elements rebranded by a host: custom properties (`--cae-color-accent`, `--cae-radius`, `--cae-font-family`...) and parts (`::part(header-row)`, `::part(footer)`...), in a `<style>` scoped to a wrapper. See each element\'s Docs page for the full list. Parts of the dialogs nested inside `<client-contacts>` are exported with their tag as prefix: `client-contacts::part(contact-dialog-header)`, `client-contacts::part(grant-access-dialog-save-button)`...; the custom properties reach them too.',
      },
    },
  },
} satisfies Meta<FakeBackendArgs>;

export default meta;
type Story = StoryObj<FakeBackendArgs>;

/** The contacts table, in every access state, rebranded. */
export const Table: Story = {
  name: 'Rebranded table',
  args: { contactCount: '25', accessMix: true },
  parameters: { layout: 'padded' },
  render: () => html`${REBRAND}
    <div class="rebrand"><client-contacts client-id=${SEED_CLIENT_ID}></client-contacts></div>`,
  play: async ({ canvasElement }) => {
    const el = get<ClientContacts>(canvasElement, 'client-contacts');
    await waitFor(() => expect(shadowOf(el).querySelectorAll('[part="status-badge"]').length).toBeGreaterThan(4), TIMEOUT);
    // The custom property reaches the shadow root; the part rule applies.
    const add = query(shadowOf(el), '[part="add-button"]');
    await expect(getComputedStyle(add).backgroundColor).toBe('rgb(122, 31, 92)');
    await expect(getComputedStyle(add).borderTopLeftRadius).toBe('50%');
    await expect(getComputedStyle(query(shadowOf(el), '[part="heading"]')).textTransform).toBe('uppercase');
  },
};

/** The contact dialog, with Mireille's access, rebranded. */
export const ContactDialogRebranded: Story = {
  name: 'Rebranded contact dialog',
  parameters: {
    fakeBackend: { options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'active')] } },
  },
  render: () => html`${REBRAND}
    <div class="rebrand">
      <contact-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} open></contact-dialog>
    </div>`,
  play: async ({ canvasElement }) => {
    const el = get<ContactDialog>(canvasElement, 'contact-dialog');
    const dialog = await dialogOpen(el);
    await find(shadowOf(el), 'section[part="access"]');
    await expect(getComputedStyle(dialog).borderTopWidth).toBe('6px');
    await expect(getComputedStyle(dialog).fontFamily).toMatch(/^Georgia/);
    const save = query(shadowOf(el), '.button.primary');
    await expect(getComputedStyle(save).backgroundColor).toBe('rgb(122, 31, 92)');
  },
};

/** The grant-access dialog (Mireille's proposal), rebranded. */
export const GrantDialogRebranded: Story = {
  name: 'Rebranded grant-access dialog',
  parameters: { fakeBackend: { options: { contacts: mireilleAndColleagues(3) } } },
  render: () => html`${REBRAND}
    <div class="rebrand">
      <grant-access-dialog client-id=${SEED_CLIENT_ID} contact-id=${MIREILLE_ID} open></grant-access-dialog>
    </div>`,
  play: async ({ canvasElement, context }) => {
    const el = get<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
    await dialogOpen(el);
    await find(shadowOf(el), '#field-userCode');
    const save = query(shadowOf(el), '[part~="save-button"]');
    await expect(getComputedStyle(save).borderTopLeftRadius).toBe('999px');
    await expect(text(save)).toBe(inLocale(context)('Enregistrer et envoyer un courriel', 'Save and send an e-mail'));
  },
};
