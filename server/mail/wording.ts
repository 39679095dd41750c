/**
 * What the e-mails say, in French and English: one entry per mail, as data.
 * The layout (templates.ts) is shared; adding a mail is one entry here and
 * one `MailKind`. Everything is plain text: templates.ts escapes it.
 */

export type MailLanguage = 'fr' | 'en';

/**
 * - `invitation`: the first invitation of an access (or a new grant after a revocation);
 * - `resend`: a new link for an access already invited ("your sign-in details");
 * - `password-reset`, `new-link`: the mails of the forgotten-password and
 *   expired-link flows (issue 13), ready for their routes.
 */
export type MailKind = 'invitation' | 'resend' | 'password-reset' | 'new-link';
export const MAIL_KINDS: readonly MailKind[] = ['invitation', 'resend', 'password-reset', 'new-link'];

/** The facts a mail is made of, already formatted for its language. */
export interface MailFacts {
  contactName: string;
  clientName: string;
  userCode: string;
  /** The link's expiry, e.g. "5 décembre 2026 à 14 h 30 HNE". */
  expiry: string;
  /** How long the link lives, e.g. "72 heures", "60 minutes". */
  lifetime: string;
}

export interface MailWording {
  subject: (f: MailFacts) => string;
  /** The line mail clients show after the subject in the list. */
  preheader: (f: MailFacts) => string;
  intro: (f: MailFacts) => string;
  action: string;
  button: string;
  expiry: (f: MailFacts) => string;
  /** What to do if the mail was not expected. */
  closing: string;
}

/** The sentences every mail of a language shares. */
export interface CommonWording {
  greeting: (name: string) => string;
  userCode: string;
  /** Before the link written out in full, under the button. */
  copyLink: string;
  /** The footer: who sent it and that it was automatic. */
  footer: (company: string) => string;
  duration: (minutes: number) => string;
  /** The locale the expiry date is written in. */
  locale: string;
}

/** Ends a sentence that ends with a name: no second period after "inc.". */
const end = (sentence: string) => (sentence.endsWith('.') ? sentence : `${sentence}.`);

