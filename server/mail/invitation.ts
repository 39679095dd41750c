/**
 * The invitation e-mail, in the client's language (French by default), as
 * plain text and HTML. Everything interpolated into the HTML is escaped.
 */
import { escapeHtml } from '../text.js';

export type MailLanguage = 'fr' | 'en';

export interface InvitationMailInput {
  language: MailLanguage;
  contactName: string;
  clientName: string;
  userCode: string;
  link: string;
  expiresAt: Date;
  ttlHours: number;
  timeZone: string;
  senderName: string;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function formatDate(date: Date, language: MailLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

interface Strings {
  subject: (code: string) => string;
  greeting: (name: string) => string;
  intro: (client: string) => string;
  userCode: string;
  action: string;
  button: string;
  expiry: (date: string, hours: number) => string;
  singleUse: string;
  ignore: string;
}

const STRINGS: Record<MailLanguage, Strings> = {
  fr: {
    subject: (code) => `Votre code d'utilisateur ${code} a été créé`,
    greeting: (name) => `Bonjour ${name},`,
    intro: (client) => `Un accès à notre portail client vous a été accordé pour ${client}.`,
    userCode: "Votre code d'utilisateur :",
    action:
      'Pour vous connecter, établissez d’abord votre propre mot de passe confidentiel en suivant ce lien :',
    button: 'Établir mon mot de passe',
    expiry: (date, hours) => `Ce lien expire le ${date} (dans ${hours} heures).`,
    singleUse: 'Il est personnel et ne peut servir qu’une seule fois.',
    ignore: 'Si vous n’attendiez pas ce courriel, vous pouvez l’ignorer.',
  },
  en: {
    subject: (code) => `Your user code ${code} has been created`,
    greeting: (name) => `Hello ${name},`,
    intro: (client) => `You have been given access to our client portal for ${client}.`,
    userCode: 'Your user code:',
    action: 'To log in, first set your own confidential password by following this link:',
    button: 'Set my password',
    expiry: (date, hours) => `This link expires on ${date} (in ${hours} hours).`,
    singleUse: 'It is personal and works only once.',
    ignore: 'If you were not expecting this e-mail, you can ignore it.',
  },
};

export function invitationMail(input: InvitationMailInput): MailContent {
  const s = STRINGS[input.language];
  const date = formatDate(input.expiresAt, input.language, input.timeZone);
  const hours = Math.round(input.ttlHours * 100) / 100;
  const text = [
    s.greeting(input.contactName),
    '',
    s.intro(input.clientName),
    `${s.userCode} ${input.userCode}`,
    '',
    s.action,
    input.link,
    '',
    `${s.expiry(date, hours)} ${s.singleUse}`,
    s.ignore,
    '',
    input.senderName,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${input.language}">
<head><meta charset="utf-8"><title>${e(s.subject(input.userCode))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>${e(s.greeting(input.contactName))}</p>
<p>${e(s.intro(input.clientName))}<br>${e(s.userCode)} <strong>${e(input.userCode)}</strong></p>
<p>${e(s.action)}</p>
<p><a href="${e(input.link)}">${e(s.button)}</a></p>
<p style="font-size: 0.9em">${e(input.link)}</p>
<p>${e(s.expiry(date, hours))} ${e(s.singleUse)}<br>${e(s.ignore)}</p>
<p>${e(input.senderName)}</p>
</body>
</html>
`;
  return { subject: s.subject(input.userCode), text, html };
}
