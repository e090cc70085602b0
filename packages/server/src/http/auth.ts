import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` value carries the server's bearer token. Always true when the server
 * has no token. Compares digests in constant time so the response time reveals nothing of the token.
 */
export function isAuthorized(authorization: unknown, token: string | null | undefined): boolean {
  if (!token) return true;
  if (typeof authorization !== 'string') return false;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

const loopbackHosts = new Set(['localhost', '::1', '[::1]']);

/** Hosts only this machine can reach; anything else needs a token (or an explicit `--insecure`). */
export function isLoopbackHost(host: string): boolean {
  return loopbackHosts.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}
