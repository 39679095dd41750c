import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { isBackendError } from '../api/backend-error.js';
import type { Access, Choices } from '../api/types.js';
import type { ContactCombobox } from '../internal/contact-combobox.js';
import { dayOf, endOfDay, formatDateTime } from '../internal/dates.js';
import { ACCESS_FIELDS, ALLOWED_IPS } from '../internal/field-rules.js';
import { choiceLabel } from '../internal/format.js';
import {
  FormController,
  describedBy,
  fieldErrorMessage,
  fieldIds,
  renderError,
  renderLabel,
  renderTextField,
  rulesOf,
} from '../internal/form.js';
import { accessStatusLabel, failureReason } from '../internal/messages.js';
import { checkAccessEnd, checkIpList, firstInvalidIp, splitIpList } from '../internal/validators.js';

export type Field = 'userCode' | 'email' | 'allowedIps' | 'branchId' | 'accessExpiresAt';
const FIELDS: readonly Field[] = ['userCode', 'email', 'allowedIps', 'branchId', 'accessExpiresAt'];
/** The fields the bulk grant shares between all the people. */
export type LimitField = 'allowedIps' | 'branchId' | 'accessExpiresAt';

/**
 * The access's form: user code, e-mail, allowed IP addresses, branch, end
 * date, checked by the shared table of field rules. `serverIpIndex()`: the
 * entry of `allowedIps` the server refused, named in its message.
 */
export function accessForm(host: ReactiveControllerHost, serverIpIndex: () => number): FormController<Field> {
  const form: FormController<Field> = new FormController<Field>(
    host,
    FIELDS,
    { ...rulesOf(ACCESS_FIELDS), allowedIps: checkIpList, accessExpiresAt: (day) => checkEndDay(day, form.initialValue('accessExpiresAt')) },
    (field, code, value) => accessErrorMessage(field, code, value, serverIpIndex()),
  );
  return form;
}

/** An access as the form's values (its end as the day it falls on, in the user's time zone). */
export function valuesOf(access: Access): Record<Field, string> {
  return {
    userCode: access.userCode,
    email: access.email,
    allowedIps: access.allowedIps.join(', '),
    branchId: access.branchId ?? '',
    accessExpiresAt: dayOf(access.accessExpiresAt),
  };
}

/**
 * The "valid until" day ("2026-12-31"; '' for none): a day that is over is
 * refused (`past-date`), unless it is the day the access already ends on
 * (`savedDay`), kept as it was.
 */
export function checkEndDay(day: string, savedDay = ''): string | null {
  if (day === '' || day === savedDay) return null;
  const iso = endOfDay(day);
  return iso ? checkAccessEnd(iso, new Date()) : 'invalid';
}

/** What is sent for the day chosen: the access's own end when the day did not change, else the end of that day; null for none. */
export function endInput(day: string, saved: string | null | undefined): string | null {
  if (saved && day === dayOf(saved)) return saved;
  return endOfDay(day);
}

/** The sentence of an error on one of the access's fields (also on a line of the bulk grant). */
export function accessErrorMessage(field: Field, code: string, value: string, serverIpIndex: number): string {
  if (field === 'userCode' && code === 'duplicate') {
    return msg("Ce code d'utilisateur est déjà utilisé. Choisissez-en un autre.", { id: 'grant.error.user-code-taken' });
  }
  if (field === 'userCode' && code === 'invalid') {
    return msg('Utilisez seulement des lettres, des chiffres et . _ - @, sans espace.', { id: 'grant.error.user-code' });
  }
  if (field === 'allowedIps' && code === 'ip') {
    const entries = splitIpList(value);
    const i = firstInvalidIp(entries);
    const bad = entries[i === -1 ? serverIpIndex : i];
    if (bad !== undefined) {
      return msg(
        str`« ${bad} » n'est pas une adresse IP valide. Entrez des adresses IPv4 ou IPv6 ou des blocs CIDR, séparés par des virgules.`,
        { id: 'grant.error.ip' },
      );
    }
  }
  if (field === 'allowedIps' && code === 'too-long') {
    return msg(str`Entrez au plus ${ALLOWED_IPS.maxItems} adresses.`, { id: 'grant.error.ips-count' });
  }
  return fieldErrorMessage(code);
}

