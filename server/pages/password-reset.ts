/**
 * `GET /password-reset`: the forgotten password ("Mot de passe oublié ?" on
 * the portal's sign-in). One field, the user code; `/assets/password-reset.js`
 * posts it to `/api/v1/password-resets`, which answers the same whether the
 * code exists or not, so the page says the same too. The mail's link leads
 * to the invitation page, which asks for a new password. French or English
 * by `?lang=` (the portal's link), else Accept-Language.
 */
import { escapeHtml } from '../text.js';
import { type PageLanguage, page } from './layout.js';

const TEXT = {
  fr: {
    title: 'Mot de passe oublié',
    intro:
      "Entrez votre code d'utilisateur. Si un accès actif lui correspond, un lien pour choisir un nouveau mot de passe sera envoyé à l'adresse courriel enregistrée pour cet accès.",
    userCode: "Code d'utilisateur",
    submit: 'Envoyer le lien',
    back: 'Retour à la connexion',
    messages: {
      required: "Entrez votre code d'utilisateur.",
      'too-long': "Le code d'utilisateur est trop long (120 caractères au plus).",
      sending: 'Envoi…',
      done: "Si ce code d'utilisateur correspond à un accès actif, un lien vient d'être envoyé à l'adresse courriel enregistrée. Il est valide pendant une durée limitée et ne sert qu'une fois.",
      'too-many': 'Trop de demandes. Réessayez dans quelques minutes.',
      network: 'Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.',
      failed: 'La demande a échoué. Réessayez dans un moment.',
    },
  },
  en: {
    title: 'Forgotten password',
    intro: 'Enter your user code. If it names an active access, a link to choose a new password will be sent to the e-mail address on file for that access.',
    userCode: 'User code',
    submit: 'Send the link',
    back: 'Back to sign-in',
    messages: {
      required: 'Enter your user code.',
      'too-long': 'The user code is too long (120 characters at most).',
      sending: 'Sending…',
      done: 'If this user code names an active access, a link was just sent to the e-mail address on file. It is valid for a limited time and works once.',
      'too-many': 'Too many requests. Try again in a few minutes.',
      network: 'The server cannot be reached. Check your connection, then try again.',
      failed: 'The request failed. Try again in a moment.',
    },
  },
} as const;

export function passwordResetPage(language: PageLanguage): string {
  const t = TEXT[language];
  const e = escapeHtml;
  const body = `<main class="card">
  <h1 id="title">${e(t.title)}</h1>
  <form id="reset-form" method="post" novalidate aria-labelledby="title">
    <p id="reset-intro">${e(t.intro)}</p>
    <div class="field">
      <label for="user-code">${e(t.userCode)}</label>
      <input id="user-code" name="userCode" autocomplete="username" required maxlength="120" aria-describedby="reset-intro user-code-error">
      <p id="user-code-error" class="error" aria-live="polite" aria-atomic="true"></p>
    </div>
    <p id="form-error" class="error banner" role="alert"></p>
    <button type="submit" id="submit" class="primary">${e(t.submit)}</button>
  </form>
  <section id="done" hidden>
    <p id="done-message" role="status"></p>
  </section>
  <p><a href="/portal?lang=${language}">${e(t.back)}</a></p>
</main>`;
  return page({ language, title: t.title, body, script: 'password-reset.js', messages: { ...t.messages } });
}
