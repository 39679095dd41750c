/**
 * What a route's schema refuses (schemas.ts), in the contract's words: field
 * errors (`field`, `code`, `index`, an English message) the elements put next
 * to their fields; a refused path or query parameter, or a body that is not a
 * JSON object, is a 400; a body's field errors go to the service (`BodyCheck`,
 * validation.ts), which reports them with the rules' in one 422.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError, FieldErrorCode } from '../src/api/types.js';
import { hasControlCharacters } from '../src/internal/validators.js';
import { type HttpProblem, badRequest } from './problem.js';
import type { JsonObject } from './schemas.js';
import { type Body, type BodyCheck, MESSAGES, fieldError } from './validation.js';

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

/** Is the property at `path` one its object requires (so `null` there means it is missing)? */
function isRequired(schema: JsonObject | undefined, path: string[]): boolean {
  let at = schema;
  for (const key of path.slice(0, -1)) at = (at?.['properties'] as JsonObject | undefined)?.[key] as JsonObject | undefined;
  return Array.isArray(at?.['required']) && at['required'].includes(path.at(-1)!);
}

/** The field error of one Ajv error: the code the elements translate, an English message. */
function fromAjv(e: ErrorObject, schema: JsonObject | undefined): FieldError {
  const path = e.instancePath.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String(e.params['missingProperty']));
  const index = path.length > 1 && /^[0-9]+$/.test(path.at(-1)!) ? Number(path.pop()) : undefined;
  const field = path.join('.');
  const at = index === undefined ? field : `${field}[${index}]`;
  const extra = (code: FieldErrorCode, message?: string, max?: number): FieldError =>
    fieldError(field, code, { ...(index === undefined ? {} : { index }), ...(max === undefined ? {} : { max }), message: message ?? MESSAGES[code](at, max) });
  const limit = Number(e.params['limit']);
  switch (e.keyword) {
    case 'required':
      return extra('required');
    case 'type':
      if (e.data === null && isRequired(schema, [...path, ...(index === undefined ? [] : [String(index)])])) return extra('required');
      if (Array.isArray(e.data) && !String(e.params['type']).includes('array')) return extra('invalid', `${at} must be given once.`);
      return extra('invalid', `${at} must be ${String(e.params['type']).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.`);
    case 'maxLength':
      return extra('too-long', undefined, limit);
    case 'maxItems':
      return extra('too-long', `${at} has more than ${limit} entries.`);
    case 'minLength':
      return extra(limit === 1 ? 'required' : 'invalid', limit === 1 ? undefined : `${at} must have at least ${limit} characters.`);
    case 'pattern':
      return typeof e.data === 'string' && hasControlCharacters(e.data) ? extra('control-characters') : extra('invalid', `${at} is not in the expected format.`);
    case 'oneOf':
    case 'anyOf':
      return extra('invalid');
    case 'format':
      return extra('invalid', `${at} is not a date-time (RFC 3339, e.g. 2026-12-31T23:59:59Z).`);
    case 'enum':
      return extra('invalid', `${at} must be one of ${(e.params['allowedValues'] as unknown[]).join(', ')}.`);
    default:
      return extra('invalid', `${at} ${e.message ?? 'is not valid'}.`);
  }
}

const RANK: readonly string[] = ['required', 'type', 'pattern', 'maxLength', 'maxItems'];
const rank = (e: ErrorObject): number => (RANK.includes(e.keyword) ? RANK.indexOf(e.keyword) : RANK.length);

/**
 * The field errors of a schema's refusal, one per field (and array index): the
 * most telling (a missing field before a wrong type, a control character
 * before a length). For a value that fits none of a `oneOf`'s choices, only
 * the errors inside the choice of its type (or the `oneOf` itself) count.
 */
export function fieldErrorsOf(errors: ErrorObject[], schema: JsonObject | undefined): FieldError[] {
  const choiceRoots = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const kept = errors.filter((e) => {
    const root = choiceRoots.find((c) => e !== c && e.schemaPath.startsWith(c.schemaPath) && e.instancePath.startsWith(c.instancePath));
    if (root && e.keyword === 'type' && e.instancePath === root.instancePath) return false; // the choices it is not
    if (choiceRoots.includes(e)) return !errors.some((o) => o !== e && !choiceRoots.includes(o) && o.instancePath.startsWith(`${e.instancePath}/`));
    return true;
  });
  const best = new Map<string, ErrorObject>();
  for (const e of kept) {
    const key = e.keyword === 'required' ? `${e.instancePath}/${String(e.params['missingProperty'])}` : e.instancePath;
    const seen = best.get(key);
    if (!seen || rank(e) < rank(seen)) best.set(key, e);
  }
  return [...best.values()].map((e) => fromAjv(e, schema));
}

/** A path parameter its schema refused (a client code that cannot be one): 400. */
export const badPath = (errors: unknown, schema: JsonObject | undefined): HttpProblem =>
  badRequest('The address is not valid.', fieldErrorsOf(errors as ErrorObject[], schema));

/** Query parameters their schema refused: 400, one field error per parameter. */
export const badQuery = (errors: unknown, schema: JsonObject | undefined): HttpProblem =>
  badRequest('Some query parameters are not valid.', fieldErrorsOf(errors as ErrorObject[], schema));

/**
 * The body as the service gets it: 400 when the route takes a JSON object and
 * got none (or something else); otherwise the body with the field errors of its
 * schema, which the service reports with those of the rules (`Fields`).
 */
export function checkedBody(body: unknown, errors: unknown, schema: JsonObject | undefined): BodyCheck {
  const refused = errors as ErrorObject[];
  if (schema && (body === undefined || body === null)) throw badRequest('A JSON object is required as the request body.');
  if (refused.some((e) => e.instancePath === '' && e.keyword === 'type')) throw badRequest('The request body must be a JSON object.');
  return { body: (body ?? {}) as Body, errors: fieldErrorsOf(refused, schema) };
}
