import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Access } from '../src/api/types.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { SEED_CLIENT_ID, getFakeBackend, type FakeBackend, type FakeBackendArgs } from './fake-backend-decorator.js';
import { TIMEOUT, accessOf, dialogOpen, inLocale, mireilleAndColleagues, query, shadowOf, text } from './play-helpers.js';
import { httpError } from '../src/testing/index.js';

/** Mireille and eleven colleagues; the last one (Yves …) has no e-mail address. */
const CLIENT_CONTACTS = mireilleAndColleagues(11);
/** Six people selected in the table: one already has an access, one has no e-mail. */
const PEOPLE = [0, 1, 2, 11, 3, 4].map((i) => CLIENT_CONTACTS[i]!);
const WITH_ACCESS = PEOPLE[2]!;
const NO_EMAIL = PEOPLE[3]!;
const CONTACTS = CLIENT_CONTACTS.map((c) => (c.id === WITH_ACCESS.id ? { ...c, accessStatus: 'active' as const } : c));

type Args = Pick<GrantAccessDialog, 'clientId'> & FakeBackendArgs;

/** The story's dialog, once every line is loaded. */
async function loaded(canvasElement: HTMLElement): Promise<GrantAccessDialog> {
  const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
  await dialogOpen(el);
  await waitFor(() => expect(shadowOf(el).querySelectorAll('[part~="person"]').length).toBe(PEOPLE.length), TIMEOUT);
  await waitFor(() => expect(query(shadowOf(el), 'dialog.main')).toHaveAttribute('aria-busy', 'false'), TIMEOUT);
  return el;
}

function line(el: GrantAccessDialog, name: string): HTMLElement {
  const found = [...shadowOf(el).querySelectorAll<HTMLElement>('[part~="person"]')].find((l) => text(l.querySelector('[role="rowheader"]')) === name);
  if (!found) throw new Error(`no line for ${name}`);
  return found;
}

function state(el: GrantAccessDialog, name: string): string {
  return text(line(el, name).querySelector('.line-state'));
}

function saveButton(el: GrantAccessDialog): HTMLButtonElement {
  return query<HTMLButtonElement>(shadowOf(el), '[part~="save-button"]');
}

function summary(el: GrantAccessDialog): string {
  return text(query(shadowOf(el), '.summary'));
}

