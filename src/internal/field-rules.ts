/**
 * The field rules, written once: how long each field may be, which are
 * required, which have a format. The forms (their checks and `maxlength`),
 * the fake backend and the reference server all read this table; the checks
 * themselves are `checkField()` in `validators.ts`. Data only: no DOM, no Lit,
 * importable from Node.
 */

export interface TextRule {
  /** At most this many characters (code points), once trimmed; also the input's `maxlength`. */
  readonly max: number;
  readonly required?: boolean;
  /** A format beyond the length: an e-mail address, a user code (letters, digits, `.`, `_`, `-`, `@`). */
  readonly format?: 'email' | 'user-code';
}

/** A contact's text fields (`type` is a choice, checked against the contact types). */
export const CONTACT_FIELDS = {
  name: { max: 120, required: true },
  title: { max: 120 },
  department: { max: 120 },
  email: { max: 254, format: 'email' },
  phone: { max: 40 },
  mobile: { max: 40 },
  fax: { max: 40 },
  location: { max: 200 },
} as const satisfies Record<string, TextRule>;

/** An access's text fields (`branchId` is a choice, checked against the branches). */
export const ACCESS_FIELDS = {
  userCode: { max: 64, required: true, format: 'user-code' },
  email: { max: 254, required: true, format: 'email' },
} as const satisfies Record<string, TextRule>;

/** An access's `allowedIps`: at most `maxItems` entries, each an IPv4 / IPv6 address or CIDR block of at most `maxLength` characters. */
export const ALLOWED_IPS = { maxItems: 20, maxLength: 64 } as const;
