import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/contact-dialog/contact-dialog.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import type { InvitationSentEvent } from '../src/events/events.js';
import { MIREILLE_ID, SEED_CLIENT_ID, getFakeBackend, type FakeBackendArgs } from './fake-backend-decorator.js';
import {
  TIMEOUT,
  contactDialogShown,
  accessOf,
  inLocale,
  inside,
  mireilleAndColleagues,
  query,
  retype,
  shadowOf,
  text,
} from './play-helpers.js';

type Args = Pick<ContactDialog, 'clientId' | 'contactId' | 'open'> & FakeBackendArgs;

/** The bubble's text once it shows (a polite live region: screen readers say it too). */
async function bubbleText(el: Element): Promise<string> {
  let said = '';
  await waitFor(() => {
    said = text(shadowOf(el).querySelector('[part="status"]'));
    return expect(said).not.toBe('');
  }, TIMEOUT);
  await expect(query(shadowOf(el), '.status')).toHaveAttribute('role', 'status');
  return said;
}

/**
 * The small status bubble of the seed's screens, at the bottom of a dialog,
 * after a save or an e-mail. It hides itself after 6 seconds: replay a story
 * (the ⟳ button of the toolbar) to see it again. Shown here in
 * `<contact-dialog>`; `<grant-access-dialog>` has the same one (its *Saved*
 * story).
 */
const meta = {
  title: 'Elements/Status bubbles',
  component: 'contact-dialog',
  args: { clientId: SEED_CLIENT_ID, contactId: MIREILLE_ID, open: true },
  render: (args) => html`<contact-dialog
    client-id=${args.clientId}
    .contactId=${args.contactId}
    ?open=${args.open}
  ></contact-dialog>`,
  parameters: {
    layout: 'fullscreen',
    docs: { story: { inline: false, height: '760px' } },
    fakeBackend: {
      options: { contacts: mireilleAndColleagues(3), accesses: [accessOf(MIREILLE_ID, 'invited')] },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** ENREGISTRER: "Enregistré avec succès". */
export const Saved: Story = {
  name: '"Enregistré avec succès"',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(query<HTMLInputElement>(shadowOf(el), '#field-title'), 'Directrice des stocks');
    await userEvent.click(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') }));
    await expect(await bubbleText(el)).toBe(t('Enregistré avec succès', 'Saved successfully'));
    await expect(getFakeBackend(context).callCount('updateContact')).toBe(1);
  },
};

/** The envelope re-sends the invitation: "Un courriel a été envoyé avec les informations de connexion". */
export const InvitationSent: Story = {
  name: '"Un courriel a été envoyé…" (the envelope)',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    const sent: InvitationSentEvent[] = [];
    canvasElement.addEventListener('invitation-sent', (e) => sent.push(e));
    const envelope = inside(el).getByRole('button', {
      name: t('Envoyer les informations de connexion', 'Send the login information'),
    });
    await waitFor(() => expect(envelope).toBeEnabled(), TIMEOUT);
    await userEvent.click(envelope);
    await expect(await bubbleText(el)).toBe(
      t('Un courriel a été envoyé avec les informations de connexion', 'An e-mail was sent with the login information'),
    );
    await expect(getFakeBackend(context).callCount('sendInvitation')).toBe(1);
    // The host hears of it.
    await expect(sent.map((e) => e.detail.access.contactId)).toEqual([MIREILLE_ID]);
  },
};

/**
 * ENREGISTRER pressed and the server takes long (slow, or answering 503 while
 * its database restarts, and the element waits to send the save again): after
 * 3 s the bubble says so, and stays while the save lasts.
 */
export const TakesLong: Story = {
  name: '"Toujours en cours…" (a save that takes long)',
  play: async ({ canvasElement, context }) => {
    const t = inLocale(context);
    const el = await contactDialogShown(canvasElement);
    await retype(query<HTMLInputElement>(shadowOf(el), '#field-title'), 'Directrice des stocks');
    // From now on the backend answers in a day.
    getFakeBackend(context).latency = 24 * 60 * 60 * 1000;
    await userEvent.click(inside(el).getByRole('button', { name: t('Enregistrer', 'Save') }));
    await waitFor(() => expect(text(shadowOf(el).querySelector('[part="status"]'))).not.toBe(''), { timeout: 8000 });
    await expect(await bubbleText(el)).toBe(
      t(
        "Toujours en cours… Le serveur met plus de temps que d'habitude à répondre.",
        'Still working… The server is taking longer than usual to answer.',
      ),
    );
    await expect(query(shadowOf(el), 'dialog.main')).toHaveAttribute('aria-busy', 'true');
  },
};
