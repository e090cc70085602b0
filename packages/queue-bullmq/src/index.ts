import type { QueueAdapter } from '@atelier/core/adapter';
import { BullWorkerHost } from './bull-worker.js';
import { createBullJobQueue } from './create-bull-queue.js';
import { parseQueues } from './queue-names.js';

/** `queue: { kind: "bullmq" }`: runs on BullMQ queues in Redis, worked by `atelier worker` processes. */
export const queueAdapter: QueueAdapter = {
  createQueue: createBullJobQueue,
  startWorker: (config, { queues, ...options }) => BullWorkerHost.start({ config, queues: parseQueues(queues), ...options }),
};

export type { BullJobQueue } from './bull-queue.js';
