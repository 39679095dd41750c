import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { ContextConsumer } from '@lit/context';
import { LitElement, html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/client-access-provider/client-access-provider.js';
import type { ClientAccessProvider } from '../src/client-access-provider/client-access-provider.js';
import { clientAccessContext } from '../src/context.js';
import {
  SEED_CLIENT_ID,
  getFakeBackend,
  storyLocale,
  type FakeBackendArgs,
} from './fake-backend-decorator.js';

/**
 * What an element inside the provider sees: it consumes the context and shows
 * the client the backend answers, and how many contacts it has.
 */
class ContextProbe extends LitElement {
  private readonly config = new ContextConsumer(this, { context: clientAccessContext, subscribe: true });
  private client = '…';

  protected override createRenderRoot() {
    return this;
  }

  protected override async updated(): Promise<void> {
    const backend = this.config.value?.backend;
    if (!backend || this.client !== '…') return;
    const [client, page] = await Promise.all([
      backend.getClient(SEED_CLIENT_ID),
      backend.listContacts(SEED_CLIENT_ID),
    ]);
    this.client = `${client.name} (${page.total} contact${page.total > 1 ? 's' : ''})`;
    this.requestUpdate();
  }

  protected override render() {
    return html`<p>Client : <output>${this.client}</output></p>`;
  }
}
if (!customElements.get('cae-story-context-probe')) customElements.define('cae-story-context-probe', ContextProbe);

type Args = Pick<ClientAccessProvider, 'endpoint' | 'locale'> & FakeBackendArgs;

const meta = {
  title: 'Elements/client-access-provider',
  component: 'client-access-provider',
  // This story renders the provider itself, given the story's fake backend.
  parameters: { fakeBackend: { provider: false } },
  render: (_args, context) => html`
    <client-access-provider .backend=${getFakeBackend(context)} locale=${storyLocale(context)}>
      <p>Les éléments placés ici partagent le même backend et la même langue.</p>
      <cae-story-context-probe></cae-story-context-probe>
    </client-access-provider>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The provider renders its content as is and hands the elements inside the story's fake backend. */
export const Default: Story = {
  args: { contactCount: '3' },
  play: async ({ canvas, context }) => {
    await expect(canvas.getByText(/partagent le même backend/)).toBeVisible();
    const output = canvas.getByRole('status');
    await waitFor(() => expect(output).toHaveTextContent('Hervé David (3 contacts)'));
    await expect(output).toBeVisible();
    await expect(getFakeBackend(context).callCount('getClient')).toBe(1);
  },
};
