import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { FieldError } from '../api/types.js';
import type { TextRule } from './field-rules.js';
import { checkField } from './validators.js';
import { helpIcon, requiredIcon } from './icons.js';

/** A rule on one field: `null` when fine, else an error code (see `fieldErrorMessage`). */
export type Validator = (value: string) => string | null;

/** A form's validators from a table of field rules (`field-rules.ts`). */
export function rulesOf<F extends string>(rules: Record<F, TextRule>): Record<F, Validator> {
  const out = {} as Record<F, Validator>;
  for (const field of Object.keys(rules) as F[]) out[field] = (value) => checkField(rules[field], value);
  return out;
}

export interface ShownError {
  code: string;
  message: string;
}

/** The sentence shown for an error code, in the page's language. */
export function fieldErrorMessage(code: string): string {
  switch (code) {
    case 'required':
      return msg('Ce champ est obligatoire.', { id: 'error.required' });
    case 'too-long':
      return msg('Ce texte est trop long.', { id: 'error.too-long' });
    case 'control-characters':
      return msg('Écrivez ce texte sur une seule ligne, sans caractères de contrôle (tabulation, saut de ligne).', {
        id: 'error.control-characters',
      });
    case 'email':
      return msg('Entrez une adresse courriel valide, par exemple nom@exemple.com.', { id: 'error.email' });
    case 'ip':
      return msg(
        'Entrez des adresses IPv4 ou IPv6 valides ou des blocs CIDR, séparés par des virgules (par exemple 203.0.113.7, 10.0.0.0/24).',
        { id: 'error.ip' },
      );
    case 'duplicate':
      return msg('Cette valeur est déjà utilisée. Choisissez-en une autre.', { id: 'error.duplicate' });
    case 'unknown':
      return msg('Choisissez une valeur de la liste.', { id: 'error.unknown' });
    case 'past-date':
      return msg("Cette date est passée. Choisissez aujourd'hui ou une date à venir, ou laissez le champ vide.", { id: 'error.past-date' });
    default:
      return msg('Cette valeur est invalide.', { id: 'error.invalid' });
  }
}

/**
 * The state of a form: its values, which fields were touched, the errors the
 * validators find and those the server sent. An error shows once its field was
 * changed and left, or after a submit; a server error shows until its field
 * changes. The host renders; this controller only asks it to.
 */
export class FormController<F extends string> {
  values: Record<F, string>;
  /** True once the user tried to submit: every error shows. */
  submitted = false;
  private initial: Record<F, string>;
  private readonly left = new Set<F>();
  private readonly changed = new Set<F>();
  private readonly server = new Map<F, ShownError>();

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly fields: readonly F[],
    private readonly validators: Partial<Record<F, Validator>>,
    private readonly messageFor: (field: F, code: string, value: string) => string = (_f, code) =>
      fieldErrorMessage(code),
  ) {
    this.initial = this.empty();
    this.values = { ...this.initial };
  }

  private empty(): Record<F, string> {
    return Object.fromEntries(this.fields.map((f) => [f, ''])) as Record<F, string>;
  }

  /** Starts over with these values (loaded from the backend, or empty): clean, no error shown. */
  reset(values: Partial<Record<F, string>> = {}): void {
    this.initial = { ...this.empty(), ...values };
    this.values = { ...this.initial };
    this.submitted = false;
    this.left.clear();
    this.changed.clear();
    this.server.clear();
    this.host.requestUpdate();
  }

  set(field: F, value: string): void {
    this.values = { ...this.values, [field]: value };
    this.changed.add(field);
    this.server.delete(field);
    this.host.requestUpdate();
  }

  leave(field: F): void {
    if (this.left.has(field)) return;
    this.left.add(field);
    this.host.requestUpdate();
  }

  /** The value of `field` as last loaded or saved. */
  initialValue(field: F): string {
    return this.initial[field];
  }

  /** True when something differs from the last loaded or saved values. */
  get dirty(): boolean {
    return this.fields.some((f) => this.values[f] !== this.initial[f]);
  }

  /** The validator's verdict, shown or not. */
  check(field: F): string | null {
    return this.validators[field]?.(this.values[field]) ?? null;
  }

  /** The error to show next to the field now, if any. */
  error(field: F): ShownError | null {
    const fromServer = this.server.get(field);
    if (fromServer) return fromServer;
    if (!this.submitted && !(this.left.has(field) && this.changed.has(field))) return null;
    const code = this.check(field);
    return code ? { code, message: this.messageFor(field, code, this.values[field]) } : null;
  }

  /** Marks the form submitted and tells whether every validator passes. */
  validate(): boolean {
    this.submitted = true;
    this.host.requestUpdate();
    return this.fields.every((f) => this.check(f) === null);
  }

  /** The first field (in order) that shows an error. */
  firstInvalid(): F | undefined {
    return this.fields.find((f) => this.error(f) !== null);
  }

  /**
   * Puts the server's field errors on their fields. Returns those whose field
   * the form does not have (to show in a banner).
   */
  setServerErrors(errors: readonly FieldError[]): FieldError[] {
    const rest: FieldError[] = [];
    this.server.clear();
    for (const e of errors) {
      if ((this.fields as readonly string[]).includes(e.field)) {
        const field = e.field as F;
        if (!this.server.has(field)) {
          this.server.set(field, { code: e.code, message: this.messageFor(field, e.code, this.values[field]) });
        }
      } else rest.push(e);
    }
    this.host.requestUpdate();
    return rest;
  }
}

