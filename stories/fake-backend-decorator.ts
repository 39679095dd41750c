/**
 * Every story runs against the in-memory `FakeBackend` of `src/testing/` (`client-access-elements/testing`,
 * the same one the element tests use and hosts get), handed to the elements through a
 * `<client-access-provider .backend=${backend} locale=...>` that wraps the story.
 *
 * `.storybook/preview.ts` installs all of this globally, so an element story
 * only declares args:
 *
 * ```ts
 * export const SlowBackend: Story = { args: { latency: 1500 } };
 * export const ServerDown: Story = { args: { fail: 'server-error' } };
 * export const ManyContacts: Story = { args: { contactCount: 250, accessMix: true } };
 * ```
 *
 * Args (controls in the "Fake backend" group):
 * - `latency`: milliseconds before every answer; changed live, the data stay;
 * - `fail`: every call fails (`network`, `timeout`, `server-error`; `stale` = 412
 *   on the calls that change something); changed live too;
 * - `contactCount`: `'seed'` for the seed's Mireille Couture alone, or a number of
 *   generated contacts (`seedContacts(n)`; `0` for an empty list);
 * - `accessMix`: with a number, the contacts get varied access states.
 * Changing `contactCount` or `accessMix` builds a new backend; reopening a story
 * always starts from fresh data.
 *
 * `parameters.fakeBackend` (`FakeBackendParameters`) covers what args cannot:
 * explicit `options` (contacts, accesses, clock...), a `setup(backend)` callback
 * (`backend.failNext('saveAccess', 'stale')`), or `provider: false` for a story
 * that renders its own provider. A `play` function gets the story's backend with
 * `getFakeBackend(context)`, e.g. to assert `backend.callCount('saveAccess')`.
 *
 * The elements' events (`contact-saved`, ...) are logged in the Actions panel.
 */
import type { ArgTypes, Decorator, StoryContext } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { action } from 'storybook/actions';
import '../src/client-access-provider/client-access-provider.js';
import {
  AccessRevokedEvent,
  AccessSavedEvent,
  ContactDeletedEvent,
  ContactOpenEvent,
  ContactSavedEvent,
  InvitationSentEvent,
  RequestCloseEvent,
} from '../src/events/events.js';
import {
  FakeBackend,
  SEED_CLIENT_ID,
  seedContacts,
  type FailureMode,
  type FakeBackendOptions,
} from '../src/testing/index.js';

export { FakeBackend, SEED_CLIENT_ID, MIREILLE, MIREILLE_ID, MIREILLE_USER_CODE } from '../src/testing/index.js';

/** The args every story gets (defaults in `fakeBackendArgs`). */
export interface FakeBackendArgs {
  /** Milliseconds before every answer of the fake backend. */
  latency: number;
  /** Make every call fail this way. */
  fail: FailureMode;
  /**
   * `'seed'`: Mireille Couture alone; a number (written as a string, as the
   * control and a story's link `&args=contactCount:250` give it): that many
   * generated contacts.
   */
  contactCount: 'seed' | `${number}`;
  /** With a number of contacts: give them varied access states. */
  accessMix: boolean;
}

/** `parameters.fakeBackend`. */
export interface FakeBackendParameters {
  /** Options for the `FakeBackend`, over those the args give (`latency` and `fail` stay the args'). */
  options?: FakeBackendOptions;
  /** Called on each new backend, before the story renders: `failNext(...)`, extra data... */
  setup?: (backend: FakeBackend) => void;
  /**
   * `false`: do not wrap the story in a provider; the story renders its own and
   * hands it `getFakeBackend(context)` and `storyLocale(context)`.
   */
  provider?: boolean;
}

/** What these helpers read of a story's context (any story's context fits). */
export interface FakeBackendContext {
  id: string;
  args: object;
  parameters: StoryContext['parameters'];
}

/**
 * The stories' clock: every date they show (sent, valid until, the history)
 * is the same on every run and machine, so screenshots compare.
 */
export const STORY_NOW = new Date('2026-03-02T14:30:00Z');

export const fakeBackendArgs: FakeBackendArgs = {
  latency: 0,
  fail: 'none',
  contactCount: 'seed',
  accessMix: false,
};

/**
 * \`accessMix\` varies the access states of this many contacts at most: the
 * \`FakeBackend\` makes up an access for each and proposes its user code with a
 * search that grows with the square of the accesses past 1,000 contacts
 * (2 s for 2,000 contacts, 80 s for 5,000).
 */
const MAX_ACCESS_MIX = 1000;

/** Generated contacts; with \`accessMix\`, the first \`MAX_ACCESS_MIX\` in varied access states. */
function generatedContacts(count: number, accessMix: boolean) {
  const contacts = seedContacts(count, SEED_CLIENT_ID, { accessMix });
  for (const c of contacts.slice(MAX_ACCESS_MIX)) c.accessStatus = 'none';
  return contacts;
}

