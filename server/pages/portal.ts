/**
 * `GET /portal`: the minimal portal of a client's contact (a reference, not
 * the product). Not signed in: a sign-in form. Signed in as a contact: its
 * client's header and contacts, and a form to change the client's phone
 * number. Everything goes through the same API as the elements
 * (`/assets/portal.js`: GET /session, GET /clients/{id}, GET .../contacts,
 * PATCH /clients/{id}); the page is in the client's language once signed in,
 * before by Accept-Language.
 */
import { escapeHtml } from '../text.js';
import { type PageLanguage, page } from './layout.js';

const TEXT = {
  fr: {
    title: 'Portail client',
    signIn: 'Connexion',
    userCode: "Code d'utilisateur",
    password: 'Mot de passe',
    submit: 'Se connecter',
    forgot: 'Mot de passe oublié ?',
    signOut: 'Se déconnecter',
    client: 'Votre entreprise',
    code: 'Code',
    name: 'Nom',
    phone: 'Téléphone',
    email: 'Adresse courriel',
    website: 'Site web',
    contacts: 'Contacts',
    contactName: 'Nom',
    contactTitle: 'Titre',
    contactEmail: 'Adresse courriel',
    contactPhone: 'Téléphone',
    phoneForm: 'Modifier le téléphone de l’entreprise',
    phoneLabel: 'Téléphone',
    save: 'Enregistrer',
    messages: {
      'signed-in-as': 'Connecté : ',
      'sign-in-failed': "Le code d'utilisateur ou le mot de passe est incorrect.",
      'address-not-allowed': "Cet accès ne peut pas être utilisé depuis votre adresse réseau. Adressez-vous à la personne qui vous l'a donné.",
      'access-ended': "Votre accès au portail a pris fin. Adressez-vous à la personne qui vous l'a donné pour le prolonger.",
      'too-many': 'Trop de tentatives. Réessayez dans quelques minutes.',
      required: 'Ce champ est obligatoire.',
      'too-long': 'Trop long.',
      network: 'Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.',
      failed: 'La demande a échoué. Réessayez dans un moment.',
      saved: 'Enregistré avec succès',
      staff: 'Vous êtes connecté comme membre du personnel. Le portail est réservé aux contacts des clients.',
      'no-contacts': 'Aucun contact.',
      loading: 'Chargement…',
    },
  },
  en: {
    title: 'Client portal',
    signIn: 'Sign in',
    userCode: 'User code',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    signOut: 'Sign out',
    client: 'Your company',
    code: 'Code',
    name: 'Name',
    phone: 'Phone',
    email: 'E-mail address',
    website: 'Website',
    contacts: 'Contacts',
    contactName: 'Name',
    contactTitle: 'Title',
    contactEmail: 'E-mail address',
    contactPhone: 'Phone',
    phoneForm: 'Change the company’s phone number',
    phoneLabel: 'Phone',
    save: 'Save',
    messages: {
      'signed-in-as': 'Signed in: ',
      'sign-in-failed': 'The user code or the password is wrong.',
      'address-not-allowed': 'This access may not be used from your network address. Ask the person who gave it to you.',
      'access-ended': 'Your access to the portal has ended. Ask the person who gave it to you to extend it.',
      'too-many': 'Too many attempts. Try again in a few minutes.',
      required: 'This field is required.',
      'too-long': 'Too long.',
      network: 'The server cannot be reached. Check your connection, then try again.',
      failed: 'The request failed. Try again in a moment.',
      saved: 'Saved successfully',
      staff: 'You are signed in as a staff member. The portal is for the clients’ contacts.',
      'no-contacts': 'No contacts.',
      loading: 'Loading…',
    },
  },
} as const;

/** `signedIn`: the request has a live session (the script then asks who; otherwise it shows the sign-in at once). */
export function portalPage(language: PageLanguage, signedIn: boolean): string {
  const t = TEXT[language];
  const e = escapeHtml;
  const body = `<main class="card wide" id="main" data-signed-in="${signedIn ? 'true' : 'false'}">
  <header class="top">
    <h1>${e(t.title)}</h1>
    <p id="who" hidden><span id="who-name"></span> <button type="button" id="sign-out" class="link-button">${e(t.signOut)}</button></p>
  </header>
  <p id="loading" role="status">${e(t.messages.loading)}</p>
  <p id="page-error" class="error banner" role="alert"></p>

  <form id="sign-in" method="post" novalidate hidden aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">${e(t.signIn)}</h2>
    <div class="field">
      <label for="user-code">${e(t.userCode)}</label>
      <input id="user-code" name="userCode" autocomplete="username" required maxlength="120" aria-describedby="sign-in-error">
    </div>
    <div class="field">
      <label for="sign-in-password">${e(t.password)}</label>
      <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required maxlength="200" aria-describedby="sign-in-error">
    </div>
    <p id="sign-in-error" class="error" role="alert"></p>
    <button type="submit" class="primary">${e(t.submit)}</button>
    <p class="forgot"><a href="/password-reset?lang=${language}">${e(t.forgot)}</a></p>
  </form>

  <p id="staff" hidden>${e(t.messages.staff)}</p>

  <div id="portal" hidden>
    <section aria-labelledby="client-title">
      <h2 id="client-title">${e(t.client)}</h2>
      <dl class="client">
        <dt>${e(t.code)}</dt><dd id="client-code"></dd>
        <dt>${e(t.name)}</dt><dd id="client-name"></dd>
        <dt>${e(t.phone)}</dt><dd id="client-phone"></dd>
        <dt>${e(t.email)}</dt><dd id="client-email"></dd>
        <dt>${e(t.website)}</dt><dd id="client-website"></dd>
      </dl>
      <form id="phone-form" novalidate aria-labelledby="phone-form-title">
        <h3 id="phone-form-title">${e(t.phoneForm)}</h3>
        <div class="field">
          <label for="phone">${e(t.phoneLabel)}</label>
          <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" aria-describedby="phone-error">
          <p id="phone-error" class="error" aria-live="polite" aria-atomic="true"></p>
        </div>
        <button type="submit" class="primary">${e(t.save)}</button>
        <p id="phone-status" role="status"></p>
      </form>
    </section>
    <section aria-labelledby="contacts-title">
      <h2 id="contacts-title">${e(t.contacts)}</h2>
      <div class="table-scroll">
      <table>
        <thead><tr><th scope="col">${e(t.contactName)}</th><th scope="col">${e(t.contactTitle)}</th><th scope="col">${e(t.contactEmail)}</th><th scope="col">${e(t.contactPhone)}</th></tr></thead>
        <tbody id="contacts"></tbody>
      </table>
      </div>
    </section>
  </div>
</main>`;
  return page({ language, title: t.title, body, script: 'portal.js', messages: { ...t.messages } });
}
