import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import { MIREILLE, MIREILLE_ID, MIREILLE_USER_CODE, SEED_CLIENT_ID, getFakeBackend, type FakeBackendArgs } from './fake-backend-decorator.js';
import { seedContacts } from '../src/testing/index.js';
import { TIMEOUT, dialogOpen, find, inLocale, inside, mireille, query, retype, shadowOf, text } from './play-helpers.js';

type Args = Pick<ClientContacts, 'clientId' | 'headingLevel'> & FakeBackendArgs;

/** The `<client-contacts>` of the story's canvas. */
function table(canvasElement: HTMLElement): ClientContacts {
  return query<ClientContacts>(canvasElement, 'client-contacts');
}

/** Waits for the contacts count ("1 contact", "5 000 contacts") in the toolbar. */
async function count(el: ClientContacts, expected: string | RegExp): Promise<void> {
  const status = await find(shadowOf(el), '.count');
  await waitFor(() => expect(text(status)).toMatch(expected), TIMEOUT);
}

/** The names in the rows now in the DOM (the table is virtualized). */
function names(el: ClientContacts): string[] {
  return [...shadowOf(el).querySelectorAll('[part="name-button"]')].map(text);
}

/** The row of the contact named `name` (its text), or an empty string while it is not there. */
function rowText(el: ClientContacts, name: string): string {
  const row = [...shadowOf(el).querySelectorAll('[part~="row"]')].find((r) => text(r.querySelector('[part="name-button"]')) === name);
  return row ? text(row) : '';
}

// The contacts table of one client ("Contacts associés à ce client"), as on
// the seed's client page. Each story sets the fake backend (see the
// *Fake backend* controls) to show one state.
// (A code comment, not JSDoc: the docs page shows the element's own description, from its JSDoc.)
const meta = {
  title: 'Elements/client-contacts',
  component: 'client-contacts',
  args: { clientId: SEED_CLIENT_ID, headingLevel: 2 },
  render: (args) =>
    html`<client-contacts client-id=${args.clientId} heading-level=${args.headingLevel}></client-contacts>`,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The seed's client, Hervé David, and its one contact: Mireille Couture. */
export const AFewContacts: Story = {
  name: 'A few contacts (the seed)',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^1 contact$/);
    await expect(names(el)).toEqual(['Mireille Couture']);
    const row = query(shadowOf(el), '[part~="row"]:not(.header-row)');
    await expect(text(row)).toContain('mireille.couture@hervedavid.com');
    await expect(inside(el).getByRole('button', { name: t('Ajouter un contact', 'Add a contact') })).toBeVisible();
  },
};

/** The first page is on its way (the fake backend answers after a minute). */
export const Loading: Story = {
  args: { latency: 60_000 },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    const loading = await find(shadowOf(el), '[part="loading"]');
    await waitFor(() => expect(text(loading)).toBe(t('Chargement des contacts…', 'Loading the contacts…')), TIMEOUT);
    await expect(query(shadowOf(el), '[role="table"]').getAttribute('aria-busy')).toBe('true');
  },
};

/** A client without any contact yet. */
export const Empty: Story = {
  args: { contactCount: '0' },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    const empty = await find(shadowOf(el), '[part="empty"]');
    await waitFor(
      () => expect(text(empty)).toContain(t("Aucun contact n'est encore associé à ce client.", 'No contact is associated with this client yet.')),
      TIMEOUT,
    );
    await count(el, /^0 contacts$/);
  },
};

/**
 * 5,000 contacts: rows are virtualized and fetched a page (100) at a time as
 * the table scrolls.
 */
export const ThousandsOfContacts: Story = {
  name: 'Thousands of contacts',
  args: { contactCount: '5000' },
  play: async ({ canvasElement, context }) => {
    const el = table(canvasElement);
    await count(el, /^5[\s,]000 contacts$/);
    await waitFor(() => expect(names(el)[0]).toBe('Amélie Anderson'), TIMEOUT);
    // Only the rows in view are in the DOM.
    await expect(shadowOf(el).querySelectorAll('[part~="row"]').length).toBeLessThan(60);
    // Scrolled to the end, the last page is fetched and shown.
    const scroller = query(shadowOf(el), '[part="table"]');
    await waitFor(() => {
      // Again on every try: the table may still be settling (sizing its rows) when first scrolled.
      scroller.scrollTop = scroller.scrollHeight;
      return expect(shadowOf(el).querySelector('[aria-rowindex="5001"] [part="name-button"]')).not.toBeNull();
    }, TIMEOUT);
    const listed = getFakeBackend(context).callsOf('listContacts').map((c) => (c.args[1] as { offset?: number }).offset);
    await expect(listed).toContain(4900);
    scroller.scrollTop = 0;
  },
};

