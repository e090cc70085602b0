import { Redis } from 'ioredis';

/**
 * One ioredis connection. BullMQ workers and event listeners block on Redis and must wait for it
 * through outages (`maxRetriesPerRequest: null`); the API's own commands fail fast instead.
 */
export function redisConnection(url: string, purpose: 'blocking' | 'commands'): Redis {
  return new Redis(url, purpose === 'blocking' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 3 });
}
