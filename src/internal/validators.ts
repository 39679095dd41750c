/**
 * The rules the forms check and the reference server checks again: tiny pure
 * functions, shared by the browser and `server/`, unit-tested alone. Each
 * returns `null` when the value is fine, or the contract's field error code
 * (`FieldError.code`), which the elements translate.
 */
import type { FieldErrorCode } from '../api/types.js';
import { ACCESS_FIELDS, ALLOWED_IPS, CONTACT_FIELDS, type TextRule } from './field-rules.js';

/** The lengths of `field-rules.ts`, by field name. */
export const LIMITS = {
  name: CONTACT_FIELDS.name.max,
  title: CONTACT_FIELDS.title.max,
  department: CONTACT_FIELDS.department.max,
  email: CONTACT_FIELDS.email.max,
  phone: CONTACT_FIELDS.phone.max,
  location: CONTACT_FIELDS.location.max,
  userCode: ACCESS_FIELDS.userCode.max,
  allowedIps: ALLOWED_IPS.maxItems,
} as const;

/**
 * How many characters a text has: Unicode code points, as JSON Schema's
 * `maxLength` counts them (an emoji is one, although it is two UTF-16 units).
 */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Characters a single-line field never holds: the C0 controls (CR, LF and TAB
 * included), DEL, the C1 controls, and the Unicode line and paragraph
 * separators. A name carrying a line break would start a new line in the
 * e-mails and pages that quote it.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * Required single-line text: something other than white space, no control
 * character (anywhere, even at an end that trimming would drop), at most `max`
 * characters once trimmed.
 */
export function checkRequired(value: string | null | undefined, max: number): FieldErrorCode | null {
  const v = value ?? '';
  if (v.trim() === '') return 'required';
  return checkLength(v, max);
}

/** Optional single-line text: no control character, at most `max` characters once trimmed. */
export function checkLength(value: string | null | undefined, max: number): FieldErrorCode | null {
  const v = value ?? '';
  if (hasControlCharacters(v)) return 'control-characters';
  return charCount(v.trim()) > max ? 'too-long' : null;
}

// The WHATWG `<input type=email>` rule, plus a dot in the domain: an invitation
// has to reach a real mailbox, and `name@localhost` never does.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function isEmail(value: string): boolean {
  return charCount(value) <= LIMITS.email && EMAIL.test(value);
}

/** An optional e-mail address (empty is fine). */
export function checkEmail(value: string | null | undefined): FieldErrorCode | null {
  if (hasControlCharacters(value ?? '')) return 'control-characters';
  const v = (value ?? '').trim();
  if (v === '') return null;
  return isEmail(v) ? null : 'email';
}

/** A required e-mail address. */
export function checkRequiredEmail(value: string | null | undefined): FieldErrorCode | null {
  return (value ?? '').trim() === '' ? 'required' : checkEmail(value);
}

const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * A dotted-quad IPv4 address, strictly: four decimal numbers 0 to 255, no
 * leading zeros (`010.1.1.1` is octal to some parsers), no hex, no short forms.
 */
