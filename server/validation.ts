/**
 * Field errors. The shapes (types, required properties, lengths, enums,
 * ranges) are the contract's: each route's schemas come from `openapi.yaml`
 * (schemas.ts), fastify checks them with Ajv, and schema-errors.ts turns what
 * Ajv refuses into the contract's field errors. This module reports those with
 * the rules a schema cannot say (`Fields`): the shared field rules (`checkField` of
 * `src/internal/field-rules.ts`: blank names, lengths once trimmed, e-mail
 * and user-code formats), IP addresses, and the choices kept in the database
 * (the callers' `isContactType`, `isBranch`, `isClient`). Unknown properties,
 * and `id`, `clientId`, `accessStatus`, `status`, are never read.
 */
import type { FieldError, FieldErrorCode } from '../src/api/types.js';
import { ACCESS_FIELDS, CONTACT_FIELDS, type TextRule } from '../src/internal/field-rules.js';
import { LIMITS, checkAccessEnd, checkField, isIpOrCidr } from '../src/internal/validators.js';
import { validationFailed } from './problem.js';
import type { ContactFields } from './repositories/contacts.js';

export type Body = Record<string, unknown>;

/** A request body as its schema left it: the body, and the field errors the schema found. */
export interface BodyCheck {
  body: Body;
  errors: FieldError[];
}

export const MESSAGES: Record<FieldErrorCode, (field: string, max?: number) => string> = {
  required: (f) => `${f} is required.`,
  'too-long': (f, max) => `${f} is too long (at most ${max ?? '?'} characters).`,
  'control-characters': (f) => `${f} must be one line of text, without control characters.`,
  email: (f) => `${f} is not a valid e-mail address.`,
  ip: (f) => `${f} is not an IPv4 or IPv6 address or CIDR block.`,
  duplicate: (f) => `${f} is already used by another user.`,
  unknown: (f) => `${f} is not one of the known values.`,
  invalid: (f) => `${f} is not valid.`,
  'past-date': (f) => `${f} is in the past; choose a later moment, or none.`,
  'password-too-short': (f) => `${f} is too short.`,
  'password-common': (f) => `${f} is too common.`,
  'password-mismatch': (f) => `${f} does not match.`,
};

export function fieldError(field: string, code: FieldErrorCode, extra: { max?: number; index?: number; message?: string } = {}): FieldError {
  const error: FieldError = { field, code, message: extra.message ?? MESSAGES[code](field, extra.max) };
  if (extra.index !== undefined) error.index = extra.index;
  return error;
}

/**
 * The field errors of one body in field order: for each field read, the
 * schema's errors if it had any (the value is then not read), else the
 * rule's. `errors()` gives them all, those of fields never read last.
 */
export class Fields {
  private readonly reported: FieldError[];
  private readonly pending: FieldError[];

  constructor(
    private readonly check: BodyCheck,
    private readonly prefix = '',
    shared?: { reported: FieldError[]; pending: FieldError[] },
  ) {
    this.reported = shared?.reported ?? [];
    this.pending = shared?.pending ?? [...check.errors];
  }

  /** Moves the schema's errors of `field` (and with `nested`, of its properties) to the report; true when there were none. */
  private accepted(field: string, nested = false): boolean {
    const name = this.prefix + field;
    const mine = this.pending.filter((e) => e.field === name || (nested && e.field.startsWith(`${name}.`)));
    for (const e of mine) this.pending.splice(this.pending.indexOf(e), 1);
    this.reported.push(...mine);
    return mine.length === 0;
  }

  /** Reports a rule's error on `field`. */
  add(field: string, code: FieldErrorCode | null, extra: { max?: number; index?: number; message?: string } = {}): void {
    if (code) this.reported.push(fieldError(this.prefix + field, code, extra));
  }

  /** A property the schema accepted (undefined when absent or refused). */
  value<T>(field: string): T | undefined {
    return this.accepted(field) ? (this.check.body[field] as T | undefined) : undefined;
  }

