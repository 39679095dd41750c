import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/client-contacts/client-contacts.js';
import type { ClientContacts } from '../src/client-contacts/client-contacts.js';
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { EVENT_TYPES, SEED_CLIENT_ID, getFakeBackend, type FakeBackendArgs } from './fake-backend-decorator.js';
import { TIMEOUT, dialogOpen, find, inLocale, inside, query, retype, shadowOf, text } from './play-helpers.js';

/** The seed's invalid example address, then a valid one. */
const INVALID_IP = '123.542.654.785';
const VALID_IP = '203.0.113.7';

/**
 * The host page's own styles (an ERP's), scoped to the mock page. Only
 * `--cae-color-accent` and the focus ring theme the elements, as on the demo page.
 */
const ERP_STYLES = html`<style>
  .erp {
    --erp-blue: #0f4c81;
    --erp-border: #d5dbe3;
    --cae-color-accent: var(--erp-blue);
    --cae-focus-ring: 2px solid #0f4c81;
    /* A light page (it says so): the elements stay light whatever the toolbar's theme. */
    color-scheme: light;
    min-height: 100vh;
    background: #eef1f5;
    color: #1f2933;
    font-family: 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    font-size: 15px;
  }
  .erp *,
  .erp *::before,
  .erp *::after {
    box-sizing: border-box;
  }
  .erp .app-bar {
    display: flex;
    align-items: center;
    gap: 1rem;
    padding: 0.5rem 1.25rem;
    background: var(--erp-blue);
    color: #fff;
  }
  .erp .brand {
    font-weight: 800;
    letter-spacing: 0.08em;
  }
  .erp .record {
    max-width: 84rem;
    margin: 0 auto;
    padding: 1.25rem;
    display: grid;
    gap: 1rem;
  }
  .erp h1 {
    margin: 0;
    font-size: 1.5rem;
    font-weight: 600;
  }
  .erp .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
    border-bottom: 2px solid var(--erp-border);
  }
  .erp .tabs li {
    padding: 0.5rem 0.75rem;
    font-size: 0.8125rem;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: #52606d;
  }
  .erp .tabs li[aria-current='page'] {
    color: var(--erp-blue);
    box-shadow: inset 0 -3px 0 var(--erp-blue);
  }
  .erp .card {
    background: #fff;
    border: 1px solid var(--erp-border);
    border-radius: 6px;
    padding: 1rem 1.25rem;
  }
  .erp .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.75rem 1.25rem;
    margin: 0;
  }
  .erp .fields .wide {
    grid-column: span 2;
  }
  .erp .fields dt {
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: #52606d;
  }
  .erp .fields dd {
    margin: 0.125rem 0 0;
    padding-bottom: 0.25rem;
    border-bottom: 1px solid var(--erp-border);
  }
  .erp .event-log h2 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .erp .event-log ol {
    margin: 0;
    padding-left: 1.5rem;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
    font-size: 0.8125rem;
  }
</style>`;

/** The host page listens to the elements' events (no polling) and lists them. */
function eventLog(list: Element | undefined): void {
  if (!list || list.hasAttribute('data-listening')) return;
  list.setAttribute('data-listening', '');
  const page = list.closest('.erp');
  for (const type of EVENT_TYPES) {
    page?.addEventListener(type, () => {
      const item = document.createElement('li');
      item.textContent = type;
      list.append(item);
    });
  }
}

