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
  contactDialogShown,
  accessOf,
  dialogOpen,
  find,
  inLocale,
  inside,
  mireilleAndColleagues,
  pressEscapeOn,
  query,
  retype,
  shadowOf,
  text,
} from './play-helpers.js';

type Args = Pick<ContactDialog, 'clientId' | 'contactId' | 'open'> & FakeBackendArgs;

/** A field of the dialog (`name`, `title`, `email`...). */
function field(el: ContactDialog, name: string): HTMLInputElement {
  return query<HTMLInputElement>(shadowOf(el), `#field-${name}`);
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
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    const dialog = inside(el);
    await expect(dialog.getByRole('heading', { level: 2, name: 'Mireille Couture' })).toBeVisible();
    await expect(dialog.getByLabelText(t('Nom', 'Name'))).toBe(field(el, 'name'));
    await expect(field(el, 'name').value).toBe('Mireille Couture');
    await expect(field(el, 'title').value).toBe('Responsable stock');
    await expect(field(el, 'phone').value).toBe('521 1224 6321');
    await waitFor(() => expect(text(query(shadowOf(el), '[part="position"] [aria-hidden]'))).toBe('10 / 13'), TIMEOUT);
    await expect(dialog.getByRole('button', { name: t('Contact précédent', 'Previous contact') })).toHaveAttribute('aria-disabled', 'false');
    await expect(dialog.getByRole('button', { name: t('Contact suivant', 'Next contact') })).toHaveAttribute('aria-disabled', 'false');
    await expect(dialog.getByRole('button', { name: t('Accès', 'Access') })).toBeEnabled();
    await waitFor(
      () => expect(text(query(shadowOf(el), '[part="access"]'))).toBe(t('Aucun accès au portail', 'No portal access')),
      TIMEOUT,
    );
    // Focus starts in Nom.
    await expect(shadowOf(el).activeElement).toBe(field(el, 'name'));
  },
};

/** A new contact ("+" in the table): empty, and no access to give before it is saved. */
export const New: Story = {
  name: 'New contact',
  args: { contactId: null },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    const dialog = inside(el);
    await expect(dialog.getByRole('heading', { level: 2, name: t('Nouveau contact', 'New contact') })).toBeVisible();
    await expect(field(el, 'name').value).toBe('');
    await expect(field(el, 'name')).toHaveAttribute('aria-required', 'true');
    await expect(dialog.getByRole('button', { name: t('Accès', 'Access') })).toBeDisabled();
    await expect(
      dialog.getByRole('button', { name: t('Envoyer les informations de connexion', 'Send the login information') }),
    ).toBeDisabled();
    await expect(shadowOf(el).querySelector('[part="nav"]')).toBeNull();
    await expect(text(query(shadowOf(el), '[part="legend"]'))).toContain(t('ⓘ = Champs obligatoires', 'ⓘ = Required fields'));
  },
};

