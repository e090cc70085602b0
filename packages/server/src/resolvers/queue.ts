import type { Resolver } from './context.js';

/** The visible queue: depths and workers come from the queue itself (BullMQ reads them from Redis). */
export const queueQueries: Record<'queues' | 'workers', Resolver> = {
  queues: async (_root, _args, { atelier }) => (await atelier.queue.inspect?.())?.queues ?? [],
  workers: async (_root, _args, { atelier }) => (await atelier.queue.inspect?.())?.workers ?? [],
};
