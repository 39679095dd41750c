import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import {
  FakeBackend,
  MIREILLE_ID,
  MIREILLE_USER_CODE,
  SEED_CLIENT_ID,
  STORY_NOW,
  getFakeBackend,
  type FakeBackendArgs,
} from './fake-backend-decorator.js';
import {
  TIMEOUT,
  accessOf,
  dialogOpen,
  find,
  inLocale,
  inside,
  mireilleAndColleagues,
  query,
  retype,
  shadowOf,
  text,
} from './play-helpers.js';

type Args = Pick<GrantAccessDialog, 'clientId' | 'contactId' | 'open'> & FakeBackendArgs;

/** The seed's invalid example address. */
const INVALID_IP = '123.542.654.785';
/** A user code another contact of the client already has. */
const TAKEN_USER_CODE = '8005551300';

/** The story's `<grant-access-dialog>`, once the access (or the proposal) is loaded. */
async function loaded(canvasElement: HTMLElement): Promise<GrantAccessDialog> {
  const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
  await dialogOpen(el);
  await find(shadowOf(el), '#field-userCode');
  return el;
}

function field(el: GrantAccessDialog, id: string): HTMLInputElement {
  return query<HTMLInputElement>(shadowOf(el), `#field-${id}`);
}

function saveButton(el: GrantAccessDialog): HTMLButtonElement {
  return query<HTMLButtonElement>(shadowOf(el), '[part~="save-button"]');
}

/** The status bubble's text, once it shows. */
async function bubble(el: GrantAccessDialog): Promise<string> {
  const status = await find(shadowOf(el), '[part="status"]');
  return text(status);
}

// "Ajouter un utilisateur": gives a client's contact a login to the customer
// portal, or edits or revokes it. Opened from the contact dialog's key button
// in the ERP; here on its own, open (`open`; a host calls `show()`).
// (A code comment, not JSDoc: the docs page shows the element's own description, from its JSDoc.)
const meta = {
  title: 'Elements/grant-access-dialog',
  component: 'grant-access-dialog',
  args: { clientId: SEED_CLIENT_ID, contactId: MIREILLE_ID, open: true },
  render: (args) => html`<grant-access-dialog
    client-id=${args.clientId}
    contact-id=${args.contactId}
    ?open=${args.open}
  ></grant-access-dialog>`,
  parameters: {
    layout: 'fullscreen',
    // A modal dialog takes the whole page: on the docs page each story gets a frame of its own.
    docs: { story: { inline: false, height: '860px' } },
    fakeBackend: { options: { contacts: mireilleAndColleagues(3) } },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/**
 * Mireille has no access yet: the backend proposes the user code
 * (`8005551216`), the e-mail comes from the contact; saving sends the invitation.
 */
export const New: Story = {
  name: 'New (the proposal)',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    const dialog = inside(el);
    await expect(dialog.getByRole('heading', { level: 2, name: t('Ajouter un utilisateur', 'Add a user') })).toBeVisible();
    await expect(field(el, 'userCode').value).toBe(MIREILLE_USER_CODE);
    await expect(field(el, 'email').value).toBe('mireille.couture@hervedavid.com');
    await expect(field(el, 'allowedIps').value).toBe('');
    await expect(
      dialog.getByRole('combobox', { name: t('Entrer le nom ou le prénom et sélectionner la personne', 'Enter the first or last name and select the person') }),
    ).toHaveValue('Mireille Couture');
    const userType = dialog.getByRole('group', {
      name: t("À quel type d'utilisateur souhaitez-vous donner un accès?", 'What type of user do you want to give access to?'),
    });
    await expect(text(userType)).toContain(t("Je veux donner un accès à un contact d'un client", "I want to give access to a client's contact"));
    const role = dialog.getByRole('group', {
      name: t('Choisir le rôle que souhaitez donner à cette personne', 'Choose the role to give this person'),
    });
    await expect(text(role)).toContain(t('Client (rôle du système)', 'Client (system role)'));
    await expect(text(saveButton(el))).toBe(t('Enregistrer et envoyer un courriel', 'Save and send an e-mail'));
    await expect(shadowOf(el).querySelector('[part~="revoke-button"]')).toBeNull();
  },
};

/** Mireille already invited, limited to one IP address and the Montréal branch: the form is filled in, saving does not e-mail again. */
export const Prefilled: Story = {
  name: 'Prefilled (an existing access)',
  parameters: {
    fakeBackend: { options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'invited')] } },
  },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await expect(field(el, 'userCode').value).toBe(MIREILLE_USER_CODE);
    await expect(field(el, 'allowedIps').value).toBe('203.0.113.7');
    await expect(query<HTMLSelectElement>(shadowOf(el), '#field-branchId').value).toBe('mtl');
    await expect(text(query(shadowOf(el), '[part="access-state"] .badge'))).toBe(t('Invitation envoyée', 'Invitation sent'));
    await expect(text(saveButton(el))).toBe(t('Enregistrer', 'Save'));
    await expect(inside(el).getByRole('button', { name: t("Révoquer l'accès", 'Revoke access') })).toBeVisible();
  },
};