/** The contact is on its way (the fake backend answers after a minute): the form's place is kept. */
export const Loading: Story = {
  args: { latency: 60_000 },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = query<ContactDialog>(canvasElement, 'contact-dialog');
    await dialogOpen(el);
    const loading = await find(shadowOf(el), '.skeleton [role="status"]');
    await expect(text(loading)).toBe(t('Chargement du contact…', 'Loading the contact…'));
    await expect(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Nom emptied and a broken e-mail address, then ENREGISTRER: the errors show next to the fields, nothing is sent. */
export const ValidationErrors: Story = {
  name: 'With validation errors',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(field(el, 'name'), '');
    await retype(field(el, 'email'), 'mireille.couture@');
    await userEvent.click(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') }));
    const nameError = query(shadowOf(el), '#field-name-error');
    await waitFor(() => expect(nameError).toBeVisible(), TIMEOUT);
    const required = t('Ce champ est obligatoire.', 'This field is required.');
    await expect(text(nameError)).toBe(required);
    await expect(field(el, 'name')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(el, 'name')).toHaveAccessibleDescription(expect.stringContaining(required));
    await expect(text(query(shadowOf(el), '#field-email-error'))).toBe(
      t(
        'Entrez une adresse courriel valide, par exemple nom@exemple.com.',
        'Enter a valid e-mail address, for example name@example.com.',
      ),
    );
    // Focus goes to the first field in error; no request was made.
    await expect(shadowOf(el).activeElement).toBe(field(el, 'name'));
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
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(field(el, 'title'), 'Directrice des stocks');
    await userEvent.click(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') }));
    const banner = await find(shadowOf(el), '[part="banner"]');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(text(banner)).toContain(
      t("L'enregistrement a échoué; vos saisies sont conservées.", 'The save failed; what you typed is kept.'),
    );
    await expect(field(el, 'title').value).toBe('Directrice des stocks');
    await expect(getFakeBackend(context).callCount('updateContact')).toBe(1);
  },
};

/** Something typed, then Escape: the dialog asks before the edits are lost. */
export const UnsavedEditsOnClose: Story = {
  name: 'With unsaved edits on close',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(field(el, 'department'), 'Logistique et entrepôt');
    pressEscapeOn(query<HTMLDialogElement>(shadowOf(el), 'dialog.main'));
    const confirm = await dialogOpen(el, 'dialog.confirm');
    await expect(confirm).toHaveAttribute('role', 'alertdialog');
    const ask = inside(el);
    await expect(ask.getByRole('heading', { name: t('Abandonner les modifications?', 'Discard your changes?') })).toBeVisible();
    await expect(ask.getByRole('button', { name: t('Continuer la saisie', 'Keep editing') })).toBeVisible();
    await expect(ask.getByRole('button', { name: t('Abandonner', 'Discard') })).toBeVisible();
    // The contact dialog stays open underneath.
    await expect(el.open).toBe(true);
  },
};

/**
 * Someone else changed Mireille while she has unsaved edits here (`<client-contacts>` hears it live and
 * calls `contactChanged()`): nothing is overwritten; a banner says so and offers to reload.
 */
export const ChangedElsewhere: Story = {
  name: 'Changed elsewhere, with unsaved edits',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(field(el, 'department'), 'Logistique et entrepôt');
    const backend = getFakeBackend(context);
    const mireille = await backend.getContact(SEED_CLIENT_ID, MIREILLE_ID);
    await backend.updateContact(SEED_CLIENT_ID, MIREILLE_ID, { ...mireille, title: 'Directrice des achats' });
    await el.contactChanged(MIREILLE_ID);
    const banner = await find(shadowOf(el), '[part="banner"]');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(text(banner)).toContain(t("Ce contact a été modifié par quelqu'un d'autre.", 'Someone else has changed this contact.'));
    await expect(inside(el).getByRole('button', { name: t('Recharger', 'Reload') })).toBeVisible();
    await expect(field(el, 'department').value).toBe('Logistique et entrepôt');
    await expect(field(el, 'title').value).toBe('Responsable stock');
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
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    const access = await find(shadowOf(el), 'section[part="access"]');
    await waitFor(() => expect(text(access)).toContain(MIREILLE_USER_CODE), TIMEOUT);
    await expect(inside(el).getByRole('heading', { name: t('Accès au portail', 'Portal access') })).toBeVisible();
    for (const shown of [
      t('Client (rôle du système)', 'Client (system role)'),
      'mireille.couture@hervedavid.com',
      '203.0.113.7',
      'ACT BL Solutions - Actif Montréal',
      t('Invitation envoyée', 'Invitation sent'),
    ]) {
      await expect(text(access)).toContain(shown);
    }
    await expect(
      inside(el).getByRole('button', { name: t('Envoyer les informations de connexion', 'Send the login information') }),
    ).toBeEnabled();
  },
};

/** The contact cannot be loaded: the dialog says why and offers to try again. */
export const LoadError: Story = {
  name: 'Load error',
  args: { fail: 'network' },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = query<ContactDialog>(canvasElement, 'contact-dialog');
    await dialogOpen(el);
    const error = await find(shadowOf(el), '.load-error');
    await expect(text(error)).toContain(t('Impossible de charger ce contact.', 'This contact could not be loaded.'));
    await expect(text(error)).toContain(t('Le serveur est injoignable', 'The server cannot be reached'));
    await expect(inside(el).getByRole('button', { name: t('Réessayer', 'Try again') })).toBeVisible();
  },
};

/** An existing contact with an access, in English (the toolbar switches any story). */
export const InEnglish: Story = {
  ...WithAccess,
  name: 'In English',
  globals: { locale: 'en' },
  // A pinned locale would switch the whole docs page: this one stays off it.
  tags: ['!autodocs'],
};

/** ENREGISTRER pressed, the server slow to answer: the button shows it is saving and the form waits. */
export const Saving: Story = {
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await step('An edit, then ENREGISTRER, with the server answering in a day', async () => {
      await retype(field(el, 'title'), 'Directrice des stocks');
      getFakeBackend(context).latency = 24 * 60 * 60 * 1000;
      await userEvent.click(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') }));
    });
    await step('The save button shows a spinner and does nothing more meanwhile', async () => {
      const save = query(shadowOf(el), '[part~="save-button"]');
      await waitFor(() => expect(save.querySelector('.spinner')).not.toBeNull(), TIMEOUT);
      await expect(save).toHaveAttribute('aria-disabled', 'true');
      await expect(getFakeBackend(context).callCount('updateContact')).toBe(1);
    });
  },
};

/** Presses "Supprimer le contact" and waits for the question. */
async function askToDelete(el: ContactDialog, t: ReturnType<typeof inLocale>): Promise<HTMLDialogElement> {
  await userEvent.click(inside(el).getByRole('button', { name: t('Supprimer le contact', 'Delete contact') }));
  return dialogOpen(el, 'dialog.confirm');
}