const meta = {
  title: 'Whole flow',
  parameters: {
    layout: 'fullscreen',
    docs: {
      story: { inline: false, height: '900px' },
      description: {
        component:
          "The three elements together on a mock ERP customer record (as on the demo page): the host page renders the client's header and drops `<client-contacts>` in a section; the table opens `<contact-dialog>`, whose key button opens `<grant-access-dialog>`. The host page logs the events it hears.",
      },
    },
  },
  render: () => html`${ERP_STYLES}
    <div class="erp">
      <header class="app-bar">
        <span class="brand">GEM-BOOKS</span>
        <span>Gestion des clients</span>
      </header>
      <main class="record">
        <h1>Clients - Hervé David</h1>
        <ul class="tabs" aria-label="Sections de la fiche">
          <li aria-current="page">Infos</li>
          <li>Termes</li>
          <li>Vendeurs</li>
          <li>CRM</li>
          <li>Notes</li>
          <li>Ventes</li>
          <li>Documents</li>
        </ul>
        <section class="card" aria-label="Informations du client">
          <dl class="fields">
            <div><dt>Code</dt><dd>8005551</dd></div>
            <div><dt>Nom</dt><dd>Hervé David</dd></div>
            <div><dt>Mode</dt><dd>Entreprise</dd></div>
            <div><dt>Statut</dt><dd>Actif</dd></div>
            <div><dt>Langue</dt><dd>Français</dd></div>
            <div><dt>Devise</dt><dd>CAD</dd></div>
            <div class="wide"><dt>Succursale</dt><dd>ACT BL Solutions - Actif Montréal</dd></div>
          </dl>
        </section>
        <section class="card" aria-label="Contacts">
          <client-contacts client-id=${SEED_CLIENT_ID}></client-contacts>
        </section>
        <aside class="card event-log" aria-labelledby="log-title">
          <h2 id="log-title">Événements reçus par la page hôte</h2>
          <ol ${ref(eventLog)}></ol>
        </aside>
      </main>
    </div>`,
} satisfies Meta<FakeBackendArgs>;

export default meta;
type Story = StoryObj<FakeBackendArgs>;

/**
 * The seed's scenario: add a contact, open it, grant her an access (the
 * invalid IP refused first, then a valid one), see the bubble, re-send the
 * invitation.
 */