export function parseIPv4(value: string): number[] | null {
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!DECIMAL_OCTET.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

/**
 * An IPv6 address (RFC 4291 text forms: full, `::`-compressed, with a trailing
 * dotted IPv4), as eight 16-bit groups. Zone ids (`%eth0`) are refused: they
 * mean nothing off the host that wrote them.
 */
export function parseIPv6(value: string): number[] | null {
  if (value.length > 45 || value.includes('%')) return null;
  let text = value;
  let v4: number[] | null = null;
  const lastColon = text.lastIndexOf(':');
  if (lastColon !== -1 && text.includes('.', lastColon)) {
    // A trailing dotted IPv4 stands for the last two groups.
    v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseHextets(halves[0]!);
  const rest = halves.length === 2 ? parseHextets(halves[1]!) : [];
  if (!head || !rest) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  if (v4) groups.splice(6, 2, (v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
  return groups;
}

function parseHextets(text: string): number[] | null {
  if (text === '') return [];
  const out: number[] = [];
  for (const g of text.split(':')) {
    if (!HEXTET.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

export interface IpRange {
  /** 4 for IPv4, 6 for IPv6. */
  family: 4 | 6;
  /** The address as bytes (4 or 16). */
  bytes: number[];
  /** The prefix length in bits (32 or 128 for a single address). */
  prefix: number;
}

/** An IPv4 or IPv6 address, or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export function parseIpRange(value: string): IpRange | null {
  const text = value.trim();
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  let range: IpRange | null = null;
  const v4 = parseIPv4(address);
  if (v4) range = { family: 4, bytes: v4, prefix: 32 };
  else {
    const v6 = parseIPv6(address);
    if (v6) range = { family: 6, bytes: v6.flatMap((g) => [g >> 8, g & 0xff]), prefix: 128 };
  }
  if (!range) return null;
  if (slash !== -1) {
    const p = text.slice(slash + 1);
    if (!PREFIX.test(p)) return null;
    const prefix = Number(p);
    if (prefix > range.prefix) return null;
    range.prefix = prefix;
  }
  return range;
}

export function isIpOrCidr(value: string): boolean {
  return parseIpRange(value) !== null;
}

/** Splits what a user typed in the IP field: commas, semicolons, spaces or new lines. */
export function splitIpList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The index of the first entry that is not an address or CIDR block, or -1. */
export function firstInvalidIp(entries: readonly string[]): number {
  return entries.findIndex((e) => !isIpOrCidr(e));
}

/** Is `address` (a single address) inside `range`? IPv4-mapped IPv6 addresses count as IPv4. */
export function ipInRange(address: string, range: IpRange): boolean {
  let a = parseIpRange(address);
  if (!a || a.prefix !== (a.family === 4 ? 32 : 128)) return false;
  if (a.family === 6 && range.family === 4 && isV4Mapped(a.bytes)) {
    a = { family: 4, bytes: a.bytes.slice(12), prefix: 32 };
  }
  let r = range;
  if (r.family === 6 && a.family === 4 && isV4Mapped(r.bytes) && r.prefix >= 96) {
    r = { family: 4, bytes: r.bytes.slice(12), prefix: r.prefix - 96 };
  }
  if (a.family !== r.family) return false;
  let bits = r.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a.bytes[i]! & mask) !== (r.bytes[i]! & mask)) return false;
  }
  return true;
}

function isV4Mapped(bytes: number[]): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The user code: required, no spaces, at most 64 characters of letters, digits, `.`, `_`, `-`, `@`. */
export function checkUserCode(value: string | null | undefined): FieldErrorCode | null {
  if (hasControlCharacters(value ?? '')) return 'control-characters';
  const v = (value ?? '').trim();
  if (v === '') return 'required';
  if (charCount(v) > LIMITS.userCode) return 'too-long';
  return /^[A-Za-z0-9._@-]+$/.test(v) ? null : 'invalid';
}

/** A text field against its rule of `field-rules.ts`: required, length, control characters, format. */
export function checkField(rule: TextRule, value: string | null | undefined): FieldErrorCode | null {
  if (rule.format === 'user-code') return checkUserCode(value);
  const code = rule.required ? checkRequired(value, rule.max) : checkLength(value, rule.max);
  return code ?? (rule.format === 'email' ? checkEmail(value) : null);
}

/** The allowed IPs as typed (one text): too many entries, or the first one that is not an address. */
export function checkIpList(text: string): FieldErrorCode | null {
  const entries = splitIpList(text);
  if (entries.length > ALLOWED_IPS.maxItems) return 'too-long';
  return firstInvalidIp(entries) === -1 ? null : 'ip';
}

/**
 * The end of an access (`accessExpiresAt`, a date-time; null or '': no end):
 * `past-date` once it is `now` or earlier, unless it is the end the access
 * already has (`saved`): an access that has ended, read and sent back
 * unchanged, still saves. `invalid` when it is not a date.
 */
export function checkAccessEnd(iso: string | null, now: Date, saved: string | null = null): FieldErrorCode | null {
  if (iso === null || iso === '') return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'invalid';
  if (saved !== null && Date.parse(saved) === at) return null;
  return at <= now.getTime() ? 'past-date' : null;
}
