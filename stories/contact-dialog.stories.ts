import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import {
  type FakeBackend,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CLIENT_ID,
  getFakeBackend,
  type FakeBackendArgs,
} from './fake-backend-decorator.js';
import {
  TIMEOUT,
  accessOf,
  dialogOpen,
  find,
  inside,
  mireilleAndColleagues,
  pressEscapeOn,
  query,
  retype,
  shadowOf,
  text,
} from './play-helpers.js';

type Args = Pick<ContactDialog, 'clientId' | 'contactId' | 'open'> & FakeBackendArgs;

/** The story's `<contact-dialog>`, once its form shows the contact asked for. */
async function shown(canvasElement: HTMLElement): Promise<ContactDialog> {
  const el = query<ContactDialog>(canvasElement, 'contact-dialog');
  await dialogOpen(el);
  await find(shadowOf(el), 'form#form');
  return el;
}

/** A field of the dialog by its label. */
function field(el: ContactDialog, label: string): HTMLInputElement {
  return inside(el).getByLabelText(label) as HTMLInputElement;
}

// Creates or edits one contact: the contact's fields, "<" / ">" and a search
// to move among the client's contacts, the key (portal access) and envelope
// (re-send the invitation) buttons. A native modal dialog: every story shows
// it open (`open`; a host calls `show()`).
// (A code comment, not JSDoc: the docs page shows the element's own description, from its JSDoc.)
const meta = {
  title: 'Elements/contact-dialog',
  component: 'contact-dialog',
  args: { clientId: SEED_CLIENT_ID, contactId: MIREILLE_ID, open: true },
  render: (args) => html`<contact-dialog
    client-id=${args.clientId}
    .contactId=${args.contactId}
    ?open=${args.open}
  ></contact-dialog>`,
  parameters: {
    layout: 'fullscreen',
    // A modal dialog takes the whole page: on the docs page each story gets a frame of its own.
    docs: { story: { inline: false, height: '760px' } },
    fakeBackend: { options: { contacts: mireilleAndColleagues() } },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Mireille Couture, the seed's contact, 10th of 13 by name: "<" / ">" and the search move among them. */
export const Existing: Story = {
  name: 'Existing contact (Mireille)',
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement);
    const dialog = inside(el);
    await expect(dialog.getByRole('heading', { level: 2, name: 'Mireille Couture' })).toBeVisible();
    await expect(field(el, 'Nom').value).toBe('Mireille Couture');
    await expect(field(el, 'Titre').value).toBe('Responsable stock');
    await expect(field(el, 'Téléphone').value).toBe('521 1224 6321');
    await waitFor(() => expect(text(query(shadowOf(el), '[part="position"] [aria-hidden]'))).toBe('10 / 13'), TIMEOUT);
    await expect(dialog.getByRole('button', { name: 'Contact précédent' })).toHaveAttribute('aria-disabled', 'false');
    await expect(dialog.getByRole('button', { name: 'Contact suivant' })).toHaveAttribute('aria-disabled', 'false');
    await expect(dialog.getByRole('button', { name: 'Accès' })).toBeEnabled();
    await waitFor(() => expect(text(query(shadowOf(el), '[part="access"]'))).toBe('Aucun accès au portail'), TIMEOUT);
    // Focus starts in Nom.
    await expect(shadowOf(el).activeElement).toBe(field(el, 'Nom'));
  },
};

/** A new contact ("+" in the table): empty, and no access to give before it is saved. */
export const New: Story = {
  name: 'New contact',
  args: { contactId: null },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement);
    const dialog = inside(el);
    await expect(dialog.getByRole('heading', { level: 2, name: 'Nouveau contact' })).toBeVisible();
    await expect(field(el, 'Nom').value).toBe('');
    await expect(field(el, 'Nom')).toHaveAttribute('aria-required', 'true');
    await expect(dialog.getByRole('button', { name: 'Accès' })).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Envoyer les informations de connexion' })).toBeDisabled();
    await expect(shadowOf(el).querySelector('[part="nav"]')).toBeNull();
    await expect(text(query(shadowOf(el), '[part="legend"]'))).toContain('ⓘ = Champs obligatoires');
  },
};