const FAILURE_MODES: FailureMode[] = ['none', 'network', 'timeout', 'server-error', 'stale'];
const table = (defaultValue: string) => ({ category: 'Fake backend', defaultValue: { summary: defaultValue } });

export const fakeBackendArgTypes: Partial<ArgTypes<FakeBackendArgs>> = {
  latency: {
    description: 'Milliseconds before every answer of the fake backend (changed live).',
    // A number, not a slider: a loading state is shown with a latency of minutes.
    control: { type: 'number', min: 0, step: 100 },
    table: table('0'),
  },
  fail: {
    description:
      'Every call fails: `network`, `timeout`, `server-error` (500), or `stale` (412 on the calls that change something).',
    control: { type: 'select' },
    options: FAILURE_MODES,
    table: table('none'),
  },
  contactCount: {
    description: "The client's contacts: the seed's Mireille Couture alone, none, or that many generated ones.",
    control: {
      type: 'select',
      labels: { seed: 'Mireille Couture (seed)', '0': 'none' },
    },
    // Strings: the URL's `args=contactCount:250` is a string, and a number option would refuse it.
    options: ['seed', '0', '3', '25', '250', '1000', '5000', '10000'],
    table: table('seed'),
  },
  accessMix: {
    description: `With generated contacts: varied access states (none, invited, active, expired, revoked), on the first ${MAX_ACCESS_MIX.toLocaleString('en')} contacts.`,
    control: { type: 'boolean' },
    table: table('false'),
  },
};

interface Entry {
  signature: string;
  backend: FakeBackend;
}

/** The backend of each rendered story (several render at once on a docs page). */
const backends = new Map<string, Entry>();

function argsOf(context: FakeBackendContext): FakeBackendArgs {
  return { ...fakeBackendArgs, ...(context.args as Partial<FakeBackendArgs>) };
}

function parametersOf(context: FakeBackendContext): FakeBackendParameters {
  return (context.parameters['fakeBackend'] as FakeBackendParameters | undefined) ?? {};
}

/**
 * The story's `FakeBackend`: made from its args and `parameters.fakeBackend`
 * on first use, then kept while `contactCount` and `accessMix` stay the same;
 * `latency` and `fail` are applied to it on every call.
 */
export function getFakeBackend(context: FakeBackendContext): FakeBackend {
  const args = argsOf(context);
  const params = parametersOf(context);
  const signature = JSON.stringify([args.contactCount, args.accessMix]);
  let entry = backends.get(context.id);
  if (!entry || entry.signature !== signature) {
    const count = args.contactCount === 'seed' ? null : Number(args.contactCount);
    const backend = new FakeBackend({
      now: () => new Date(STORY_NOW),
      ...(count === null ? {} : { contacts: generatedContacts(count, args.accessMix) }),
      ...params.options,
    });
    params.setup?.(backend);
    entry = { signature, backend };
    backends.set(context.id, entry);
  }
  entry.backend.latency = Math.max(0, Number(args.latency) || 0);
  entry.backend.fail = FAILURE_MODES.includes(args.fail) ? args.fail : 'none';
  return entry.backend;
}

/** `beforeEach`: a story (re)opened starts from fresh data. */
export function resetFakeBackend(context: Pick<StoryContext, 'id'>): void {
  backends.delete(context.id);
}

/** The locale chosen in the toolbar (`fr-CA` or `en`). */
export function storyLocale(context: Pick<StoryContext, 'globals'>): string {
  return String(context.globals['locale'] ?? 'fr-CA');
}

/** The events logged in the Actions panel. */
export const EVENT_TYPES = [
  ContactSavedEvent.type,
  ContactDeletedEvent.type,
  AccessSavedEvent.type,
  InvitationSentEvent.type,
  AccessRevokedEvent.type,
  RequestCloseEvent.type,
  ContactOpenEvent.type,
] as const satisfies readonly (keyof HTMLElementEventMap)[];

/** Logs an element event in the Actions panel, under its type. */
function logEvent(event: Event): void {
  action(event.type)('detail' in event ? event.detail : event);
}

/** Wraps every story in a provider that hands the elements the story's fake backend and locale. */
export const withFakeBackend: Decorator = (story, context) => {
  const backend = getFakeBackend(context);
  const content =
    parametersOf(context).provider === false
      ? story()
      : html`<client-access-provider .backend=${backend} locale=${storyLocale(context)}>${story()}</client-access-provider>`;
  // The events bubble and are composed: listen around everything.
  return html`<div class="cae-story" ${ref(listenToEvents)}>${content}</div>`;
};

function listenToEvents(element: Element | undefined): void {
  // Called on every render: adding the same listener again is a no-op.
  for (const type of EVENT_TYPES) element?.addEventListener(type, logEvent);
}