/** "Supprimer le contact" pressed on a contact without a portal access: the question names her; "Annuler" has the focus. */
export const DeleteConfirmation: Story = {
  name: 'Delete: the question',
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    let confirm = query<HTMLDialogElement>(shadowOf(el), 'dialog.confirm');
    await step('"Supprimer le contact" asks first', async () => {
      confirm = await askToDelete(el, t);
    });
    await step('The question names the contact, says it is for good, and nothing of a portal access', async () => {
      await expect(confirm).toHaveAttribute('role', 'alertdialog');
      const ask = inside(el);
      await expect(ask.getByRole('heading', { name: t('Supprimer le contact Mireille Couture?', 'Delete the contact Mireille Couture?') })).toBeVisible();
      await expect(text(confirm)).toContain(
        t('Le contact Mireille Couture sera supprimé de ce client. Cette action est définitive.', 'The contact Mireille Couture will be deleted from this client. This cannot be undone.'),
      );
      await expect(text(confirm)).not.toContain(t('portail', 'portal'));
    });
    await step('"Annuler" has the focus; "Supprimer" is the destructive answer; nothing is deleted yet', async () => {
      const cancel = inside(el).getByRole('button', { name: t('Annuler', 'Cancel') });
      await expect(shadowOf(el).activeElement).toBe(cancel);
      await expect(inside(el).getByRole('button', { name: t('Supprimer', 'Delete') })).toHaveClass('danger');
      await expect(getFakeBackend(context).callCount('deleteContact')).toBe(0);
    });
  },
};

/** The same question for a contact with a portal access: it says that her access ends too. */
export const DeleteConfirmationWithAccess: Story = {
  name: 'Delete: the question, with an access',
  parameters: WithAccess.parameters,
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await step('Her access has loaded', () => waitFor(() => expect(text(query(shadowOf(el), 'section[part="access"]'))).toContain(MIREILLE_USER_CODE), TIMEOUT));
    let confirm = query<HTMLDialogElement>(shadowOf(el), 'dialog.confirm');
    await step('"Supprimer le contact" asks first', async () => {
      confirm = await askToDelete(el, t);
    });
    await step('The question says that her portal access ends too', async () => {
      await expect(text(confirm)).toContain(
        t(
          "Son accès au portail prend fin aussi : cette personne ne pourra plus se connecter, et tout lien d'invitation reçu cessera de fonctionner.",
          'Their portal access ends too: they will no longer be able to log in, and any invitation link they received will stop working.',
        ),
      );
    });
  },
};

/** "Supprimer" confirmed, but someone changed the contact meanwhile (412): nothing is deleted, the dialog stays and says so. */
export const DeleteError: Story = {
  name: 'Delete: changed meanwhile',
  parameters: {
    fakeBackend: {
      options: { contacts: mireilleAndColleagues() },
      setup: (backend: FakeBackend) => void backend.failNext('deleteContact', 'stale'),
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await step('"Supprimer le contact", then "Supprimer"', async () => {
      await askToDelete(el, t);
      await userEvent.click(inside(el).getByRole('button', { name: t('Supprimer', 'Delete') }));
    });
    await step('The banner says the contact changed and was not deleted, and offers to reload it', async () => {
      const banner = await find(shadowOf(el), '[part="banner"]');
      await expect(banner).toHaveAttribute('role', 'alert');
      await expect(text(banner)).toContain(
        t("Ce contact a été modifié par quelqu'un d'autre depuis son ouverture : il n'a pas été supprimé.", 'Someone else changed this contact since you opened it: it was not deleted.'),
      );
      await expect(inside(el).getByRole('button', { name: t('Recharger', 'Reload') })).toBeVisible();
    });
    await step('The dialog stays, the focus on "Supprimer le contact"', async () => {
      await expect(el.open).toBe(true);
      await expect(shadowOf(el).activeElement).toBe(query(shadowOf(el), '[part~="delete-button"]'));
      await expect(await getFakeBackend(context).getContact(SEED_CLIENT_ID, MIREILLE_ID)).toBeTruthy();
    });
  },
};

/** The same at a phone's width (the toolbar's viewport switches any story; 1280 px is the default). */
export const AtPhoneWidth: Story = {
  ...WithAccess,
  name: 'At 375 px (phone)',
  globals: { viewport: { value: 'w375', isRotated: false } },
  // A pinned viewport would resize the whole docs page: these stay off it.
  tags: ['!autodocs'],
};

/** The same at a tablet's width. */
export const AtTabletWidth: Story = {
  ...WithAccess,
  name: 'At 768 px (tablet)',
  globals: { viewport: { value: 'w768', isRotated: false } },
  tags: ['!autodocs'],
};