/** The contact is on its way (the fake backend answers after a minute): the form's place is kept. */
export const Loading: Story = {
  args: { latency: 60_000 },
  play: async ({ canvasElement }) => {
    const el = query<ContactDialog>(canvasElement, 'contact-dialog');
    await dialogOpen(el);
    const loading = await find(shadowOf(el), '.skeleton [role="status"]');
    await expect(text(loading)).toBe('Chargement du contact…');
    await expect(inside(el).getByRole('button', { name: 'Enregistrer' })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Nom emptied and a broken e-mail address, then ENREGISTRER: the errors show next to the fields, nothing is sent. */
export const ValidationErrors: Story = {
  name: 'With validation errors',
  play: async ({ canvasElement, context }) => {
    const el = await shown(canvasElement);
    await retype(field(el, 'Nom'), '');
    await retype(field(el, 'Adresse courriel'), 'mireille.couture@');
    await userEvent.click(inside(el).getByRole('button', { name: 'Enregistrer' }));
    const nameError = query(shadowOf(el), '#field-name-error');
    await waitFor(() => expect(nameError).toBeVisible(), TIMEOUT);
    await expect(text(nameError)).toBe('Ce champ est obligatoire.');
    await expect(field(el, 'Nom')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(el, 'Nom')).toHaveAccessibleDescription(/Ce champ est obligatoire\./);
    await expect(text(query(shadowOf(el), '#field-email-error'))).toMatch(/^Entrez une adresse courriel valide/);
    // Focus goes to the first field in error; no request was made.
    await expect(shadowOf(el).activeElement).toBe(field(el, 'Nom'));
    await expect(getFakeBackend(context).callCount('updateContact')).toBe(0);
  },
};

/** The server fails the save: the banner says so, what was typed stays. */
export const ServerError: Story = {
  name: 'With a server error',
  parameters: {
    fakeBackend: {
      options: { contacts: mireilleAndColleagues() },
      setup: (backend: FakeBackend) => void backend.failNext('updateContact', 'server-error'),
    },
  },
  play: async ({ canvasElement, context }) => {
    const el = await shown(canvasElement);
    await retype(field(el, 'Titre'), 'Directrice des stocks');
    await userEvent.click(inside(el).getByRole('button', { name: 'Enregistrer' }));
    const banner = await find(shadowOf(el), '[part="banner"]');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(text(banner)).toMatch(/^L'enregistrement a échoué; vos saisies sont conservées\./);
    await expect(field(el, 'Titre').value).toBe('Directrice des stocks');
    await expect(getFakeBackend(context).callCount('updateContact')).toBe(1);
  },
};

/** Something typed, then Escape: the dialog asks before the edits are lost. */
export const UnsavedEditsOnClose: Story = {
  name: 'With unsaved edits on close',
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement);
    await retype(field(el, 'Département'), 'Logistique et entrepôt');
    pressEscapeOn(query<HTMLDialogElement>(shadowOf(el), 'dialog.main'));
    const confirm = await dialogOpen(el, 'dialog.confirm');
    await expect(confirm).toHaveAttribute('role', 'alertdialog');
    await expect(inside(el).getByRole('heading', { name: 'Abandonner les modifications?' })).toBeVisible();
    await expect(inside(el).getByRole('button', { name: 'Continuer la saisie' })).toBeVisible();
    await expect(inside(el).getByRole('button', { name: 'Abandonner' })).toBeVisible();
    // The contact dialog stays open underneath.
    await expect(el.open).toBe(true);
  },
};

/** A contact with a portal access: role, user code, e-mail, IP limit, branch and invitation dates. */
export const WithAccess: Story = {
  name: 'With an access',
  parameters: {
    fakeBackend: {
      options: { contacts: mireilleAndColleagues(), accesses: [accessOf(MIREILLE_ID, 'invited')] },
    },
  },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement);
    const access = await find(shadowOf(el), 'section[part="access"]');
    await waitFor(() => expect(text(access)).toContain(MIREILLE_USER_CODE), TIMEOUT);
    await expect(inside(el).getByRole('heading', { name: 'Accès au portail' })).toBeVisible();
    for (const shown of [
      'Client (rôle du système)',
      'mireille.couture@hervedavid.com',
      '203.0.113.7',
      'ACT BL Solutions - Actif Montréal',
      'Invitation envoyée',
    ]) {
      await expect(text(access)).toContain(shown);
    }
    await expect(inside(el).getByRole('button', { name: 'Envoyer les informations de connexion' })).toBeEnabled();
  },
};

/** The contact cannot be loaded: the dialog says why and offers to try again. */
export const LoadError: Story = {
  name: 'Load error',
  args: { fail: 'network' },
  play: async ({ canvasElement }) => {
    const el = query<ContactDialog>(canvasElement, 'contact-dialog');
    await dialogOpen(el);
    const error = await find(shadowOf(el), '.load-error');
    await expect(text(error)).toMatch(/^Impossible de charger ce contact\. Le serveur est injoignable/);
    await expect(inside(el).getByRole('button', { name: 'Réessayer' })).toBeVisible();
  },
};

/** An existing contact with an access, in English. */
export const InEnglish: Story = {
  name: 'In English',
  globals: { locale: 'en' },
  // A pinned locale would switch the whole docs page: this one stays off it.
  tags: ['!autodocs'],
  parameters: WithAccess.parameters,
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement);
    await waitFor(() => expect(inside(el).getByLabelText('Name')).toBeVisible(), TIMEOUT);
    await expect(inside(el).getByRole('button', { name: 'Save' })).toBeVisible();
    await waitFor(() => expect(inside(el).getByRole('heading', { name: 'Portal access' })).toBeVisible(), TIMEOUT);
  },
};
