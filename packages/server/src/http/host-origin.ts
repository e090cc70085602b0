import { isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost } from './auth.js';

export interface HostOriginPolicy {
  token: string | null;
  /** `Host` values (with or without port) accepted besides loopback names and IP literals. */
  allowedHosts: string[];
  /** Origins of other sites whose pages may call this server. */
  allowedOrigins: string[];
}

/** `localhost:4000` → `localhost`, `[::1]:4000` → `::1`. */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '');
}

/**
 * A DNS-rebinding page reaches the server under a name the attacker controls, so without a token
 * only loopback names, IP literals and configured hosts are answered. A token already proves the
 * caller, so then any `Host` is fine.
 */
function hostAllowed(host: string | undefined, policy: HostOriginPolicy): boolean {
  if (policy.token) return true;
  if (!host) return false;
  const hostname = hostnameOf(host.toLowerCase());
  return isLoopbackHost(hostname) || isIP(hostname) !== 0 || policy.allowedHosts.some((allowed) => [host, hostname].includes(allowed.toLowerCase()));
}

/** Same origin (the page came from this server, under the `Host` it asked for) or configured. */
function originAllowed(origin: string | undefined, host: string | undefined, policy: HostOriginPolicy): boolean {
  if (origin === undefined) return true;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return policy.allowedOrigins.includes(origin);
}

/**
 * Why a request (HTTP or websocket upgrade) is refused, or null to let it through. Clients that are
 * not browsers send no `Origin` and are judged by `Host` (and the token) alone.
 */
export function hostOriginRefusal(headers: IncomingHttpHeaders, policy: HostOriginPolicy): { reason: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED'; message: string } | null {
  const { host, origin } = headers;
  if (!hostAllowed(host, policy)) {
    return { reason: 'HOST_NOT_ALLOWED', message: 'This server answers only loopback hosts and those in allowedHosts; set a token to serve others' };
  }
  if (!originAllowed(origin, host, policy)) {
    return { reason: 'ORIGIN_NOT_ALLOWED', message: 'Cross-origin requests are refused unless their origin is in allowedOrigins' };
  }
  return null;
}
