/**
 * Passwords: the rule a new password must follow, and how it is stored.
 *
 * Storage: node's `crypto.scrypt` (memory-hard), N = 2^15, r = 8, p = 1 by
 * default (32 MiB and roughly 0.1-0.2 s per hash on a small server), a
 * 16-byte random salt, a 32-byte key, written as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>` so that the cost can
 * be raised later and old hashes still verify. The hash runs on libuv's
 * thread pool, not on the event loop. Passwords are compared NFC-normalised.
 *
 * Rule: at least 12 characters (code points), at most 200, and not one of the
 * common passwords of `auth/common-passwords.txt` (compared ignoring case).
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FieldError } from '../../src/api/types.js';
import { fieldError } from '../validation.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** log2 of scrypt's N by default. */
export const DEFAULT_SCRYPT_COST = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function scrypt(password: string, salt: Buffer, cost: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** cost;
  // Twice what the parameters need (128 * N * r bytes), so node never refuses them.
  const maxmem = 2 * 128 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A storable hash of `password`; `cost` is log2 of scrypt's N (tests lower it for speed). */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a malformed hash. Constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [cost, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![cost, r, p].every((n) => Number.isInteger(n) && n > 0) || cost > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await scrypt(password, salt, cost, r, p);
  return timingSafeEqual(key, expected);
}

let common: Set<string> | undefined;

/** The common passwords (lower case), read once. */
export function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.toLowerCase()),
    );
  }
  return common;
}

/** The field errors of a new password (empty when it is acceptable). */
export function checkNewPassword(password: string, field = 'password'): FieldError[] {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return [fieldError(field, 'password-too-short', { message: `${field} must have at least ${PASSWORD_MIN_LENGTH} characters.` })];
  }
  if (length > PASSWORD_MAX_LENGTH) return [fieldError(field, 'too-long', { max: PASSWORD_MAX_LENGTH })];
  if (commonPasswords().has(password.toLowerCase()) || commonPasswords().has(password.trim().toLowerCase())) {
    return [fieldError(field, 'password-common', { message: `${field} is one of the most common passwords; choose another.` })];
  }
  return [];
}