  /** A single-line text checked by its rule as sent, kept trimmed; '' when absent or refused. */
  text(field: string, rule: TextRule): string {
    if (!this.accepted(field)) return '';
    const value = (this.check.body[field] as string | undefined) ?? '';
    this.add(field, checkField(rule, value), { max: rule.max });
    return value.trim();
  }

  /** A text that must not be empty (nor blank, with `trim`): reported `required` when it is; '' when refused. */
  filled(field: string, options: { trim?: boolean } = {}): string {
    if (!this.accepted(field)) return '';
    const sent = (this.check.body[field] as string | undefined) ?? '';
    const value = options.trim ? sent.trim() : sent;
    if (value === '') this.add(field, 'required');
    return value;
  }

  /** An object property as its own `Fields` (its errors named `field.property`); null when absent, null or refused. */
  object(field: string): Fields | null {
    const value = this.check.body[field];
    if (!this.accepted(field) || value === undefined || value === null) {
      this.accepted(field, true);
      return null;
    }
    return new Fields({ body: value as Body, errors: [] }, `${this.prefix}${field}.`, { reported: this.reported, pending: this.pending });
  }

  /** Every error: the schema's and the rules', in field order. */
  errors(): FieldError[] {
    return [...this.reported, ...this.pending];
  }

  /** Throws 422 with every error, if any. */
  done(): void {
    const all = this.errors();
    if (all.length > 0) throw validationFailed(all);
  }
}

/** A choice id (a contact type, a branch): null when absent or blank, `unknown` unless `isKnown`. */
function choice(fields: Fields, field: string, isKnown: (id: string) => boolean): string | null {
  const id = fields.value<string | null>(field)?.trim();
  if (!id) return null;
  if (isKnown(id)) return id;
  fields.add(field, 'unknown', { message: `${field} is not one of the known values (see /choices).` });
  return null;
}

/** A contact (POST, and PUT which replaces every writable field: an absent field becomes empty). */
export function parseContactInput(check: BodyCheck, isContactType: (id: string) => boolean): { fields: ContactFields; errors: FieldError[] } {
  const f = new Fields(check);
  const text = (name: keyof typeof CONTACT_FIELDS): string => f.text(name, CONTACT_FIELDS[name]);
  const fields: ContactFields = {
    name: text('name'),
    title: text('title'),
    department: text('department'),
    type: null,
    email: text('email'),
    phone: text('phone'),
    mobile: text('mobile'),
    fax: text('fax'),
    location: text('location'),
  };
  fields.type = choice(f, 'type', isContactType);
  return { fields, errors: f.errors() };
}

export interface AccessFields {
  userCode: string;
  email: string;
  allowedIps: string[];
  branchId: string | null;
  /** When the access ends (`toISOString()`), or null. */
  accessExpiresAt: string | null;
  sendInvitation: boolean;
}

/**
 * The body of PUT .../access. `status`, `role`, `userType`, the other dates
 * and `version` are ignored. `end`: the clock, and the end the access has now
 * (sent back unchanged it is accepted even if past).
 */
export function parseAccessInput(
  check: BodyCheck,
  isBranch: (id: string) => boolean,
  end: { now: Date; saved: string | null },
): { fields: AccessFields; errors: FieldError[] } {
  const f = new Fields(check);
  const userCode = f.text('userCode', ACCESS_FIELDS.userCode);
  const email = f.text('email', ACCESS_FIELDS.email);
  const allowedIps: string[] = [];
  (f.value<string[]>('allowedIps') ?? []).forEach((entry, index) => {
    const value = entry.trim();
    if (!isIpOrCidr(value)) f.add('allowedIps', 'ip', { index, message: `allowedIps[${index}] is not an IPv4 or IPv6 address or CIDR block.` });
    else if (!allowedIps.includes(value)) allowedIps.push(value);
  });
  const branchId = choice(f, 'branchId', isBranch);
  const sent = f.value<string | null>('accessExpiresAt') ?? null; // (the schema checked it is a date-time)
  const endCode = checkAccessEnd(sent, end.now, end.saved);
  if (endCode) f.add('accessExpiresAt', endCode);
  const accessExpiresAt = sent === null || endCode ? null : new Date(sent).toISOString();
  const sendInvitation = f.value<boolean>('sendInvitation') === true;
  return { fields: { userCode, email, allowedIps, branchId, accessExpiresAt, sendInvitation }, errors: f.errors() };
}