/** What a failed save or revoke says, and what to do. */
export function failureMessage(error: unknown, action: 'save' | 'revoke'): string {
  const status = isBackendError(error) ? error.status : 0;
  if (status === 412) {
    return msg(
      "Cet accès a été modifié par quelqu'un d'autre entre-temps. Rechargez-le pour voir la dernière version (vos modifications seront perdues).",
      { id: 'grant.error.stale' },
    );
  }
  if (status === 502) {
    return msg("Le courriel n'a pas pu être envoyé : rien n'a été enregistré. Réessayez dans un moment.", { id: 'grant.error.mail' });
  }
  const what =
    action === 'save'
      ? msg("L'enregistrement a échoué; vos saisies sont conservées.", { id: 'grant.save-failed' })
      : msg('La révocation a échoué.', { id: 'grant.revoke-failed' });
  return `${what} ${failureReason(error)}`;
}

/** The person picker (type-ahead over the client's contacts), always filled in: without a person nothing loads. */
export function renderPersonField(combobox: ContactCombobox) {
  const help = msg('Tapez quelques lettres du prénom ou du nom, puis choisissez la personne dans la liste.', {
    id: 'grant.contact-help',
  });
  return html`<div class="field wide" part="field">
    ${renderLabel('contact', {
      label: msg('Entrer le nom ou le prénom et sélectionner la personne', { id: 'grant.contact' }),
      required: true,
      help,
    })}
    ${combobox.render({ required: true, describedBy: describedBy('contact', null, { help }), autofocus: true })}
  </div>`;
}

/** A value the user cannot change here (user type, role): its label and the value as text. */
export function renderFixed(field: string, label: string, value: string, hint?: string) {
  const id = `fixed-${field}`;
  return html`<div class="field wide" part="field" role="group" aria-labelledby=${`${id}-label`} aria-describedby=${hint ? `${id}-hint` : nothing}>
    <div class="label-row"><span class="label" id=${`${id}-label`}>${label}</span></div>
    <p class="fixed-value">${value}</p>
    ${hint ? html`<div class="hint" id=${`${id}-hint`}>${hint}</div>` : nothing}
  </div>`;
}

/** The fields the user fills in: user code, e-mail, allowed IP addresses, branch. */
export function renderAccessFields(form: FormController<Field>, choices: Choices | null) {
  return html`${renderTextField(form, 'userCode', {
      label: msg("Code d'utilisateur", { id: 'grant.user-code' }),
      required: true,
      autocomplete: 'off',
      maxlength: ACCESS_FIELDS.userCode.max,
      help: msg(
        "L'identifiant avec lequel la personne se connectera au portail. Le système en propose un libre; vous pouvez le changer s'il reste unique.",
        { id: 'grant.user-code-help' },
      ),
    })}
    ${renderTextField(form, 'email', {
      label: msg('Adresse courriel', { id: 'grant.email' }),
      type: 'email',
      required: true,
      autocomplete: 'off',
      maxlength: ACCESS_FIELDS.email.max,
      help: msg("L'invitation à choisir un mot de passe est envoyée à cette adresse.", { id: 'grant.email-help' }),
    })}
    ${renderLimitFields(form, choices)}`;
}

/** The allowed IP addresses, the branch and the end date (the bulk grant's shared fields). */
export function renderLimitFields(form: FormController<Field> | FormController<LimitField>, choices: Choices | null) {
  const f = form as FormController<LimitField>;
  const branch = f.error('branchId');
  return html`${renderTextField(f, 'allowedIps', {
      label: msg("Limiter l'accès à cette adresse IP (optionnel)", { id: 'grant.ips' }),
      wide: true,
      autocomplete: 'off',
      help: msg('La personne ne pourra se connecter que depuis ces adresses. Laissez vide pour permettre toutes les adresses.', {
        id: 'grant.ips-help',
      }),
      hint: msg('Adresses IPv4 ou IPv6, ou blocs CIDR, séparés par des virgules. Ex. : 203.0.113.7, 10.0.0.0/24, 2001:db8::/32', {
        id: 'grant.ips-hint',
      }),
    })}
    <div class="field wide" part="field">
      ${renderLabel('branchId', { label: msg("Limiter l'accès à cette succursale (optionnel)", { id: 'grant.branch' }) })}
      <select
        id=${fieldIds('branchId').control}
        name="branchId"
        aria-invalid=${branch ? 'true' : 'false'}
        aria-describedby=${branch ? fieldIds('branchId').error : nothing}
        @change=${(e: Event) => f.set('branchId', (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${f.values.branchId === ''}>${msg('Toutes les succursales', { id: 'grant.all-branches' })}</option>
        ${(choices?.branches ?? []).map(
          (b) => html`<option value=${b.id} ?selected=${f.values.branchId === b.id}>${choiceLabel(b)}</option>`,
        )}
      </select>
      ${renderError('branchId', branch)}
    </div>
    ${renderEndField(f)}`;
}