// "Donner l'accès aux contacts sélectionnés": <grant-access-dialog> given the
// contacts selected in the table (`contacts`). One line per person with her
// proposed user code and e-mail; the IP limit and the branch apply to all; one
// save sends every invitation, line by line.
const meta = {
  title: 'Elements/grant-access-dialog, several contacts',
  component: 'grant-access-dialog',
  args: { clientId: SEED_CLIENT_ID },
  render: (args) => html`<grant-access-dialog client-id=${args.clientId} .contacts=${PEOPLE} open></grant-access-dialog>`,
  parameters: {
    layout: 'fullscreen',
    docs: { story: { inline: false, height: '860px' } },
    fakeBackend: { options: { contacts: CONTACTS, accesses: [accessOf(WITH_ACCESS.id, 'active')] } },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Six people, before the save: five proposals, and one who already has an access (nothing to do). */
export const BeforeSave: Story = {
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('One line per person, with her proposed user code and e-mail', async () => {
      const first = line(el, PEOPLE[0]!.name);
      await expect(first.querySelectorAll('input')[0]!.value).toMatch(/^8005551\d{3}$/);
      await expect(first.querySelectorAll('input')[1]!.value).toBe(PEOPLE[0]!.email);
    });
    await step('Who already has an access is left alone, and the line says so', async () => {
      await expect(state(el, WITH_ACCESS.name)).toBe(t('Actif A déjà un accès : rien à faire', 'Active Already has an access: nothing to do'));
    });
    await step('The button counts who will be invited', async () => {
      await expect(text(saveButton(el))).toBe(t('Enregistrer et envoyer les courriels (5)', 'Save and send the e-mails (5)'));
    });
  },
};

/** The invitations going out: three sent, three on their way at once, the rest waiting; the summary counts them. */
export const InProgress: Story = {
  parameters: {
    fakeBackend: {
      options: { contacts: CONTACTS, accesses: [accessOf(WITH_ACCESS.id, 'active')] },
      // The first two saves answer; the next ones never do (the screenshot shows them on their way).
      setup: (fake: FakeBackend) => {
        const save = fake.saveAccess.bind(fake);
        let calls = 0;
        fake.saveAccess = (...args: Parameters<FakeBackend['saveAccess']>): Promise<Access> =>
          ++calls <= 2 ? save(...args) : new Promise<Access>(() => undefined);
      },
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('Save: the line without e-mail fails at once, the others go three at a time', async () => {
      await userEvent.click(saveButton(el));
      await waitFor(() => expect(summary(el)).toBe(t('2 sur 5 envoyées, 1 en échec', '2 of 5 sent, 1 failed')), TIMEOUT);
    });
    await step('Each line says where it stands', async () => {
      await expect(state(el, PEOPLE[0]!.name)).toBe(t('Envoyée', 'Sent'));
      await expect(shadowOf(el).querySelectorAll('.person.sending').length).toBe(2);
      await expect(saveButton(el)).toHaveAttribute('aria-disabled', 'true');
    });
  },
};

/** Done, partly failed: one person had no e-mail, another one's user code was taken meanwhile; "Réessayer" retries those only. */
export const PartlyFailed: Story = {
  parameters: {
    fakeBackend: {
      options: { contacts: CONTACTS, accesses: [accessOf(WITH_ACCESS.id, 'active')] },
      setup: (fake: FakeBackend) => fake.failNext('saveAccess', httpError(409, 'taken', [{ field: 'userCode', code: 'duplicate', message: 'taken' }])),
    },
  },
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = await loaded(canvasElement);
    await step('Save', async () => {
      await userEvent.click(saveButton(el));
      await waitFor(() => expect(summary(el)).toBe(t('3 sur 5 envoyées, 2 en échec', '3 of 5 sent, 2 failed')), TIMEOUT);
    });
    await step('The failed lines say why, next to the person', async () => {
      await expect(state(el, NO_EMAIL.name)).toContain(t('Aucune adresse courriel', 'No e-mail address'));
      await expect(state(el, PEOPLE[0]!.name)).toContain(t("Ce code d'utilisateur est déjà utilisé", 'This user code is already'));
    });
    await step('The button now retries the failed ones', async () => {
      await expect(text(saveButton(el))).toBe(t('Réessayer les envois échoués (2)', 'Retry the failed invitations (2)'));
      await expect(getFakeBackend(context).callCount('saveAccess')).toBe(4);
    });
  },
};

/** Every invitation sent: the summary says so, the focus is on "Fermer". */
export const Done: Story = {
  render: (args) =>
    html`<grant-access-dialog client-id=${args.clientId} .contacts=${PEOPLE.filter((c) => c.id !== NO_EMAIL.id)} open></grant-access-dialog>`,
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const el = query<GrantAccessDialog>(canvasElement, 'grant-access-dialog');
    await dialogOpen(el);
    await waitFor(() => expect(text(saveButton(el))).toBe(t('Enregistrer et envoyer les courriels (4)', 'Save and send the e-mails (4)')), TIMEOUT);
    await step('Save: all four go', async () => {
      await userEvent.click(saveButton(el));
      await waitFor(() => expect(summary(el)).toBe(t('4 sur 4 envoyées', '4 of 4 sent')), TIMEOUT);
    });
    await step('The focus moves to "Fermer"', async () => {
      await waitFor(() => expect(text(shadowOf(el).activeElement)).toBe(t('Fermer', 'Close')), TIMEOUT);
    });
  },
};