export const SeedScenario: Story = {
  name: 'The seed scenario',
  play: async ({ canvasElement, context, step }) => {
    const t = inLocale(context);
    const backend = getFakeBackend(context);
    const table = query<ClientContacts>(canvasElement, 'client-contacts');
    const rows = () => [...shadowOf(table).querySelectorAll('[part="name-button"]')].map(text);
    const bubble = (el: Element) => text(shadowOf(el).querySelector('[part="status"]'));
    const close = t('Fermer', 'Close');
    await waitFor(() => expect(rows()).toEqual(['Mireille Couture']), TIMEOUT);
    // The contact dialog is not even rendered until a contact is first opened.
    await expect(shadowOf(table).querySelector('contact-dialog')).toBeNull();

    await step('Add a contact with "+"', async () => {
      await userEvent.click(inside(table).getByRole('button', { name: t('Ajouter un contact', 'Add a contact') }));
      const dialogEl = await find<ContactDialog>(shadowOf(table), 'contact-dialog');
      await dialogOpen(dialogEl);
      const form = inside(dialogEl);
      await waitFor(
        () => expect(form.getByRole('heading', { level: 2, name: t('Nouveau contact', 'New contact') })).toBeVisible(),
        TIMEOUT,
      );
      await retype(await find<HTMLInputElement>(shadowOf(dialogEl), '#field-name'), 'Julie Caron');
      await retype(form.getByLabelText(t('Titre', 'Title')) as HTMLInputElement, 'Comptable');
      await retype(form.getByLabelText(t('Département', 'Department')) as HTMLInputElement, 'Comptabilité');
      await retype(form.getByLabelText(t('Adresse courriel', 'E-mail address')) as HTMLInputElement, 'julie.caron@hervedavid.com');
      await userEvent.click(form.getByRole('button', { name: t('Enregistrer', 'Save') }));
      await waitFor(() => expect(bubble(dialogEl)).toBe(t('Enregistré avec succès', 'Saved successfully')), TIMEOUT);
      await userEvent.click(form.getAllByRole('button', { name: close }).at(-1)!);
      await waitFor(() => expect(dialogEl.open).toBe(false), TIMEOUT);
      await waitFor(() => expect(rows()).toEqual(['Julie Caron', 'Mireille Couture']), TIMEOUT);
    });

    const dialogEl = query<ContactDialog>(shadowOf(table), 'contact-dialog');
    await step('Open her from the table', async () => {
      await userEvent.click(inside(table).getByRole('button', { name: 'Julie Caron' }));
      await dialogOpen(dialogEl);
      await waitFor(() => expect(inside(dialogEl).getByRole('heading', { level: 2, name: 'Julie Caron' })).toBeVisible(), TIMEOUT);
      await waitFor(
        () => expect(text(query(shadowOf(dialogEl), '[part="access"]'))).toBe(t('Aucun accès au portail', 'No portal access')),
        TIMEOUT,
      );
    });

    const grant = query<GrantAccessDialog>(shadowOf(dialogEl), 'grant-access-dialog');
    const ips = () => query<HTMLInputElement>(shadowOf(grant), '#field-allowedIps');
    const save = () => query<HTMLButtonElement>(shadowOf(grant), '[part~="save-button"]');
    await step('Grant access with the key: the invalid IP is refused', async () => {
      await userEvent.click(inside(dialogEl).getByRole('button', { name: t('Accès', 'Access') }));
      await dialogOpen(grant);
      await find(shadowOf(grant), '#field-userCode');
      await expect(query<HTMLInputElement>(shadowOf(grant), '#field-userCode').value).toBe('8005551217');
      await expect(query<HTMLInputElement>(shadowOf(grant), '#field-email').value).toBe('julie.caron@hervedavid.com');
      await retype(ips(), INVALID_IP);
      await userEvent.click(save());
      const error = query(shadowOf(grant), '#field-allowedIps-error');
      await waitFor(() => expect(error).toBeVisible(), TIMEOUT);
      await expect(text(error)).toContain(
        t(`« ${INVALID_IP} » n'est pas une adresse IP valide.`, `“${INVALID_IP}” is not a valid IP address.`),
      );
      await expect(backend.callCount('saveAccess')).toBe(0);
    });

    await step('A valid IP: saved, and the invitation sent', async () => {
      await retype(ips(), VALID_IP);
      await userEvent.click(save());
      await waitFor(() => expect(bubble(grant)).toMatch(t(/^Enregistré avec succès\./, /^Saved successfully\./)), TIMEOUT);
      await expect(backend.callCount('saveAccess')).toBe(1);
      await expect(backend.callsOf('saveAccess')[0]?.args[2]).toMatchObject({ allowedIps: [VALID_IP], sendInvitation: true });
      await userEvent.click(inside(grant).getAllByRole('button', { name: close }).at(-1)!);
      await waitFor(() => expect(grant.open).toBe(false), TIMEOUT);
    });

    await step('Her access shows in the contact dialog; the envelope re-sends the e-mail', async () => {
      const access = await find(shadowOf(dialogEl), 'section[part="access"]');
      await waitFor(() => expect(text(access)).toContain('8005551217'), TIMEOUT);
      await expect(text(access)).toContain(VALID_IP);
      await expect(text(access)).toContain(t('Invitation envoyée', 'Invitation sent'));
      const envelope = inside(dialogEl).getByRole('button', {
        name: t('Envoyer les informations de connexion', 'Send the login information'),
      });
      await waitFor(() => expect(envelope).toBeEnabled(), TIMEOUT);
      await userEvent.click(envelope);
      await waitFor(
        () =>
          expect(bubble(dialogEl)).toBe(
            t('Un courriel a été envoyé avec les informations de connexion', 'An e-mail was sent with the login information'),
          ),
        TIMEOUT,
      );
      await expect(backend.callCount('sendInvitation')).toBe(1);
    });

    await step('Back on the page: the table and the host both know', async () => {
      await userEvent.click(inside(dialogEl).getAllByRole('button', { name: close }).at(-1)!);
      await waitFor(() => expect(dialogEl.open).toBe(false), TIMEOUT);
      const julie = inside(table).getByRole('button', { name: 'Julie Caron' }).closest('[part~="row"]');
      await waitFor(
        () => expect(text(julie?.querySelector('[part="status-badge"]'))).toBe(t('Invitation envoyée', 'Invitation sent')),
        TIMEOUT,
      );
      const log = [...canvasElement.querySelectorAll('.event-log li')].map(text);
      await expect(log.filter((type) => type !== 'request-close')).toEqual([
        'contact-open',
        'contact-saved',
        'contact-open',
        'access-saved',
        'invitation-sent',
        'invitation-sent',
      ]);
    });
  },
};
