import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import type { Choices, Contact, ContactInput } from '../api/types.js';
import { CONTACT_FIELDS } from '../internal/field-rules.js';
import { choiceLabel } from '../internal/format.js';
import { renderLoading } from '../internal/states.js';
import {
  FormController,
  describedBy,
  fieldIds,
  renderError,
  renderLabel,
  renderTextField,
  rulesOf,
  type FieldOptions,
} from '../internal/form.js';
import type { ReactiveControllerHost } from 'lit';

/** The contact's fields, in the seed's order. */
export const FIELDS = ['name', 'title', 'department', 'type', 'email', 'phone', 'mobile', 'fax', 'location'] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field, string>;

/** The contact dialog's form: its fields, checked by the shared table of field rules. */
export function contactForm(host: ReactiveControllerHost): FormController<Field> {
  return new FormController<Field>(host, FIELDS, rulesOf(CONTACT_FIELDS));
}

/** A contact as the form's values. */
export function valuesOf(c: Contact): Values {
  return {
    name: c.name,
    title: c.title,
    department: c.department,
    type: c.type ?? '',
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    fax: c.fax,
    location: c.location,
  };
}

/** The form's values as the backend takes them (trimmed; no type: null). */
export function inputOf(v: Values): ContactInput {
  const t = (f: Field) => v[f].trim();
  return {
    name: t('name'),
    title: t('title'),
    department: t('department'),
    type: v.type || null,
    email: t('email'),
    phone: t('phone'),
    mobile: t('mobile'),
    fax: t('fax'),
    location: t('location'),
  };
}

/** The nine fields of the seed's contact window, labelled, with their help and `maxlength`. */
export function renderContactFields(form: FormController<Field>, choices: Choices | null) {
  const text = (field: Field, options: FieldOptions) => renderTextField(form, field, { autocomplete: 'off', ...options });
  return html`<div class="fields">
    ${text('name', {
      label: msg('Nom', { id: 'contact-dialog.name' }),
      required: true,
      maxlength: CONTACT_FIELDS.name.max,
      help: msg('Le nom complet du contact (prénom et nom), tel qu’il paraît dans la liste des contacts du client.', {
        id: 'contact-dialog.name-help',
      }),
    })}
    ${text('title', { label: msg('Titre', { id: 'contact-dialog.title' }), maxlength: CONTACT_FIELDS.title.max })}
    ${text('department', { label: msg('Département', { id: 'contact-dialog.department' }), maxlength: CONTACT_FIELDS.department.max })}
    ${renderType(form, choices)}
    ${text('email', {
      label: msg('Adresse courriel', { id: 'contact-dialog.email' }),
      type: 'email',
      maxlength: CONTACT_FIELDS.email.max,
      help: msg("L'invitation au portail est envoyée à cette adresse si vous donnez un accès au contact.", {
        id: 'contact-dialog.email-help',
      }),
    })}
    ${text('phone', { label: msg('Téléphone', { id: 'contact-dialog.phone' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
    ${text('mobile', { label: msg('Cellulaire', { id: 'contact-dialog.mobile' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
    ${text('fax', { label: msg('Télécopieur', { id: 'contact-dialog.fax' }), type: 'tel', maxlength: CONTACT_FIELDS.phone.max })}
    ${text('location', {
      label: msg('Lieu', { id: 'contact-dialog.location' }),
      maxlength: CONTACT_FIELDS.location.max,
      help: msg("L'endroit où travaille le contact : une ville, un établissement ou un bureau du client.", {
        id: 'contact-dialog.location-help',
      }),
    })}
  </div>`;
}

/** The form's place while the contact loads: the loading indicator and a bone for each field. */
export function renderSkeleton() {
  const bone = html`<div class="field"><span class="bone"></span><span class="bone control"></span></div>`;
  return html`<div class="skeleton">
    ${renderLoading(msg('Chargement du contact…', { id: 'contact-dialog.loading' }))}
    <div class="fields" aria-hidden="true">${FIELDS.map(() => bone)}</div>
  </div>`;
}

/** The contact type: a choice of the backend's list (a value it no longer lists stays, as is). */
function renderType(form: FormController<Field>, choices: Choices | null) {
  const value = form.values.type;
  const error = form.error('type');
  const types = choices?.contactTypes ?? [];
  const options = {
    label: msg('Type', { id: 'contact-dialog.type' }),
    help: msg('Le rôle du contact chez le client (opérations, facturation, ventes…). Sert à trier et à filtrer les contacts.', {
      id: 'contact-dialog.type-help',
    }),
  };
  return html`<div class="field" part="field">
    ${renderLabel('type', options)}
    <select
      id=${fieldIds('type').control}
      name="type"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy('type', error, options) ?? nothing}
      @change=${(e: Event) => form.set('type', (e.target as HTMLSelectElement).value)}
      @blur=${() => form.leave('type')}
    >
      <option value="" .selected=${value === ''}>—</option>
      ${types.map((c) => html`<option value=${c.id} .selected=${c.id === value}>${choiceLabel(c)}</option>`)}
      ${value && !types.some((c) => c.id === value) ? html`<option value=${value} .selected=${true}>${value}</option>` : nothing}
    </select>
    ${renderError('type', error)}
  </div>`;
}
