/**
 * `GET /invitation?token=...`: the page the invitation e-mail links to. With a
 * live link: a form to set the password (twice, show/hide, the rule, errors
 * next to the fields), posted by `/assets/invitation.js` to
 * `/api/v1/invitations/accept`. With a dead link (spent, unknown, superseded,
 * revoked, expired): one page for all of them that says the link no longer
 * works and to ask for a new one. French or English by the client's language
 * (for an unknown token, by Accept-Language).
 */
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.js';
import type { LiveInvitation } from '../services/invitations.js';
import { escapeHtml } from '../text.js';
import { type PageLanguage, page } from './layout.js';

const TEXT = {
  fr: {
    title: 'Choisissez votre mot de passe',
    intro: (name: string, client: string) =>
      `Bonjour ${name}, vous avez maintenant accès au portail client de ${client}. Choisissez votre mot de passe confidentiel pour terminer.`,
    userCode: "Votre code d'utilisateur",
    rule: `Au moins ${PASSWORD_MIN_LENGTH} caractères. Les mots de passe les plus courants sont refusés. Une courte phrase facile à retenir fait un bon mot de passe.`,
    password: 'Nouveau mot de passe',
    confirmation: 'Confirmez le mot de passe',
    show: 'Afficher les mots de passe',
    submit: 'Enregistrer mon mot de passe',
    deadTitle: 'Ce lien ne fonctionne plus',
    dead: "Ce lien d'invitation a déjà servi, a été remplacé par un plus récent ou a expiré.",
    deadWhat: 'Demandez à la personne qui vous a invité de vous envoyer un nouveau lien.',
    portal: 'Aller au portail',
    messages: {
      required: 'Entrez un mot de passe.',
      'password-too-short': `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`,
      'password-common': 'Ce mot de passe est trop courant : choisissez-en un autre.',
      'password-mismatch': 'Les deux mots de passe ne sont pas identiques.',
      'too-long': 'Le mot de passe est trop long (200 caractères au plus).',
      show: 'Afficher les mots de passe',
      hide: 'Masquer les mots de passe',
      saving: 'Enregistrement…',
      done: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter au portail avec votre code d’utilisateur.',
      dead: "Ce lien d'invitation ne fonctionne plus. Demandez à la personne qui vous a invité de vous envoyer un nouveau lien.",
      'too-many': 'Trop de tentatives. Réessayez dans quelques minutes.',
      network: 'Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.',
      failed: "L'enregistrement a échoué. Réessayez dans un moment.",
    },
  },
  en: {
    title: 'Choose your password',
    intro: (name: string, client: string) =>
      `Hello ${name}, you now have access to the client portal of ${client}. Choose your confidential password to finish.`,
    userCode: 'Your user code',
    rule: `At least ${PASSWORD_MIN_LENGTH} characters. The most common passwords are refused. A short sentence that is easy to remember makes a good password.`,
    password: 'New password',
    confirmation: 'Confirm the password',
    show: 'Show the passwords',
    submit: 'Save my password',
    deadTitle: 'This link no longer works',
    dead: 'This invitation link was already used, replaced by a newer one, or it expired.',
    deadWhat: 'Ask the person who invited you to send you a new link.',
    portal: 'Go to the portal',
    messages: {
      required: 'Enter a password.',
      'password-too-short': `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`,
      'password-common': 'This password is too common: choose another one.',
      'password-mismatch': 'The two passwords are not the same.',
      'too-long': 'The password is too long (200 characters at most).',
      show: 'Show the passwords',
      hide: 'Hide the passwords',
      saving: 'Saving…',
      done: 'Your password is saved. You can now sign in to the portal with your user code.',
      dead: 'This invitation link no longer works. Ask the person who invited you to send you a new link.',
      'too-many': 'Too many attempts. Try again in a few minutes.',
      network: 'The server cannot be reached. Check your connection, then try again.',
      failed: 'Saving failed. Try again in a moment.',
    },
  },
} as const;

export function invitationPage(language: PageLanguage, token: string, live: LiveInvitation): string {
  const t = TEXT[language];
  const e = escapeHtml;
  const body = `<main class="card">
  <h1 id="title">${e(t.title)}</h1>
  <p>${e(t.intro(live.contact.name, live.client.name))}</p>
  <form id="invitation-form" method="post" novalidate aria-labelledby="title">
    <input type="hidden" name="token" value="${e(token)}">
    <p class="user-code">${e(t.userCode)} : <strong>${e(live.access.user_code)}</strong></p>
    <input type="text" name="username" autocomplete="username" value="${e(live.access.user_code)}" hidden readonly>
    <p id="password-rule" class="rule">${e(t.rule)}</p>
    <div class="field">
      <label for="password">${e(t.password)}</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="200" aria-describedby="password-rule password-error">
      <p id="password-error" class="error" hidden></p>
    </div>
    <div class="field">
      <label for="confirmation">${e(t.confirmation)}</label>
      <input id="confirmation" name="passwordConfirmation" type="password" autocomplete="new-password" required maxlength="200" aria-describedby="confirmation-error">
      <p id="confirmation-error" class="error" hidden></p>
    </div>
    <button type="button" id="toggle" class="link-button" aria-pressed="false" aria-controls="password confirmation">${e(t.show)}</button>
    <p id="form-error" class="error banner" role="alert" hidden></p>
    <button type="submit" id="submit" class="primary">${e(t.submit)}</button>
  </form>
  <section id="done" hidden>
    <p id="done-message" role="status"></p>
    <p><a class="primary" href="/portal?lang=${language}">${e(t.portal)}</a></p>
  </section>
</main>`;
  return page({ language, title: t.title, body, script: 'invitation.js', messages: { ...t.messages } });
}

/** The page of every dead link: the same whatever the reason, nothing about the account. */
export function deadInvitationPage(language: PageLanguage): string {
  const t = TEXT[language];
  const body = `<main class="card">
  <h1>${escapeHtml(t.deadTitle)}</h1>
  <p>${escapeHtml(t.dead)}</p>
  <p>${escapeHtml(t.deadWhat)}</p>
</main>`;
  return page({ language, title: t.deadTitle, body, script: 'invitation.js', messages: { ...t.messages } });
}
