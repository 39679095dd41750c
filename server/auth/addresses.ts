/**
 * Client addresses. `request.ip` is the socket's address, or with
 * `TRUST_PROXY` the address fastify's `trustProxy` reads from
 * `X-Forwarded-For` behind those proxies only. The allowed addresses of an
 * access are compared with the browser's shared `ipInRange` (IPv4-mapped
 * IPv6 addresses count as IPv4).
 */
import { ipInRange, parseIpRange } from '../../src/internal/validators.js';

/** Is `address` inside one of `allowed` (addresses or CIDR blocks)? An empty list allows every address. */
export function addressAllowed(address: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((entry) => {
    const range = parseIpRange(entry);
    return range !== null && ipInRange(address, range);
  });
}

/**
 * The throttle's key for an address: an IPv4 address (IPv4-mapped IPv6
 * included) as itself, an IPv6 address by its /64 (one subscriber usually
 * holds a whole /64), anything else as given.
 */
export function addressKey(address: string): string {
  const range = parseIpRange(address);
  if (!range) return address;
  const b = range.bytes;
  if (range.family === 4) return b.join('.');
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (mapped) return b.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}