/**
 * The seed's own example, `123.542.654.785`, is not an IP address: refused
 * next to the field, and no request leaves.
 */
export const InvalidIp: Story = {
  name: 'Invalid IP refused',
  play: async ({ canvasElement, context }) => {
    const el = await loaded(canvasElement);
    await retype(field(el, 'allowedIps'), INVALID_IP);
    await userEvent.click(saveButton(el));
    const error = query(shadowOf(el), '#field-allowedIps-error');
    await waitFor(() => expect(error).toBeVisible(), TIMEOUT);
    await expect(text(error)).toBe(
      inLocale(context)(
        `« ${INVALID_IP} » n'est pas une adresse IP valide. Entrez des adresses IPv4 ou IPv6 ou des blocs CIDR, séparés par des virgules.`,
        `“${INVALID_IP}” is not a valid IP address. Enter IPv4 or IPv6 addresses or CIDR blocks, separated by commas.`,
      ),
    );
    await expect(field(el, 'allowedIps')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(el, 'allowedIps')).toHaveAccessibleDescription(new RegExp(`${INVALID_IP.replaceAll('.', '\\.')}`));
    await expect(shadowOf(el).activeElement).toBe(field(el, 'allowedIps'));
    await expect(getFakeBackend(context).callCount('saveAccess')).toBe(0);
  },
};

/** Another contact already has the user code typed: the server refuses it (409) and the error lands on the field. */
export const DuplicateUserCode: Story = {
  name: 'Duplicate user code (409 from the server)',
  parameters: {
    fakeBackend: {
      options: {
        contacts: mireilleAndColleagues(3),
        accesses: [accessOf(`${SEED_CLIENT_ID}-1`, 'active', { userCode: TAKEN_USER_CODE })],
      },
    },
  },
  play: async ({ canvasElement, context }) => {
    const el = await loaded(canvasElement);
    await retype(field(el, 'userCode'), TAKEN_USER_CODE);
    await userEvent.click(saveButton(el));
    const error = query(shadowOf(el), '#field-userCode-error');
    await waitFor(() => expect(error).toBeVisible(), TIMEOUT);
    await expect(text(error)).toBe(
      inLocale(context)(
        "Ce code d'utilisateur est déjà utilisé. Choisissez-en un autre.",
        'This user code is already in use. Choose another one.',
      ),
    );
    await expect(field(el, 'userCode')).toHaveAttribute('aria-invalid', 'true');
    await expect(getFakeBackend(context).callCount('saveAccess')).toBe(1);
    await expect(getFakeBackend(context).peekAccess(SEED_CLIENT_ID, MIREILLE_ID)).toBeNull();
  },
};

/** ENREGISTRER ET ENVOYER UN COURRIEL pressed; the backend takes its time: the dialog is busy, the button spins. */
export const Saving: Story = {
  play: async ({ canvasElement, context }) => {
    const el = await loaded(canvasElement);
    // From now on the backend answers in a day.
    getFakeBackend(context).latency = 24 * 60 * 60 * 1000;
    await userEvent.click(saveButton(el));
    await waitFor(() => expect(query(shadowOf(el), 'dialog.main')).toHaveAttribute('aria-busy', 'true'), TIMEOUT);
    await expect(saveButton(el).querySelector('.spinner')).not.toBeNull();
    await expect(saveButton(el)).toHaveAttribute('aria-disabled', 'true');
    await expect(getFakeBackend(context).callCount('saveAccess')).toBe(1);
  },
};

