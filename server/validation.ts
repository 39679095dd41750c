/**
 * Request body checks. The rules are the shared ones: the table of
 * `src/internal/field-rules.ts` and the checks of `src/internal/validators.ts`
 * (the forms and the fake backend read the same); this module
 * adds the JSON-shape checks only a server sees (wrong types) and the English
 * messages. Unknown properties, and `id`, `clientId`, `accessStatus`,
 * `status`, are ignored: they are simply never read.
 */
import type { FieldError, FieldErrorCode } from '../src/api/types.js';
import { ACCESS_FIELDS, ALLOWED_IPS, CONTACT_FIELDS, type TextRule } from '../src/internal/field-rules.js';
import {
  LIMITS,
  charCount,
  checkEmail,
  checkField,
  checkLength,
  checkRequired,
  isIpOrCidr,
} from '../src/internal/validators.js';
import { badRequest } from './problem.js';
import type { ContactFields } from './repositories/contacts.js';

export type Body = Record<string, unknown>;

/** The body must be a JSON object (fastify has already refused malformed JSON and other media types). */
export function requireObjectBody(body: unknown): Body {
  if (body === undefined || body === null) throw badRequest('A JSON object is required as the request body.');
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Body;
}

const MESSAGES: Record<FieldErrorCode, (field: string, max?: number) => string> = {
  required: (f) => `${f} is required.`,
  'too-long': (f, max) => `${f} is too long (at most ${max ?? '?'} characters).`,
  'control-characters': (f) => `${f} must be one line of text, without control characters.`,
  email: (f) => `${f} is not a valid e-mail address.`,
  ip: (f) => `${f} is not an IPv4 or IPv6 address or CIDR block.`,
  duplicate: (f) => `${f} is already used by another user.`,
  unknown: (f) => `${f} is not one of the known values.`,
  invalid: (f) => `${f} is not valid.`,
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
 * A single-line text property: absent or null is '', a string is checked by `rule` as sent
 * (so a control character at an end is refused too) and kept trimmed, anything
 * else is invalid.
 */
type Rule = (value: string) => FieldErrorCode | null;

function text(body: Body, field: string, errors: FieldError[], rule: Rule, max: number): string {
  const value = body[field] ?? '';
  if (typeof value !== 'string') {
    errors.push(fieldError(field, 'invalid', { message: `${field} must be a string.` }));
    return '';
  }
  push(errors, field, rule(value), max);
  return value.trim();
}

/** A text property checked by its rule of the shared table. */
function ruled(body: Body, field: string, rule: TextRule, errors: FieldError[]): string {
  return text(body, field, errors, (v) => checkField(rule, v), rule.max);
}

function push(errors: FieldError[], field: string, code: FieldErrorCode | null, max?: number): void {
  if (code) errors.push(fieldError(field, code, max === undefined ? {} : { max }));
}

/**
 * A contact (POST, and PUT which replaces every writable field: an absent
 * field becomes empty). `type` is checked against the contact types by the
 * caller-supplied `isContactType`.
 */
export function parseContactInput(
  body: Body,
  isContactType: (id: string) => boolean,
): { fields: ContactFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const field = (name: keyof typeof CONTACT_FIELDS): string => ruled(body, name, CONTACT_FIELDS[name], errors);
  const fields: ContactFields = {
    name: field('name'),
    title: field('title'),
    department: field('department'),
    type: null,
    email: field('email'),
    phone: field('phone'),
    mobile: field('mobile'),
    fax: field('fax'),
    location: field('location'),
  };

  const type = body['type'];
  if (typeof type === 'string' && type.trim() !== '') {
    if (isContactType(type.trim())) fields.type = type.trim();
    else errors.push(fieldError('type', 'unknown', { message: 'type is not one of the contact types (see /contact-types).' }));
  } else if (type !== undefined && type !== null && type !== '') {
    errors.push(fieldError('type', 'invalid', { message: 'type must be a contact type id or null.' }));
  }
  return { fields, errors };
}

export interface AccessFields {
  userCode: string;
  email: string;
  allowedIps: string[];
  branchId: string | null;
  sendInvitation: boolean;
}

/** The body of PUT .../access. `status`, `role`, `userType`, dates and `version` are ignored. */
export function parseAccessInput(body: Body, isBranch: (id: string) => boolean): { fields: AccessFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const userCode = ruled(body, 'userCode', ACCESS_FIELDS.userCode, errors);
  const email = ruled(body, 'email', ACCESS_FIELDS.email, errors);

  const allowedIps: string[] = [];
  const ips = body['allowedIps'];
  if (Array.isArray(ips)) {
    if (ips.length > ALLOWED_IPS.maxItems) {
      errors.push(fieldError('allowedIps', 'too-long', { message: `allowedIps has more than ${ALLOWED_IPS.maxItems} entries.` }));
    }
    ips.forEach((entry, index) => {
      if (typeof entry !== 'string') {
        errors.push(fieldError('allowedIps', 'invalid', { index, message: `allowedIps[${index}] must be a string.` }));
        return;
      }
      const value = entry.trim();
      if (charCount(value) > ALLOWED_IPS.maxLength) {
        errors.push(
          fieldError('allowedIps', 'too-long', { index, message: `allowedIps[${index}] is too long (at most ${ALLOWED_IPS.maxLength}).` }),
        );
      } else if (!isIpOrCidr(value)) {
        errors.push(
          fieldError('allowedIps', 'ip', {
            index,
            message: `allowedIps[${index}] is not an IPv4 or IPv6 address or CIDR block.`,
          }),
        );
      } else if (!allowedIps.includes(value)) {
        allowedIps.push(value);
      }
    });
  } else if (ips !== undefined && ips !== null) {
    errors.push(fieldError('allowedIps', 'invalid', { message: 'allowedIps must be an array of strings.' }));
  }

  let branchId: string | null = null;
  const branch = body['branchId'];
  if (typeof branch === 'string' && branch.trim() !== '') {
    if (isBranch(branch.trim())) branchId = branch.trim();
    else errors.push(fieldError('branchId', 'unknown', { message: 'branchId is not one of the branches (see /branches).' }));
  } else if (branch !== undefined && branch !== null && branch !== '') {
    errors.push(fieldError('branchId', 'invalid', { message: 'branchId must be a branch id or null.' }));
  }

  const send = body['sendInvitation'];
  if (send !== undefined && send !== null && typeof send !== 'boolean') {
    errors.push(fieldError('sendInvitation', 'invalid', { message: 'sendInvitation must be true or false.' }));
  }
  return { fields: { userCode, email, allowedIps, branchId, sendInvitation: send === true }, errors };
}

/** The client's own contact details of PATCH /clients/{id}: only the properties sent change. */
export type ClientDetails = Partial<Record<'phone' | 'mobile' | 'fax' | 'email' | 'website', string>>;

export function parseClientUpdate(body: Body): { fields: ClientDetails; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields: ClientDetails = {};
  const limits: [keyof ClientDetails, number][] = [
    ['phone', LIMITS.phone],
    ['mobile', LIMITS.phone],
    ['fax', LIMITS.phone],
    ['email', LIMITS.email],
    ['website', 200],
  ];
  for (const [field, max] of limits) {
    if (!(field in body)) continue;
    const before = errors.length;
    const rule: Rule = field === 'email' ? (v) => checkLength(v, max) ?? checkEmail(v) : (v) => checkLength(v, max);
    const value = text(body, field, errors, rule, max);
    if (errors.length === before) fields[field] = value;
  }
  return { fields, errors };
}

/** A client code in a URL (PUT /clients/{clientId}): letters, digits, `.`, `_`, `-`, at most 64. */
export const CLIENT_CODE = /^[A-Za-z0-9._-]{1,64}$/;

export interface HostTokenInput {
  clientIds: string[];
  user: { id: string; name: string };
  ttlSeconds: number;
}

export const HOST_TOKEN_MAX_TTL_SECONDS = 3600;
export const HOST_TOKEN_DEFAULT_TTL_SECONDS = 900;
const HOST_TOKEN_MAX_CLIENTS = 1000;

/** The body of POST /host-tokens. Unknown clients are the caller's to check (`isClient`). */
export function parseHostTokenInput(body: Body, isClient: (code: string) => boolean): { fields: HostTokenInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const clientIds: string[] = [];
  const ids = body['clientIds'];
  if (!Array.isArray(ids) || ids.length === 0) {
    errors.push(fieldError('clientIds', ids === undefined ? 'required' : 'invalid', { message: 'clientIds must be a non-empty array of client codes.' }));
  } else if (ids.length > HOST_TOKEN_MAX_CLIENTS) {
    errors.push(fieldError('clientIds', 'too-long', { message: `clientIds has more than ${HOST_TOKEN_MAX_CLIENTS} entries.` }));
  } else {
    ids.forEach((id, index) => {
      if (typeof id !== 'string' || !CLIENT_CODE.test(id)) errors.push(fieldError('clientIds', 'invalid', { index, message: `clientIds[${index}] is not a client code.` }));
      else if (!isClient(id)) errors.push(fieldError('clientIds', 'unknown', { index, message: `clientIds[${index}] is not a known client (provision it with PUT /clients/{clientId}).` }));
      else if (!clientIds.includes(id)) clientIds.push(id);
    });
  }
  const user = body['user'];
  let id = '';
  let name = '';
  if (user === null || typeof user !== 'object' || Array.isArray(user)) {
    errors.push(fieldError('user', user === undefined ? 'required' : 'invalid', { message: 'user must be an object {id, name}.' }));
  } else {
    id = text(user as Body, 'id', errors, (v) => checkRequired(v, 128), 128);
    name = text(user as Body, 'name', errors, (v) => checkRequired(v, LIMITS.name), LIMITS.name);
    for (const e of errors) if (e.field === 'id' || e.field === 'name') e.field = `user.${e.field}`;
  }
  const ttl = body['ttlSeconds'] ?? HOST_TOKEN_DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > HOST_TOKEN_MAX_TTL_SECONDS) {
    errors.push(fieldError('ttlSeconds', 'invalid', { message: `ttlSeconds must be an integer from 1 to ${HOST_TOKEN_MAX_TTL_SECONDS}.` }));
  }
  return { fields: { clientIds, user: { id, name }, ttlSeconds: typeof ttl === 'number' ? ttl : HOST_TOKEN_DEFAULT_TTL_SECONDS }, errors };
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

export function parseClientInput(body: Body): { fields: ClientInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const optional = (field: string, max: number, fallback = ''): string => text(body, field, errors, (v) => checkLength(v, max), max) || fallback;
  const language = body['language'] ?? 'fr';
  if (language !== 'fr' && language !== 'en') errors.push(fieldError('language', 'invalid', { message: 'language must be fr or en.' }));
  const address = (field: string): Record<string, string> | null => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push(fieldError(field, 'invalid', { message: `${field} must be an object.` }));
      return null;
    }
    const out: Record<string, string> = {};
    for (const part of ADDRESS_FIELDS) {
      const before = errors.length;
      const v = text(value as Body, part, errors, (t) => checkLength(t, 200), 200);
      for (const e of errors.slice(before)) e.field = `${field}.${e.field}`;
      if (v !== '') out[part] = v;
    }
    return out;
  };
  const fields: ClientInput = {
    name: text(body, 'name', errors, (v) => checkRequired(v, LIMITS.name), LIMITS.name),
    mode: optional('mode', 40, 'Entreprise'),
    status: optional('status', 40, 'Actif'),
    language: language === 'en' ? 'en' : 'fr',
    currency: optional('currency', 3, 'CAD'),
    phone: optional('phone', LIMITS.phone),
    mobile: optional('mobile', LIMITS.phone),
    fax: optional('fax', LIMITS.phone),
    email: text(body, 'email', errors, (v) => checkLength(v, LIMITS.email) ?? checkEmail(v), LIMITS.email),
    website: optional('website', 200),
    address: address('address'),
    shippingAddress: address('shippingAddress'),
  };
  return { fields, errors };
}
