import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Access, Contact } from '../src/api/types.js';
import type { AccessSavedEvent, InvitationSentEvent } from '../src/events/events.js';
import '../src/grant-access-dialog/grant-access-dialog.js';
import type { GrantAccessDialog } from '../src/grant-access-dialog/grant-access-dialog.js';
import { FakeBackend, SEED_CLIENT_ID, httpError, seedContacts } from '../src/testing/index.js';

/** The bulk mode of <grant-access-dialog>: several contacts at once. */

/** Twelve contacts; the 11th (index 10) has no e-mail (seedContacts leaves every 11th without one). */
const CONTACTS: Contact[] = seedContacts(12);
const NO_EMAIL = CONTACTS[10]!;

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function setup(contacts: Contact[], fake = new FakeBackend({ contacts: CONTACTS })) {
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button type="button" id="opener">Donner l'accès</button>
    <grant-access-dialog client-id=${SEED_CLIENT_ID} .contacts=${contacts} .backend=${fake}></grant-access-dialog>
  </div>`);
  const el = wrapper.querySelector<GrantAccessDialog>('grant-access-dialog')!;
  const root = el.shadowRoot!;
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  const saved: AccessSavedEvent[] = [];
  const sent: InvitationSentEvent[] = [];
  el.addEventListener('access-saved', (e) => saved.push(e));
  el.addEventListener('invitation-sent', (e) => sent.push(e));
  opener.focus();
  await el.show();
  await waitUntil(() => root.querySelector('dialog.main')?.getAttribute('aria-busy') === 'false', 'the people did not load', { timeout: 4000 });
  const lines = () => [...root.querySelectorAll<HTMLElement>('[part~="person"]')];
  const line = (name: string) => {
    const found = lines().find((l) => text(l.querySelector('[role="rowheader"]')) === name);
    if (!found) throw new Error(`no line for ${name}`);
    return found;
  };
  const s = {
    el,
    root,
    fake,
    saved,
    sent,
    lines,
    line,
    state: (name: string) => text(line(name).querySelector('.line-state')),
    input: (name: string, field: 'userCode' | 'email') => {
      const i = lines().indexOf(line(name));
      return root.querySelector<HTMLInputElement>(`#field-line-${i}-${field}`)!;
    },
    save: () => root.querySelector<HTMLButtonElement>('[part~="save-button"]')!,
    summary: () => text(root.querySelector('.summary')),
    focused: () => root.activeElement as HTMLElement | null,
    /** Saves, and waits until nothing is on its way any more. */
    async saveAll() {
      s.save().click();
      // The lines to send are marked at once (waiting, or failed when they cannot go).
      await el.updateComplete;
      await waitUntil(() => !root.querySelector('.person.waiting, .person.sending'), 'the invitations did not all go', { timeout: 8000 });
      await el.updateComplete;
    },
    invitations: (contactId: string) => fake.peekAccess(SEED_CLIENT_ID, contactId),
  };
  return s;
}

async function invitationsSent(fake: FakeBackend, contactId: string): Promise<number> {
  const history = await fake.getAccessHistory(SEED_CLIENT_ID, contactId);
  return history.filter((e) => e.action === 'invitation-sent').length;
}