/** Saved and the invitation sent: the status bubble "Enregistré avec succès". */
export const Saved: Story = {
  play: async ({ canvasElement, context }) => {
    const el = await loaded(canvasElement);
    await userEvent.click(saveButton(el));
    const t = inLocale(context);
    await waitFor(
      async () =>
        expect(await bubble(el)).toBe(
          t(
            "Enregistré avec succès. Un courriel d'invitation a été envoyé à mireille.couture@hervedavid.com.",
            'Saved successfully. An invitation e-mail was sent to mireille.couture@hervedavid.com.',
          ),
        ),
      TIMEOUT,
    );
    await waitFor(
      () => expect(text(query(shadowOf(el), '[part="access-state"] .badge'))).toBe(t('Invitation envoyée', 'Invitation sent')),
      TIMEOUT,
    );
    await expect(getFakeBackend(context).peekAccess(SEED_CLIENT_ID, MIREILLE_ID)?.status).toBe('invited');
  },
};

/** An access revoked: it can be granted again (and the invitation sent again). */
export const Revoked: Story = {
  name: 'Revoked access',
  parameters: {
    fakeBackend: { options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'revoked')] } },
  },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await expect(text(query(shadowOf(el), '[part="access-state"] .badge'))).toBe(t('Révoqué', 'Revoked'));
    await expect(text(saveButton(el))).toBe(t('Enregistrer et envoyer un courriel', 'Save and send an e-mail'));
  },
};

const DAY = 24 * 60 * 60 * 1000;

/** The date input set as its picker sets it (a day, in the user's time zone). */
async function pickEnd(el: GrantAccessDialog, day: string): Promise<void> {
  const input = field(el, 'accessExpiresAt');
  input.focus();
  input.value = day;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

/** Mireille's access is valid until a day in a month: the date shows in its field and in the access state, and can be taken away. */
export const WithEndDate: Story = {
  name: 'With an end date ("Accès valide jusqu\'au")',
  parameters: {
    fakeBackend: {
      options: {
        contacts: mireilleAndColleagues(3),
        accesses: [accessOf(MIREILLE_ID, 'active', { accessExpiresAt: new Date(STORY_NOW.getTime() + 30 * DAY).toISOString() })],
      },
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('The field shows the day the access ends', async () => {
      await expect(inside(el).getByLabelText(t("Accès valide jusqu'au (optionnel)", 'Access valid until (optional)'))).toBe(field(el, 'accessExpiresAt'));
      await expect(field(el, 'accessExpiresAt').value).toMatch(/^2026-04-0[12]$/);
    });
    await step('The access state says until when', async () => {
      await expect(text(query(shadowOf(el), '[part="access-state"]'))).toContain(t("Accès valide jusqu'au", 'Access valid until'));
    });
    await step('"Retirer la date" is offered', async () => {
      await expect(inside(el).getByRole('button', { name: t('Retirer la date', 'Remove the date') })).toBeVisible();
    });
  },
};

/** A day that is over is refused next to the date, before any request. */
export const PastEndDate: Story = {
  name: 'End date in the past refused',
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('A day already over, then ENREGISTRER', async () => {
      await pickEnd(el, '2020-01-15');
      await userEvent.click(saveButton(el));
    });
    await step('The error shows next to the field, and nothing was sent', async () => {
      const error = query(shadowOf(el), '#field-accessExpiresAt-error');
      await waitFor(() => expect(error).toBeVisible(), TIMEOUT);
      await expect(text(error)).toBe(
        t(
          "Cette date est passée. Choisissez aujourd'hui ou une date à venir, ou laissez le champ vide.",
          'This date is over. Choose today or a later date, or leave the field empty.',
        ),
      );
      await expect(field(el, 'accessExpiresAt')).toHaveAttribute('aria-invalid', 'true');
      await expect(shadowOf(el).activeElement).toBe(field(el, 'accessExpiresAt'));
      await expect(getFakeBackend(context).callCount('saveAccess')).toBe(0);
    });
  },
};

/** Mireille's access ended yesterday: "Accès terminé", the day kept as it was; a later day or none gives it back. */
export const Ended: Story = {
  name: 'Ended access',
  parameters: {
    fakeBackend: {
      options: {
        contacts: mireilleAndColleagues(3),
        accesses: [accessOf(MIREILLE_ID, 'active', { accessExpiresAt: new Date(STORY_NOW.getTime() - DAY).toISOString() })],
      },
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('The badge and the date say it ended', async () => {
      await expect(text(query(shadowOf(el), '[part="access-state"] .badge'))).toBe(t('Accès terminé', 'Access ended'));
      await expect(text(query(shadowOf(el), '[part="access-state"]'))).toContain(t('Accès terminé le', 'Access ended on'));
    });
    await step('It can still be revoked', async () => {
      await expect(inside(el).getByRole('button', { name: t("Révoquer l'accès", 'Revoke access') })).toBeVisible();
    });
  },
};

/** The proposal, in English (the toolbar switches any story). */
export const InEnglish: Story = {
  ...New,
  name: 'In English',
  globals: { locale: 'en' },
  // A pinned locale would switch the whole docs page: this one stays off it.
  tags: ['!autodocs'],
};

/** The access (or the proposal) is on its way: the dialog says so where the form will be. */
export const Loading: Story = {
  args: { latency: 60_000 },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
    await step('The dialog opens at once, the form not yet there', async () => {
      await dialogOpen(el);
      await expect(shadowOf(el).querySelector('#field-userCode')).toBeNull();
    });
    await step('"Chargement…" shows where the form will be', async () => {
      await waitFor(() => expect(text(query(shadowOf(el), '.loading'))).toBe(t('Chargement…', 'Loading…')), TIMEOUT);
    });
  },
};

/** The access cannot be loaded (the server is unreachable): the banner says so and offers to try again. */
export const LoadError: Story = {
  name: 'Load error',
  args: { fail: 'network' },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
    await dialogOpen(el);
    await step('The banner tells what happened', async () => {
      const banner = await find(shadowOf(el), '[part="banner"]');
      await expect(text(banner)).toContain(
        t('Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.', 'The server cannot be reached. Check your connection, then try again.'),
      );
    });
    await step('…and offers to try again', async () => {
      await expect(inside(el).getByRole('button', { name: t('Réessayer', 'Try again') })).toBeVisible();
    });
  },
};