function duration(minutes: number, hour: [string, string], minute: [string, string]): string {
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? hour[0] : hour[1]}`;
  return `${minutes} ${minutes === 1 ? minute[0] : minute[1]}`;
}

export const COMMON: Record<MailLanguage, CommonWording> = {
  fr: {
    greeting: (name) => `Bonjour ${name},`,
    userCode: "Votre code d'utilisateur :",
    copyLink: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
    footer: (company) => end(`Courriel envoyé automatiquement par ${company}`),
    duration: (m) => duration(m, ['heure', 'heures'], ['minute', 'minutes']),
    locale: 'fr-CA',
  },
  en: {
    greeting: (name) => `Hello ${name},`,
    userCode: 'Your user code:',
    copyLink: 'If the button does not work, copy this link into your browser:',
    footer: (company) => end(`E-mail sent automatically by ${company}`),
    duration: (m) => duration(m, ['hour', 'hours'], ['minute', 'minutes']),
    locale: 'en-CA',
  },
};

export const WORDING: Record<MailKind, Record<MailLanguage, MailWording>> = {
  invitation: {
    fr: {
      subject: (f) => `Votre code d'utilisateur ${f.userCode} a été créé`,
      preheader: (f) => end(`Établissez votre mot de passe pour accéder au portail client de ${f.clientName}`),
      intro: (f) => end(`Un accès à notre portail client vous a été accordé pour ${f.clientName}`),
      action: 'Pour vous connecter, établissez d’abord votre propre mot de passe confidentiel en suivant ce lien :',
      button: 'Établir mon mot de passe',
      expiry: (f) => `Ce lien expire le ${f.expiry} (dans ${f.lifetime}). Il est personnel et ne peut servir qu’une seule fois.`,
      closing: 'Si vous n’attendiez pas ce courriel, vous pouvez l’ignorer.',
    },
    en: {
      subject: (f) => `Your user code ${f.userCode} has been created`,
      preheader: (f) => end(`Set your password to use the client portal of ${f.clientName}`),
      intro: (f) => end(`You have been given access to our client portal for ${f.clientName}`),
      action: 'To log in, first set your own confidential password by following this link:',
      button: 'Set my password',
      expiry: (f) => `This link expires on ${f.expiry} (in ${f.lifetime}). It is personal and works only once.`,
      closing: 'If you were not expecting this e-mail, you can ignore it.',
    },
  },
  resend: {
    fr: {
      subject: () => 'Vos informations de connexion',
      preheader: (f) => end(`Un nouveau lien pour le portail client de ${f.clientName}`),
      intro: (f) => `Voici vos informations de connexion au portail client pour ${f.clientName}, avec un nouveau lien.`,
      action: 'Pour choisir votre mot de passe, suivez ce nouveau lien. Les liens envoyés auparavant ne fonctionnent plus.',
      button: 'Choisir mon mot de passe',
      expiry: (f) => `Ce lien expire le ${f.expiry} (dans ${f.lifetime}). Il est personnel et ne peut servir qu’une seule fois.`,
      closing: 'Si vous n’attendiez pas ce courriel, vous pouvez l’ignorer.',
    },
    en: {
      subject: () => 'Your sign-in details',
      preheader: (f) => end(`A new link for the client portal of ${f.clientName}`),
      intro: (f) => `Here are your sign-in details for the client portal of ${f.clientName}, with a new link.`,
      action: 'To choose your password, follow this new link. Links sent earlier no longer work.',
      button: 'Choose my password',
      expiry: (f) => `This link expires on ${f.expiry} (in ${f.lifetime}). It is personal and works only once.`,
      closing: 'If you were not expecting this e-mail, you can ignore it.',
    },
  },
  'password-reset': {
    fr: {
      subject: () => 'Réinitialisation de votre mot de passe',
      preheader: (f) => end(`Choisissez un nouveau mot de passe pour le portail client de ${f.clientName}`),
      intro: (f) => end(`Un nouveau mot de passe a été demandé pour votre accès au portail client de ${f.clientName}`),
      action: 'Pour choisir un nouveau mot de passe, suivez ce lien :',
      button: 'Choisir un nouveau mot de passe',
      expiry: (f) => `Ce lien expire le ${f.expiry} (dans ${f.lifetime}). Il ne peut servir qu’une seule fois.`,
      closing: 'Si vous n’avez pas fait cette demande, ignorez ce courriel : votre mot de passe actuel reste valide.',
    },
    en: {
      subject: () => 'Resetting your password',
      preheader: (f) => end(`Choose a new password for the client portal of ${f.clientName}`),
      intro: (f) => end(`A new password was requested for your access to the client portal of ${f.clientName}`),
      action: 'To choose a new password, follow this link:',
      button: 'Choose a new password',
      expiry: (f) => `This link expires on ${f.expiry} (in ${f.lifetime}). It works only once.`,
      closing: 'If you did not ask for this, ignore this e-mail: your current password still works.',
    },
  },
  'new-link': {
    fr: {
      subject: () => 'Votre nouveau lien d’invitation',
      preheader: (f) => end(`Le nouveau lien demandé pour le portail client de ${f.clientName}`),
      intro: (f) => end(`Voici le nouveau lien demandé pour accéder au portail client de ${f.clientName}`),
      action: 'Pour établir votre mot de passe, suivez ce lien :',
      button: 'Établir mon mot de passe',
      expiry: (f) => `Ce lien expire le ${f.expiry} (dans ${f.lifetime}). Il est personnel et ne peut servir qu’une seule fois.`,
      closing: 'Si vous n’avez pas demandé ce lien, ignorez ce courriel.',
    },
    en: {
      subject: () => 'Your new invitation link',
      preheader: (f) => end(`The new link you asked for, for the client portal of ${f.clientName}`),
      intro: (f) => end(`Here is the new link you asked for, to use the client portal of ${f.clientName}`),
      action: 'To set your password, follow this link:',
      button: 'Set my password',
      expiry: (f) => `This link expires on ${f.expiry} (in ${f.lifetime}). It is personal and works only once.`,
      closing: 'If you did not ask for this link, ignore this e-mail.',
    },
  },
};