/** "Accès valide jusqu'au (optionnel)": a date, and a button that takes it away. */
function renderEndField(form: FormController<LimitField>) {
  const ids = fieldIds('accessExpiresAt');
  const error = form.error('accessExpiresAt');
  const help = msg(
    'Après ce jour, la personne ne peut plus se connecter et ses sessions prennent fin. Laissez vide pour un accès sans date de fin.',
    { id: 'grant.end-help' },
  );
  const day = form.values.accessExpiresAt;
  const clear = (e: Event) => {
    form.set('accessExpiresAt', '');
    // The button goes away: the focus goes to the date, never to <body>.
    (e.currentTarget as HTMLElement).parentElement?.querySelector('input')?.focus();
  };
  return html`<div class="field" part="field">
    ${renderLabel('accessExpiresAt', { label: msg("Accès valide jusqu'au (optionnel)", { id: 'grant.end' }), help })}
    <div class="end-row">
      <input
        id=${ids.control}
        name="accessExpiresAt"
        type="date"
        min=${dayOf(new Date().toISOString())}
        .value=${live(day)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy('accessExpiresAt', error, { help }))}
        @input=${(e: Event) => form.set('accessExpiresAt', (e.target as HTMLInputElement).value)}
        @blur=${() => form.leave('accessExpiresAt')}
      />
      ${day
        ? html`<button type="button" class="button" part="clear-end-button" @click=${clear}>
            ${msg('Retirer la date', { id: 'grant.end-clear' })}
          </button>`
        : nothing}
    </div>
    ${renderError('accessExpiresAt', error)}
  </div>`;
}

/**
 * The access state: a badge and its dates; for a person without access, what
 * saving will do; empty while it loads. Always there, the same height: a save
 * moves nothing below it.
 */
export function renderAccessState(access: Access | null) {
  if (!access || access.status === 'none') {
    return html`<p class="state" part="access-state">
      ${access
        ? msg("Cette personne n'a pas encore accès au portail. L'enregistrement crée son accès et lui envoie l'invitation par courriel.", {
            id: 'grant.state-new',
          })
        : nothing}
    </p>`;
  }
  const date = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : '');
  const sent = access.lastInvitationSentAt ?? access.invitedAt;
  const expires = access.invitationExpiresAt;
  const end = access.accessExpiresAt;
  return html`<p class="state" part="access-state">
    <span class="badge ${access.status}">${accessStatusLabel(access.status)}</span>
    ${end && access.status === 'ended' ? html`<span>${msg(str`Accès terminé le ${date(end)}`, { id: 'grant.ended-at' })}</span>` : nothing}
    ${end && access.status !== 'ended' && access.status !== 'revoked'
      ? html`<span>${msg(str`Accès valide jusqu'au ${date(end)}`, { id: 'grant.valid-until' })}</span>`
      : nothing}
    ${sent ? html`<span>${msg(str`Invitation envoyée le ${date(sent)}`, { id: 'grant.sent-at' })}</span>` : nothing}
    ${expires && access.status === 'invited'
      ? html`<span>${msg(str`Lien valide jusqu'au ${date(expires)}`, { id: 'grant.expires-at' })}</span>`
      : nothing}
    ${expires && access.status === 'expired'
      ? html`<span>${msg(str`Lien expiré le ${date(expires)}`, { id: 'grant.expired-at' })}</span>`
      : nothing}
    ${access.status === 'revoked' && access.revokedAt
      ? html`<span>${msg(str`Révoqué le ${date(access.revokedAt)}`, { id: 'grant.revoked-at' })}</span>`
      : nothing}
  </p>`;
}