/** Someone else changed the access meanwhile (412): the save is refused and the dialog offers to reload it. */
export const StaleEdit: Story = {
  name: 'Stale edit (412)',
  parameters: {
    fakeBackend: {
      options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'invited')] },
      setup: (backend: FakeBackend) => void backend.failNext('saveAccess', 'stale'),
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('An edit, then ENREGISTRER', async () => {
      await retype(field(el, 'allowedIps'), '203.0.113.8');
      await userEvent.click(saveButton(el));
    });
    await step('The banner says the access changed, and offers to reload it', async () => {
      const banner = await find(shadowOf(el), '[part="banner"]');
      await expect(text(banner)).toContain(
        t("Cet accès a été modifié par quelqu'un d'autre entre-temps.", 'Someone else changed this access in the meantime.'),
      );
      await expect(field(el, 'allowedIps').value).toBe('203.0.113.8');
    });
  },
};

/** "Révoquer l'accès": a confirmation first, which names the contact and what revoking does. */
export const RevokeConfirmation: Story = {
  name: 'Revoke confirmation',
  parameters: {
    fakeBackend: { options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'active')] } },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step("Click « Révoquer l'accès »", async () => {
      await userEvent.click(inside(el).getByRole('button', { name: t("Révoquer l'accès", 'Revoke access') }));
    });
    await step('The confirmation asks, naming Mireille', async () => {
      const ask = await find(shadowOf(el), 'dialog.confirm[open]');
      await expect(text(query(ask, 'h2'))).toBe(t("Révoquer l'accès?", 'Revoke access?'));
      await expect(text(query(ask, 'p'))).toContain('Mireille Couture');
      await expect(getFakeBackend(context).callCount('revokeAccess')).toBe(0);
    });
  },
};

/** The same at a phone's width (the toolbar's viewport switches any story; 1280 px is the default). */
export const AtPhoneWidth: Story = {
  ...Prefilled,
  name: 'At 375 px (phone)',
  globals: { viewport: { value: 'w375', isRotated: false } },
  // A pinned viewport would resize the whole docs page: these stay off it.
  tags: ['!autodocs'],
};

/** The same at a tablet's width. */
export const AtTabletWidth: Story = {
  ...Prefilled,
  name: 'At 768 px (tablet)',
  globals: { viewport: { value: 'w768', isRotated: false } },
  tags: ['!autodocs'],
};