describe('grant-access-dialog, several contacts', function () {
  this.timeout(20_000);

  it('shows one line per person with her proposed user code and e-mail, and the shared IP limit and branch', async () => {
    const s = await setup(CONTACTS.slice(0, 3));
    expect(text(s.root.querySelector('#title'))).to.equal("Donner l'accès à 3 personnes");
    expect(s.lines()).to.have.length(3);
    for (const c of CONTACTS.slice(0, 3)) {
      expect(s.input(c.name, 'email').value).to.equal(c.email);
      expect(s.input(c.name, 'userCode').value).to.match(/^8005551\d{3}$/);
      expect(s.state(c.name)).to.equal('Prête');
    }
    const codes = CONTACTS.slice(0, 3).map((c) => s.input(c.name, 'userCode').value);
    expect(new Set(codes).size).to.equal(3);
    expect(s.root.querySelector('#field-allowedIps')).to.exist;
    expect(s.root.querySelector('#field-branchId')).to.exist;
    expect(text(s.save())).to.equal('Enregistrer et envoyer les courriels (3)');
    // Focus in the dialog, on the first person's user code (never on <body>).
    expect(s.focused()?.id).to.equal('field-line-0-userCode');
    await expect(s.el).to.be.accessible();
  });

  it('names each field after its column and its person', async () => {
    const s = await setup(CONTACTS.slice(0, 2));
    const input = s.input(CONTACTS[0]!.name, 'userCode');
    const labelledBy = input.getAttribute('aria-labelledby')!.split(' ').map((id) => text(s.root.getElementById(id)));
    expect(labelledBy).to.deep.equal(["Code d'utilisateur", CONTACTS[0]!.name]);
  });

  it('creates every access and sends every invitation, with an access-saved and an invitation-sent per person', async () => {
    const people = CONTACTS.slice(0, 4);
    const s = await setup(people);
    await s.saveAll();
    for (const c of people) expect(s.state(c.name)).to.equal('Envoyée');
    expect(s.summary()).to.equal('4 sur 4 envoyées');
    expect(s.saved.map((e) => e.detail.access.contactId).sort()).to.deep.equal(people.map((c) => c.id).sort());
    expect(s.saved.every((e) => e.detail.created && e.detail.invitationSent && e.detail.clientId === SEED_CLIENT_ID)).to.equal(true);
    expect(s.sent).to.have.length(4);
    for (const c of people) expect(await invitationsSent(s.fake, c.id)).to.equal(1);
    // All went: the focus goes to "Fermer" (the save button has nothing left to do).
    expect(text(s.focused())).to.equal('Fermer');
  });

  it('applies the shared IP limit and branch to everybody', async () => {
    const people = CONTACTS.slice(0, 2);
    const s = await setup(people);
    const ips = s.root.querySelector<HTMLInputElement>('#field-allowedIps')!;
    ips.focus();
    await sendKeys({ type: '203.0.113.7' });
    const branch = s.root.querySelector<HTMLSelectElement>('#field-branchId')!;
    branch.value = branch.options[1]!.value;
    branch.dispatchEvent(new Event('change'));
    await s.saveAll();
    for (const c of people) {
      const a = s.fake.peekAccess(SEED_CLIENT_ID, c.id)!;
      expect(a.allowedIps).to.deep.equal(['203.0.113.7']);
      expect(a.branchId).to.equal(branch.options[1]!.value);
    }
  });

  it('applies the shared end date to everybody (the end of that day), and refuses a day that is over before sending anything', async () => {
    const people = CONTACTS.slice(0, 2);
    const s = await setup(people);
    const end = s.root.querySelector<HTMLInputElement>('#field-accessExpiresAt')!;
    const pick = async (day: string) => {
      end.focus();
      end.value = day;
      end.dispatchEvent(new Event('input', { bubbles: true }));
      await s.el.updateComplete;
    };
    await pick('2020-01-15');
    s.save().click();
    await s.el.updateComplete;
    expect(text(s.root.querySelector('#field-accessExpiresAt-error'))).to.contain('Cette date est passée.');
    expect(s.focused()?.id).to.equal('field-accessExpiresAt');
    expect(s.fake.callCount('saveAccess')).to.equal(0);

    await pick('2030-06-30');
    await s.saveAll();
    const iso = new Date(2030, 5, 30, 23, 59, 59, 999).toISOString();
    for (const c of people) expect(s.fake.peekAccess(SEED_CLIENT_ID, c.id)!.accessExpiresAt).to.equal(iso);
  });

  it('refuses an invalid shared IP limit next to its field, and sends nothing', async () => {
    const s = await setup(CONTACTS.slice(0, 2));
    s.root.querySelector<HTMLInputElement>('#field-allowedIps')!.focus();
    await sendKeys({ type: '123.542.654.785' });
    s.save().click();
    await s.el.updateComplete;
    expect(text(s.root.querySelector('#field-allowedIps-error'))).to.contain('123.542.654.785');
    expect(s.focused()?.id).to.equal('field-allowedIps');
    expect(s.fake.callCount('saveAccess')).to.equal(0);
  });

  it('shows on her line a person without e-mail, and invites the others', async () => {
    const people = [CONTACTS[0]!, NO_EMAIL, CONTACTS[1]!];
    const s = await setup(people);
    await s.saveAll();
    expect(s.state(CONTACTS[0]!.name)).to.equal('Envoyée');
    expect(s.state(CONTACTS[1]!.name)).to.equal('Envoyée');
    expect(s.state(NO_EMAIL.name)).to.equal("Échec Aucune adresse courriel : entrez celle de cette personne pour l'inviter.");
    expect(s.input(NO_EMAIL.name, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect(s.summary()).to.equal('2 sur 3 envoyées, 1 en échec');
    expect(s.fake.peekAccess(SEED_CLIENT_ID, NO_EMAIL.id)).to.equal(null);
    // The focus goes to what to fix.
    expect(s.focused()).to.equal(s.input(NO_EMAIL.name, 'email'));
    expect(text(s.save())).to.equal('Réessayer les envois échoués (1)');
  });

  it('retries the failed lines only, and never sends twice (one key per line kept across retries)', async () => {
    const people = CONTACTS.slice(0, 3);
    const fake = new FakeBackend({ contacts: CONTACTS });
    const s = await setup(people, fake);
    // The second save is done on the server, but its answer is lost.
    fake.failNext('saveAccess', 'network', { afterCommit: true });
    await s.saveAll();
    const failed = people.filter((c) => s.state(c.name).startsWith('Échec'));
    expect(failed).to.have.length(1);
    expect(s.state(failed[0]!.name)).to.contain('Le serveur est injoignable');
    const keys = () => fake.callsOf('saveAccess').map((c) => (c.args[3] as { idempotencyKey: string }).idempotencyKey);
    expect(new Set(keys()).size).to.equal(3);
    await s.saveAll();
    expect(fake.callCount('saveAccess')).to.equal(4);
    const retryKey = keys()[3];
    expect(keys().slice(0, 3)).to.include(retryKey);
    for (const c of people) {
      expect(s.state(c.name)).to.equal('Envoyée');
      expect(await invitationsSent(fake, c.id), c.name).to.equal(1);
    }
  });

  it('shows a taken user code on its line; the fixed line goes at the next try', async () => {
    const people = CONTACTS.slice(0, 2);
    const fake = new FakeBackend({ contacts: CONTACTS });
    const s = await setup(people, fake);
    const [a, b] = people as [Contact, Contact];
    fake.failNext('saveAccess', httpError(409, 'taken', [{ field: 'userCode', code: 'duplicate', message: 'taken' }]));
    await s.saveAll();
    const failed = s.state(a.name).startsWith('Échec') ? a : b;
    expect(s.state(failed.name)).to.contain("Ce code d'utilisateur est déjà utilisé");
    expect(s.focused()).to.equal(s.input(failed.name, 'userCode'));
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '9' });
    await s.saveAll();
    expect(s.state(failed.name)).to.equal('Envoyée');
    expect(s.fake.peekAccess(SEED_CLIENT_ID, failed.id)!.userCode).to.match(/9$/);
  });

  it('leaves alone, and says so, a person who already has an access', async () => {
    const withAccess: Access = {
      contactId: CONTACTS[1]!.id,
      userType: 'client-contact',
      role: 'client',
      userCode: '8005551999',
      email: CONTACTS[1]!.email,
      allowedIps: [],
      branchId: null,
      status: 'active',
      invitedAt: '2026-03-01T14:00:00Z',
      invitationExpiresAt: null,
      lastInvitationSentAt: '2026-03-01T14:00:00Z',
      version: 2,
    };
    const fake = new FakeBackend({ contacts: CONTACTS.map((c) => (c.id === withAccess.contactId ? { ...c, accessStatus: 'active' as const } : c)), accesses: [withAccess] });
    const s = await setup(CONTACTS.slice(0, 2), fake);
    expect(s.state(CONTACTS[1]!.name)).to.equal('Actif A déjà un accès : rien à faire');
    expect(s.input(CONTACTS[1]!.name, 'userCode')).to.equal(null);
    expect(text(s.save())).to.equal('Enregistrer et envoyer les courriels (1)');
    await s.saveAll();
    expect(fake.callsOf('saveAccess').map((c) => c.args[1])).to.deep.equal([CONTACTS[0]!.id]);
    expect(s.summary()).to.equal('1 sur 1 envoyées');
  });

  it('shows each line waiting, then sending, then sent while 20 people are invited', async () => {
    const people = seedContacts(20).filter((c) => c.email);
    const fake = new FakeBackend({ contacts: seedContacts(20), latency: 60 });
    const s = await setup(people, fake);
    s.save().click();
    await waitUntil(() => s.root.querySelector('.person.sending') && s.root.querySelector('.person.waiting'), 'no line was shown waiting and sending');
    expect(s.root.querySelectorAll('.person.sending').length).to.be.at.most(3);
    expect(s.summary()).to.match(/^\d+ sur 19 envoyées$/);
    await waitUntil(() => s.summary() === '19 sur 19 envoyées', 'not all sent', { timeout: 10_000 });
  });

  it('asks before closing while the invitations go out; stopping sends no more', async () => {
    const people = seedContacts(20).filter((c) => c.email);
    const fake = new FakeBackend({ contacts: seedContacts(20), latency: 100 });
    const s = await setup(people, fake);
    s.save().click();
    await waitUntil(() => s.root.querySelector('.person.sending'));
    s.root.querySelector<HTMLButtonElement>('[part~="close-button"]')!.click();
    const confirm = s.root.querySelector<HTMLDialogElement>('dialog.confirm')!;
    await waitUntil(() => confirm.open, 'no question');
    expect(text(confirm)).to.contain("Arrêter l'envoi des invitations?");
    const stop = [...confirm.querySelectorAll('button')].find((b) => text(b) === "Arrêter l'envoi")!;
    stop.click();
    await waitUntil(() => !s.el.open, 'the dialog stayed open');
    const calls = fake.callCount('saveAccess');
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.callCount('saveAccess')).to.equal(calls);
    expect(calls).to.be.below(people.length);
  });

  it('works with the keyboard only: Tab through the lines to the save button, Enter sends, the focus lands on "Fermer"', async () => {
    const people = CONTACTS.slice(0, 2);
    const s = await setup(people);
    expect(s.focused()?.id).to.equal('field-line-0-userCode');
    const seen: string[] = [];
    for (let i = 0; i < 12 && s.focused() !== s.save(); i++) {
      await sendKeys({ press: 'Tab' });
      const f = s.focused();
      expect(f, 'the focus left the dialog').to.not.equal(null);
      seen.push(f!.id || text(f));
    }
    expect(seen.slice(0, 3)).to.deep.equal(['field-line-0-email', 'field-line-1-userCode', 'field-line-1-email']);
    expect(s.focused()).to.equal(s.save());
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => s.summary() === '2 sur 2 envoyées', 'not sent', { timeout: 6000 });
    await waitUntil(() => text(s.focused()) === 'Fermer', 'the focus did not go to "Fermer"');
  });

  it('speaks English when the page does', async () => {
    document.documentElement.lang = 'en';
    try {
      const s = await setup([CONTACTS[0]!, NO_EMAIL]);
      await waitUntil(() => text(s.root.querySelector('#title')) === 'Give access to 2 people', 'not in English');
      expect(text(s.save())).to.equal('Save and send the e-mails (2)');
      await s.saveAll();
      expect(s.summary()).to.equal('1 of 2 sent, 1 failed');
      expect(s.state(NO_EMAIL.name)).to.equal("Failed No e-mail address: enter this person's address to invite her.");
    } finally {
      document.documentElement.lang = '';
    }
  });
});
