/**
 * The `Host` check, against DNS rebinding: a page on `rebind.attacker.example`
 * whose name resolves to this server must not get answers (nor the demo's
 * staff session). Every request's `Host` must be `PUBLIC_URL`'s host, one of
 * `ALLOWED_HOSTS` (`name` for any port, `name:port` for one), or, in the demo
 * only, a loopback name (`localhost`, `127.x.x.x`, `[::1]`, any port).
 * Anything else gets 421 Misdirected Request, before any route runs; only
 * the health probes (routes/health.ts) answer any Host.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AppConfig, isLoopbackName } from '../config.js';
import { HttpProblem } from '../problem.js';
import { HEALTH_PATHS } from '../routes/health.js';

interface HostName {
  /** `name[:port]`, lower case, without a default port. */
  host: string;
  /** The name alone (`[::1]` keeps its brackets, as `URL.hostname` does). */
  hostname: string;
}

function parseHost(header: string | undefined): HostName | undefined {
  if (!header) return undefined;
  try {
    const url = new URL(`http://${header}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return { host: url.host, hostname: url.hostname };
  } catch {
    return undefined;
  }
}

/** Does the request's `Host` name a loopback address (the demo's sign-in and mailbox are for this machine only)? */
export function isLoopbackHost(request: FastifyRequest): boolean {
  const host = parseHost(request.headers.host);
  return host !== undefined && isLoopbackName(host.hostname);
}

/** Is the socket's peer this machine (a request from another one may still name a loopback Host)? */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

export function hostAllowed(config: AppConfig, header: string | undefined): boolean {
  const host = parseHost(header);
  if (!host) return false;
  const publicHost = new URL(config.publicUrl).host.toLowerCase();
  if (host.host === publicHost || (config.mode === 'demo' && isLoopbackName(host.hostname))) return true;
  return config.allowedHosts.some((allowed) => allowed === host.host || allowed === host.hostname);
}

export const misdirected = (): HttpProblem =>
  new HttpProblem(421, 'This server does not answer for the host this request names (see PUBLIC_URL and ALLOWED_HOSTS).', {
    type: 'misdirected-request',
    title: 'Misdirected Request',
  });

export function registerHostCheck(app: FastifyInstance, config: AppConfig): void {
  app.addHook('onRequest', async (request) => {
    if (HEALTH_PATHS.has(request.routeOptions.url ?? '')) return; // a probe names the instance by its address
    if (!hostAllowed(config, request.headers.host)) throw misdirected();
  });
}