/** Generated contacts in every access state: none, invited, active, expired, revoked. */
export const EveryAccessState: Story = {
  name: 'Every access state',
  args: { contactCount: '25', accessMix: true },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^25 contacts$/);
    await waitFor(() => {
      const badges = new Set([...shadowOf(el).querySelectorAll('[part="status-badge"]')].map(text));
      return expect([...badges].sort()).toEqual(
        t(
          ['Actif', 'Aucun accès', 'Invitation envoyée', 'Invitation expirée', 'Révoqué'],
          ['Active', 'Invitation expired', 'Invitation sent', 'No access', 'Revoked'],
        ),
      );
    }, TIMEOUT);
  },
};

/** Mireille's access ended yesterday (its "Accès valide jusqu'au" passed): "Accès terminé", and the status filter finds her. */
export const EndedAccess: Story = {
  name: 'An access that has ended',
  parameters: {
    fakeBackend: { options: { contacts: [mireille('ended'), ...seedContacts(3, SEED_CLIENT_ID, { accessMix: true })] } },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^4 contacts$/);
    const badgeOf = (name: string) => {
      const row = [...shadowOf(el).querySelectorAll('[part~="row"]')].find((r) => text(r).includes(name));
      return row ? text(row.querySelector('[part~="status-badge"]')!) : '';
    };
    await step('Her badge says the access has ended', async () => {
      await waitFor(() => expect(badgeOf('Mireille Couture')).toBe(t('Accès terminé', 'Access ended')), TIMEOUT);
    });
    await step('The status filter offers "Accès terminé" and finds her alone', async () => {
      const select = query<HTMLSelectElement>(shadowOf(el), '#state');
      await userEvent.selectOptions(select, 'ended');
      await count(el, /^1 contact$/);
      await expect(names(el)).toEqual(['Mireille Couture']);
    });
  },
};

/** The backend cannot be reached: the table says so and offers to try again. */
export const LoadError: Story = {
  name: 'Error, with retry',
  args: { fail: 'network' },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    const error = await find(shadowOf(el), '[part="error"]');
    await expect(error).toHaveAttribute('role', 'alert');
    await waitFor(() => expect(text(error)).toContain(t('Impossible de charger les contacts.', 'The contacts could not be loaded.')), TIMEOUT);
    await expect(text(error)).toContain(t('Le serveur est injoignable.', 'The server cannot be reached.'));
    const backend = getFakeBackend(context);
    const before = backend.callCount('listContacts');
    await userEvent.click(inside(el).getByRole('button', { name: t('Réessayer', 'Try again') }));
    // Tried again (and still down: the story stays on its error), the focus on the new "Réessayer".
    await waitFor(() => expect(backend.callCount('listContacts')).toBe(before + 1), TIMEOUT);
    await find(shadowOf(el), '[part="error"]');
    await waitFor(() => expect(shadowOf(el).activeElement).toBe(shadowOf(el).querySelector('[part="error"] .retry')), TIMEOUT);
  },
};

/** A filter that matches nobody, with the way back. */
export const NoMatch: Story = {
  name: 'No match for the filter',
  args: { contactCount: '25' },
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^25 contacts$/);
    await userEvent.type(inside(el).getByLabelText(t('Filtrer les contacts', 'Filter the contacts')), 'Zébulon');
    const empty = await find(shadowOf(el), '[part="empty"]');
    await expect(text(empty)).toContain(t('Aucun contact ne correspond au filtre.', 'No contact matches the filter.'));
    await count(el, /^0 contacts$/);
    await expect(inside(el).getByRole('button', { name: t('Effacer le filtre', 'Clear the filter') })).toBeVisible();
  },
};

/**
 * "+" opens the contact dialog empty; saved, the new contact is in the table
 * at once (highlighted and announced).
 */
export const AddAContact: Story = {
  name: 'Add a contact',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^1 contact$/);
    await userEvent.click(inside(el).getByRole('button', { name: t('Ajouter un contact', 'Add a contact') }));
    const dialogEl = await find(shadowOf(el), 'contact-dialog');
    await dialogOpen(dialogEl);
    const form = inside(dialogEl);
    await waitFor(() => expect(form.getByRole('heading', { name: t('Nouveau contact', 'New contact') })).toBeVisible(), TIMEOUT);
    await retype(await waitFor(() => form.getByLabelText(t('Nom', 'Name')) as HTMLInputElement, TIMEOUT), 'Julie Caron');
    await retype(form.getByLabelText(t('Titre', 'Title')) as HTMLInputElement, 'Comptable');
    await retype(form.getByLabelText(t('Adresse courriel', 'E-mail address')) as HTMLInputElement, 'julie.caron@hervedavid.com');
    await userEvent.click(form.getByRole('button', { name: t('Enregistrer', 'Save') }));
    await waitFor(
      () => expect(text(shadowOf(dialogEl).querySelector('[part="status"]'))).toBe(t('Enregistré avec succès', 'Saved successfully')),
      TIMEOUT,
    );
    await expect(getFakeBackend(context).callCount('createContact')).toBe(1);
    await userEvent.click(form.getAllByRole('button', { name: t('Fermer', 'Close') }).at(-1)!);
    await waitFor(() => expect(dialogEl.hasAttribute('open')).toBe(false), TIMEOUT);
    await count(el, /^2 contacts$/);
    await waitFor(() => expect(names(el)).toEqual(['Julie Caron', 'Mireille Couture']), TIMEOUT);
    await waitFor(
      () => expect(text(query(shadowOf(el), '.announcement'))).toBe(t('Contact ajouté : Julie Caron', 'Contact added: Julie Caron')),
      TIMEOUT,
    );
  },
};

