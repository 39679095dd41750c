/**
 * What the stories' `play` functions share: reaching into the elements' shadow
 * roots (Testing Library's queries stop at a shadow boundary), the seed's
 * contact and accesses as data, and a few waits.
 *
 * Not a story file (Storybook only picks `*.stories.ts`).
 */
import type { ContactDialog } from '../src/contact-dialog/contact-dialog.js';
import { configure, expect, prettyDOM, userEvent, waitFor, within } from 'storybook/test';
import type { Access, AccessStatus, Contact } from '../src/api/types.js';
import { MIREILLE, MIREILLE_ID, MIREILLE_USER_CODE, SEED_CLIENT_ID, seedContacts } from '../src/testing/index.js';
import { STORY_NOW, storyLocale } from './fake-backend-decorator.js';

// Testing Library prints the container of a query that failed, and its printer
// takes no ShadowRoot (it throws "Expected an element or document" instead of
// the message): print what the shadow root holds.
configure({
  getElementError(message, container) {
    const nodes = container instanceof ShadowRoot ? [...container.children] : [container as Element];
    const where = container instanceof ShadowRoot ? `In the shadow root of <${container.host.localName}>:\n` : '';
    const dom = nodes.map((n) => prettyDOM(n, 1500, { highlight: false })).join('\n');
    const error = new Error([message, `${where}${dom}`].filter(Boolean).join('\n\n'));
    error.name = 'TestingLibraryElementError';
    return error;
  },
});

/** A generous wait for what the fake backend answers (a loaded CI machine is slow). */
export const TIMEOUT = { timeout: 5000 };

/**
 * What the user reads in the story's language (the toolbar's Locale): a play
 * function says each text in both, `const t = inLocale(context)` then
 * `t('Enregistrer', 'Save')`, so every story plays in French and in English.
 */
export function inLocale(context: Parameters<typeof storyLocale>[0]) {
  const english = storyLocale(context) === 'en';
  return <T>(fr: T, en: T): T => (english ? en : fr);
}

/** The shadow root of an element, for `querySelector` (throws, rather than `!`, when there is none). */
export function shadowOf(host: Element | null | undefined): ShadowRoot {
  const root = host?.shadowRoot;
  if (!root) throw new Error(`No shadow root on ${host?.localName ?? 'nothing'}`);
  return root;
}

/** Testing Library's queries inside an element's shadow root (`within(el.shadowRoot)`). */
export function inside(host: Element | null | undefined) {
  return within(shadowOf(host) as unknown as HTMLElement);
}

/** The first match of `selector` under `root`; throws when nothing matches. */
export function query<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

/** Waits until `selector` matches under `root` (the element renders after the backend answers). */
export async function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): Promise<T> {
  let found: T | null = null;
  await waitFor(() => {
    found = root.querySelector<T>(selector);
    if (!found) throw new Error(`Nothing matches ${selector} yet`);
  }, TIMEOUT);
  return found as unknown as T;
}

/** Text as a user reads it (spaces collapsed). */
export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Replaces what a field holds by `value`, typed key by key (`''` clears it).
 * (`userEvent.clear` wants `document.activeElement` to be the field, which a
 * field in a shadow root never is: its host is. `type` over a selection works.)
 */
export async function retype(input: HTMLInputElement, value: string): Promise<void> {
  await userEvent.type(input, value || '{Backspace}', {
    initialSelectionStart: 0,
    initialSelectionEnd: input.value.length,
  });
}

/**
 * The browser's close request on a modal `<dialog>`: what pressing Escape
 * does (it fires `cancel`). A scripted Escape key press does not reach the
 * browser's dialog handling, so the play functions ask for it this way.
 */
export function pressEscapeOn(dialog: HTMLDialogElement): void {
  dialog.requestClose();
}

/** Waits until the dialog inside `host` is open and shown modally. */
export async function dialogOpen(host: Element, selector = 'dialog.main'): Promise<HTMLDialogElement> {
  const dialog = await find<HTMLDialogElement>(shadowOf(host), selector);
  await waitFor(() => expect(dialog.open).toBe(true), TIMEOUT);
  await expect(dialog.matches(':modal')).toBe(true);
  return dialog;
}

/** The story's `<contact-dialog>`, once it is open and its form shows. */
export async function contactDialogShown(canvasElement: HTMLElement): Promise<ContactDialog> {
  const el = query<ContactDialog>(canvasElement, 'contact-dialog');
  await dialogOpen(el);
  await find(shadowOf(el), 'form#form');
  return el;
}

// ---------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------

/** The seed's Mireille Couture as a stored contact. */
export function mireille(accessStatus: AccessStatus = 'none'): Contact {
  return {
    id: MIREILLE_ID,
    clientId: SEED_CLIENT_ID,
    name: MIREILLE.name,
    title: MIREILLE.title ?? '',
    department: MIREILLE.department ?? '',
    type: MIREILLE.type ?? null,
    email: MIREILLE.email ?? '',
    phone: MIREILLE.phone ?? '',
    mobile: MIREILLE.mobile ?? '',
    fax: MIREILLE.fax ?? '',
    location: 'Montréal',
    accessStatus,
    version: 1,
  };
}

/** Mireille first, then a dozen generated colleagues ("Élise Tremblay", "François Côté"...): "<" / ">" have somewhere to go. */
export function mireilleAndColleagues(n = 12): Contact[] {
  return [mireille(), ...seedContacts(n)];
}

const HOUR = 60 * 60 * 1000;

/**
 * A contact's access in a given state, as the backend stores it: sent
 * yesterday (or four days ago when expired), limited to one IP address and
 * the Montréal branch.
 */
export function accessOf(contactId: string, status: Exclude<AccessStatus, 'none'>, overrides: Partial<Access> = {}): Access {
  const now = STORY_NOW.getTime();
  const sentAgo = status === 'expired' ? 96 * HOUR : 24 * HOUR;
  const sent = new Date(now - sentAgo).toISOString();
  return {
    contactId,
    userType: 'client-contact',
    role: 'client',
    userCode: contactId === MIREILLE_ID ? MIREILLE_USER_CODE : `${SEED_CLIENT_ID}9${contactId.length}${contactId.slice(-2)}`,
    email: contactId === MIREILLE_ID ? (MIREILLE.email ?? '') : `${contactId}@hervedavid.com`,
    allowedIps: ['203.0.113.7'],
    branchId: 'mtl',
    // An expired invitation is an invitation past its date.
    status: status === 'expired' ? 'invited' : status,
    invitedAt: sent,
    lastInvitationSentAt: sent,
    invitationExpiresAt: new Date(now - sentAgo + 72 * HOUR).toISOString(),
    activatedAt: status === 'active' || status === 'revoked' ? new Date(now - 20 * HOUR).toISOString() : null,
    revokedAt: status === 'revoked' ? new Date(now - 2 * HOUR).toISOString() : null,
    version: 2,
    ...overrides,
  };
}