/** The client's own contact details of PATCH /clients/{id}: only the properties sent change. */
export type ClientDetails = Partial<Record<'phone' | 'mobile' | 'fax' | 'email' | 'website', string>>;

const PHONE: TextRule = { max: LIMITS.phone };
const WEBSITE: TextRule = { max: 200 };
const CLIENT_DETAILS: Record<keyof ClientDetails, TextRule> = { phone: PHONE, mobile: PHONE, fax: PHONE, email: CONTACT_FIELDS.email, website: WEBSITE };

export function parseClientUpdate(check: BodyCheck): { fields: ClientDetails; errors: FieldError[] } {
  const f = new Fields(check);
  const fields: ClientDetails = {};
  for (const [field, rule] of Object.entries(CLIENT_DETAILS) as [keyof ClientDetails, TextRule][]) {
    if (field in check.body) fields[field] = f.text(field, rule);
  }
  return { fields, errors: f.errors() };
}

export interface HostTokenInput {
  clientIds: string[];
  user: { id: string; name: string };
  ttlSeconds: number;
}

/** The body of POST /host-tokens (its schema gives `ttlSeconds` its default). Unknown clients are the caller's to check (`isClient`). */
export function parseHostTokenInput(check: BodyCheck, isClient: (code: string) => boolean): { fields: HostTokenInput; errors: FieldError[] } {
  const f = new Fields(check);
  const clientIds: string[] = [];
  (f.value<string[]>('clientIds') ?? []).forEach((id, index) => {
    if (!isClient(id)) f.add('clientIds', 'unknown', { index, message: `clientIds[${index}] is not a known client (provision it with PUT /clients/{clientId}).` });
    else if (!clientIds.includes(id)) clientIds.push(id);
  });
  const user = f.object('user');
  const id = user?.text('id', { max: 128, required: true }) ?? '';
  const name = user?.text('name', { max: LIMITS.name, required: true }) ?? '';
  const ttlSeconds = f.value<number>('ttlSeconds') ?? 0;
  return { fields: { clientIds, user: { id, name }, ttlSeconds }, errors: f.errors() };
}

/** What PUT /clients/{clientId} writes: the fields of GET /clients/{clientId}, `name` required. */
export interface ClientInput {
  name: string;
  mode: string;
  status: string;
  language: 'fr' | 'en';
  currency: string;
  phone: string;
  mobile: string;
  fax: string;
  email: string;
  website: string;
  address: Record<string, string> | null;
  shippingAddress: Record<string, string> | null;
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'province', 'country', 'postalCode'] as const;
const ADDRESS_PART: TextRule = { max: 200 };

export function parseClientInput(check: BodyCheck): { fields: ClientInput; errors: FieldError[] } {
  const f = new Fields(check);
  const optional = (field: string, max: number, fallback = ''): string => f.text(field, { max }) || fallback;
  const language = f.value<'fr' | 'en'>('language') ?? 'fr';
  const address = (field: string): Record<string, string> | null => {
    const parts = f.object(field);
    if (!parts) return null;
    const out: Record<string, string> = {};
    for (const part of ADDRESS_FIELDS) {
      const v = parts.text(part, ADDRESS_PART);
      if (v !== '') out[part] = v;
    }
    return out;
  };
  const fields: ClientInput = {
    name: f.text('name', CONTACT_FIELDS.name),
    mode: optional('mode', 40, 'Entreprise'),
    status: optional('status', 40, 'Actif'),
    language,
    currency: optional('currency', 3, 'CAD'),
    phone: f.text('phone', PHONE),
    mobile: f.text('mobile', PHONE),
    fax: f.text('fax', PHONE),
    email: f.text('email', CONTACT_FIELDS.email),
    website: f.text('website', WEBSITE),
    address: address('address'),
    shippingAddress: address('shippingAddress'),
  };
  return { fields, errors: f.errors() };
}