export interface FieldOptions {
  label: string;
  type?: 'text' | 'email' | 'tel';
  required?: boolean;
  /** Contextual help, shown as a tooltip and read with the field. */
  help?: string;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  /** A visible hint under the control. */
  hint?: string;
  wide?: boolean;
  placeholder?: string;
}

/** The ids the parts of a field use, for `aria-describedby` and tests. */
export function fieldIds(field: string) {
  return { control: `field-${field}`, error: `field-${field}-error`, help: `field-${field}-help`, hint: `field-${field}-hint` };
}

/** The help mark (🔗, drawn as an icon) and its tooltip, keyboard- and screen-reader-reachable. */
export function renderHelp(field: string, label: string, help: string): TemplateResult {
  const ids = fieldIds(field);
  return html`<span class="help" part="help">
    <button
      type="button"
      class="help-button"
      aria-label=${msg(str`Aide contextuelle : ${label}`, { id: 'help.button' })}
      aria-describedby=${ids.help}
      @keydown=${dismissHelp}
      @blur=${undismissHelp}
      @pointerleave=${undismissHelp}
    >
      ${helpIcon}
    </button>
    <span role="tooltip" id=${ids.help} class="tooltip" part="tooltip">${help}</span>
  </span>`;
}

function dismissHelp(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  const help = (e.currentTarget as HTMLElement).parentElement!;
  if (help.hasAttribute('data-dismissed')) return;
  // Escape hides the tooltip first; a second Escape closes the dialog.
  e.preventDefault();
  e.stopPropagation();
  help.setAttribute('data-dismissed', '');
}

function undismissHelp(e: Event): void {
  (e.currentTarget as HTMLElement).parentElement!.removeAttribute('data-dismissed');
}

/** The label row of a field: label, required mark, help. */
export function renderLabel(field: string, options: Pick<FieldOptions, 'label' | 'required' | 'help'>, forId?: string) {
  const ids = fieldIds(field);
  return html`<div class="label-row">
    <label for=${forId ?? ids.control} id=${`${ids.control}-label`}>${options.label}</label>
    ${options.required ? html`<span class="mark required-mark" aria-hidden="true" title=${requiredTitle()}>${requiredMark}</span>` : nothing}
    ${options.help ? renderHelp(field, options.label, options.help) : nothing}
  </div>`;
}

export function requiredTitle(): string {
  return msg('Champ obligatoire', { id: 'field.required-title' });
}

/**
 * The error line of a field. It is always in the DOM and in the accessibility
 * tree, empty while there is no error: a polite live region that exists before
 * its text is written, so an error is heard when it shows (as the user leaves
 * the field, the focus is already on the next one) — the visible text itself,
 * said once, with no second copy. Empty, it takes no room (`fieldStyles`).
 */
export function renderError(field: string, error: ShownError | null) {
  return html`<div id=${fieldIds(field).error} class="error" part="error" aria-live="polite" aria-atomic="true">${error?.message ?? nothing}</div>`;
}

/** `aria-describedby` for a control: its error, hint and help when present. */
export function describedBy(field: string, error: ShownError | null, options: Pick<FieldOptions, 'help' | 'hint'>) {
  const ids = fieldIds(field);
  const list = [error ? ids.error : '', options.hint ? ids.hint : '', options.help ? ids.help : ''].filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

/** A labelled text input bound to a form field. */
export function renderTextField<F extends string>(form: FormController<F>, field: F, options: FieldOptions) {
  const ids = fieldIds(field);
  const error = form.error(field);
  return html`<div class="field ${options.wide ? 'wide' : ''}" part="field">
    ${renderLabel(field, options)}
    <input
      id=${ids.control}
      name=${field}
      type=${options.type ?? 'text'}
      .value=${live(form.values[field])}
      autocomplete=${ifDefined(options.autocomplete)}
      inputmode=${ifDefined(options.inputmode)}
      maxlength=${ifDefined(options.maxlength)}
      placeholder=${ifDefined(options.placeholder)}
      aria-required=${options.required ? 'true' : 'false'}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(field, error, options))}
      @input=${(e: Event) => form.set(field, (e.target as HTMLInputElement).value)}
      @blur=${() => form.leave(field)}
    />
    ${options.hint ? html`<div id=${ids.hint} class="hint">${options.hint}</div>` : nothing}
    ${renderError(field, error)}
  </div>`;
}

/**
 * The seed's marks are drawn as icons (no font has to carry ⓘ or 🔗); the
 * character stays as visually hidden text, so the legend still reads
 * "ⓘ = Champs obligatoires" (and copies so).
 */
const requiredMark = html`${requiredIcon}<span class="visually-hidden">ⓘ</span>`;
const helpMark = html`${helpIcon}<span class="visually-hidden">🔗</span>`;

/** The legend of the marks, as in the seed: "ⓘ = Champs obligatoires", "🔗 = Aide contextuelle …". */
export function renderLegend() {
  return html`<p class="legend" part="legend">
    <span><span class="mark">${requiredMark}</span> = ${msg('Champs obligatoires', { id: 'legend.required-fields' })}</span>
    <span><span class="mark help-mark">${helpMark}</span> = ${msg("Aide contextuelle disponible sous forme d'infobulle", { id: 'legend.help-tooltip' })}</span>
  </p>`;
}