/** Every access state, in English (the toolbar's Locale switch does this for every story). */
export const InEnglish: Story = {
  ...EveryAccessState,
  name: 'In English',
  globals: { locale: 'en' },
  // A pinned locale would switch the whole docs page: this one stays off it.
  tags: ['!autodocs'],
};

/** The same at a phone's width (the toolbar's viewport switches any story; 1280 px is the default). */
export const AtPhoneWidth: Story = {
  ...EveryAccessState,
  name: 'At 375 px (phone)',
  globals: { viewport: { value: 'w375', isRotated: false } },
  // A pinned viewport would resize the whole docs page: these stay off it.
  tags: ['!autodocs'],
};

/** The same at a tablet's width. */
export const AtTabletWidth: Story = {
  ...EveryAccessState,
  name: 'At 768 px (tablet)',
  globals: { viewport: { value: 'w768', isRotated: false } },
  tags: ['!autodocs'],
};

/**
 * Three contacts ticked (the header checkbox shows the mixed state), and the
 * "Donner l'accès aux contacts sélectionnés (3)" button that opens the grant
 * dialog for all of them.
 */
export const RowsSelected: Story = {
  name: 'Rows selected',
  args: { contactCount: '25' },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    await count(el, /^25 contacts$/);
    const boxes = () => [...shadowOf(el).querySelectorAll<HTMLInputElement>('[role="rowheader"] input[type="checkbox"]')];
    await waitFor(() => expect(boxes().length).toBeGreaterThan(3), TIMEOUT);
    await step('Tick three rows', async () => {
      for (const box of boxes().slice(0, 3)) await userEvent.click(box);
    });
    await step('The header checkbox is mixed; the button counts them', async () => {
      const all = inside(el).getByRole('checkbox', { name: t('Sélectionner tous les contacts', 'Select all contacts') });
      await expect((all as HTMLInputElement).indeterminate).toBe(true);
      const button = inside(el).getByRole('button', { name: t("Donner l'accès aux contacts sélectionnés (3)", 'Give access to the selected contacts (3)') });
      await expect(button).toBeVisible();
    });
  },
};

/**
 * Live: changes made elsewhere (another staff member, a host's call, the contact accepting her invitation)
 * show in the table within moments, without a reload: here the story makes them straight on the fake
 * backend, which streams them to the table (`watchClient`) as the server's `/events` would.
 */
export const Live: Story = {
  name: 'Live: changes made elsewhere',
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = table(canvasElement);
    const backend = getFakeBackend(context);
    await step('The table shows Mireille Couture and listens to the client’s changes', async () => {
      await count(el, /^1 contact$/);
      await waitFor(() => expect(backend.watching(SEED_CLIENT_ID)).toBe(1), TIMEOUT);
    });
    const listed = backend.callCount('listContacts');
    await step('Another staff member adds Julie Caron: her row appears, in name order, with the count', async () => {
      await backend.createContact(SEED_CLIENT_ID, { name: 'Julie Caron', title: 'Comptable' });
      await waitFor(() => expect(names(el)).toEqual(['Julie Caron', 'Mireille Couture']), TIMEOUT);
      await count(el, /^2 contacts$/);
    });
    await step('Another staff member changes Mireille’s title: her row shows it', async () => {
      await backend.updateContact(SEED_CLIENT_ID, MIREILLE_ID, { ...MIREILLE, title: 'Directrice des achats' });
      await waitFor(() => expect(rowText(el, 'Mireille Couture')).toContain('Directrice des achats'), TIMEOUT);
    });
    await step('Mireille is invited, then accepts the invitation: her badge follows', async () => {
      await backend.saveAccess(SEED_CLIENT_ID, MIREILLE_ID, {
        userCode: MIREILLE_USER_CODE,
        email: MIREILLE.email!,
        allowedIps: [],
        branchId: null,
        sendInvitation: true,
      });
      await waitFor(() => expect(rowText(el, 'Mireille Couture')).toContain(t('Invitation envoyée', 'Invitation sent')), TIMEOUT);
      backend.simulateAcceptance(SEED_CLIENT_ID, MIREILLE_ID);
      await waitFor(() => expect(rowText(el, 'Mireille Couture')).toContain(t('Actif', 'Active')), TIMEOUT);
    });
    await step('Without a reload: the same element read its list again, and its stream stayed open', async () => {
      await expect(table(canvasElement)).toBe(el);
      await expect(backend.callCount('listContacts')).toBeGreaterThan(listed);
      await expect(backend.watching(SEED_CLIENT_ID)).toBe(1);
    });
  },
};
