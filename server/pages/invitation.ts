/**
 * `GET /invitation?token=...`: the page the invitation e-mail links to, and
 * the forgotten password's (for an active access it asks for a new password).
 * With a live link: a form to set the password (twice, show/hide, the rule,
 * errors next to the fields), posted by `/assets/invitation.js` to
 * `/api/v1/invitations/accept`. With a dead link (spent, unknown, superseded,
 * revoked, expired): one page for all of them that says the link no longer
 * works, offers "Envoyer un nouveau lien" (the script posts the URL's token to
 * `/api/v1/invitations/renew`: the page itself holds nothing of the link) and
 * the forgotten password. French or English by the client's language (for an
 * unknown token, by Accept-Language).
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
    resetTitle: 'Choisissez un nouveau mot de passe',
    resetIntro: (name: string, client: string) =>
      `Bonjour ${name}, choisissez un nouveau mot de passe pour le portail client de ${client}. Vos sessions ouvertes prendront fin.`,
    userCode: "Votre code d'utilisateur",
    rule: `Au moins ${PASSWORD_MIN_LENGTH} caractères. Les mots de passe les plus courants sont refusés. Une courte phrase facile à retenir fait un bon mot de passe.`,
    password: 'Nouveau mot de passe',
    confirmation: 'Confirmez le mot de passe',
    show: 'Afficher les mots de passe',
    submit: 'Enregistrer mon mot de passe',
    deadTitle: 'Ce lien ne fonctionne plus',
    dead: "Ce lien d'invitation a déjà servi, a été remplacé par un plus récent ou a expiré.",
    deadWhat: 'Demandez à la personne qui vous a invité de vous envoyer un nouveau lien.',
    renewTitle: 'Recevoir un nouveau lien',
    renewWhat: "Ou recevez un nouveau lien tout de suite, à l'adresse courriel enregistrée pour votre accès.",
    renew: 'Envoyer un nouveau lien',
    forgot: 'Mot de passe oublié ?',
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
      sending: 'Envoi…',
      renewed:
        "Si ce lien peut être renouvelé, un nouveau lien vient d'être envoyé à l'adresse courriel enregistrée pour votre accès. Consultez vos courriels.",
      'too-many-renewals': "Un nouveau lien a déjà été envoyé trois fois aujourd'hui. Réessayez demain, ou demandez à la personne qui vous a invité.",
      'renew-failed': "Le courriel n'a pas pu être envoyé. Réessayez dans un moment.",
    },
  },
  en: {
    title: 'Choose your password',
    intro: (name: string, client: string) =>
      `Hello ${name}, you now have access to the client portal of ${client}. Choose your confidential password to finish.`,
    resetTitle: 'Choose a new password',
    resetIntro: (name: string, client: string) =>
      `Hello ${name}, choose a new password for the client portal of ${client}. Your open sessions will end.`,
    userCode: 'Your user code',
    rule: `At least ${PASSWORD_MIN_LENGTH} characters. The most common passwords are refused. A short sentence that is easy to remember makes a good password.`,
    password: 'New password',
    confirmation: 'Confirm the password',
    show: 'Show the passwords',
    submit: 'Save my password',
    deadTitle: 'This link no longer works',
    dead: 'This invitation link was already used, replaced by a newer one, or it expired.',
    deadWhat: 'Ask the person who invited you to send you a new link.',
    renewTitle: 'Get a new link',
    renewWhat: 'Or get a new link right away, at the e-mail address on file for your access.',
    renew: 'Send a new link',
    forgot: 'Forgot your password?',
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
      sending: 'Sending…',
      renewed: 'If this link can be renewed, a new link was just sent to the e-mail address on file for your access. Check your e-mail.',
      'too-many-renewals': 'A new link was already sent three times today. Try again tomorrow, or ask the person who invited you.',
      'renew-failed': 'The e-mail could not be sent. Try again in a moment.',
    },
  },
} as const;

export function invitationPage(language: PageLanguage, token: string, live: LiveInvitation): string {
  const t = TEXT[language];
  const e = escapeHtml;
  // An active access came by the forgotten password (or asked for a new link): a new password.
  const reset = live.access.state === 'active';
  const title = reset ? t.resetTitle : t.title;
  const body = `<main class="card">
  <h1 id="title">${e(title)}</h1>
  <p>${e((reset ? t.resetIntro : t.intro)(live.contact.name, live.client.name))}</p>
  <form id="invitation-form" method="post" novalidate aria-labelledby="title">
    <input type="hidden" name="token" value="${e(token)}">
    <p class="user-code">${e(t.userCode)} : <strong>${e(live.access.user_code)}</strong></p>
    <input type="text" name="username" autocomplete="username" value="${e(live.access.user_code)}" hidden readonly>
    <p id="password-rule" class="rule">${e(t.rule)}</p>
    <div class="field">
      <label for="password">${e(t.password)}</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="200" aria-describedby="password-rule password-error">
      <p id="password-error" class="error" aria-live="polite" aria-atomic="true"></p>
    </div>
    <div class="field">
      <label for="confirmation">${e(t.confirmation)}</label>
      <input id="confirmation" name="passwordConfirmation" type="password" autocomplete="new-password" required maxlength="200" aria-describedby="confirmation-error">
      <p id="confirmation-error" class="error" aria-live="polite" aria-atomic="true"></p>
    </div>
    <button type="button" id="toggle" class="link-button" aria-pressed="false" aria-controls="password confirmation">${e(t.show)}</button>
    <p id="form-error" class="error banner" role="alert"></p>
    <button type="submit" id="submit" class="primary">${e(t.submit)}</button>
  </form>
  <section id="done" hidden>
    <p id="done-message" role="status"></p>
    <p><a class="primary" href="/portal?lang=${language}">${e(t.portal)}</a></p>
  </section>
</main>`;
  return page({ language, title, body, script: 'invitation.js', messages: { ...t.messages } });
}

/** The page of every dead link: the same whatever the reason, nothing about the account. */
export function deadInvitationPage(language: PageLanguage): string {
  const t = TEXT[language];
  const body = `<main class="card">
  <h1>${escapeHtml(t.deadTitle)}</h1>
  <p>${escapeHtml(t.dead)}</p>
  <p>${escapeHtml(t.deadWhat)}</p>
  <section id="renew" aria-labelledby="renew-title">
    <h2 id="renew-title">${escapeHtml(t.renewTitle)}</h2>
    <p>${escapeHtml(t.renewWhat)}</p>
    <p id="renew-error" class="error banner" role="alert"></p>
    <button type="button" id="renew-button" class="primary">${escapeHtml(t.renew)}</button>
    <p id="renew-status" role="status"></p>
  </section>
  <p><a href="/password-reset?lang=${language}">${escapeHtml(t.forgot)}</a></p>
</main>`;
  return page({ language, title: t.deadTitle, body, script: 'invitation.js', messages: { ...t.messages } });
}
