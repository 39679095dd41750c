/**
 * Request body checks. The rules are the shared ones of
 * `src/internal/validators.ts` (the forms run the same functions); this module
 * adds the JSON-shape checks only a server sees (wrong types) and the English
 * messages. Unknown properties, and `id`, `clientId`, `accessStatus`,
 * `status`, are ignored: they are simply never read.
 */
import type { FieldError, FieldErrorCode } from '../src/api/types.js';
import {
  LIMITS,
  checkEmail,
  checkLength,
  checkRequired,
  checkRequiredEmail,
  checkUserCode,
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
  const optional = (field: string, max: number): string => text(body, field, errors, (v) => checkLength(v, max), max);
  const fields: ContactFields = {
    name: text(body, 'name', errors, (v) => checkRequired(v, LIMITS.name), LIMITS.name),
    title: optional('title', LIMITS.title),
    department: optional('department', LIMITS.department),
    type: null,
    email: text(body, 'email', errors, (v) => checkLength(v, LIMITS.email) ?? checkEmail(v), LIMITS.email),
    phone: optional('phone', LIMITS.phone),
    mobile: optional('mobile', LIMITS.phone),
    fax: optional('fax', LIMITS.phone),
    location: optional('location', LIMITS.location),
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
  const userCode = text(body, 'userCode', errors, checkUserCode, LIMITS.userCode);
  const email = text(body, 'email', errors, (v) => checkLength(v, LIMITS.email) ?? checkRequiredEmail(v), LIMITS.email);

  const allowedIps: string[] = [];
  const ips = body['allowedIps'];
  if (Array.isArray(ips)) {
    if (ips.length > LIMITS.allowedIps) {
      errors.push(fieldError('allowedIps', 'too-long', { message: `allowedIps has more than ${LIMITS.allowedIps} entries.` }));
    }
    ips.forEach((entry, index) => {
      if (typeof entry !== 'string') {
        errors.push(fieldError('allowedIps', 'invalid', { index, message: `allowedIps[${index}] must be a string.` }));
        return;
      }
      const value = entry.trim();
      if (value.length > 64) {
        errors.push(fieldError('allowedIps', 'too-long', { index, message: `allowedIps[${index}] is too long (at most 64).` }));
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
