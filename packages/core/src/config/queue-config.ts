import { z } from 'zod';

const engineClass = z.enum(['cpu', 'gpu']);

/**
 * `queue` in `atelier.config.json`. `embedded` (default) needs nothing; `bullmq` puts runs on BullMQ
 * queues in Redis at `url`, one per capability (`gen:cpu`, `gen:gpu`, `train:cpu`, `train:gpu`),
 * worked by `atelier worker` processes on any machine.
 */
export const queueConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded') }),
  z.strictObject({
    kind: z.literal('bullmq'),
    url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
    /** The engine class each kind of run needs: its queue is `<gen|train>:<cpu|gpu>`. */
    engines: z.strictObject({ pipeline: engineClass.default('cpu'), training: engineClass.default('cpu') }).default({ pipeline: 'cpu', training: 'cpu' }),
    /** How long a worker's claim on a job lasts unrenewed; a worker that stops renewing it has stalled. */
    lockDurationMs: z.number().int().min(1000).max(600_000).default(30_000),
    /** How often workers look for stalled jobs (and put them back to run elsewhere). */
    stalledIntervalMs: z.number().int().min(500).max(600_000).default(30_000),
    /** How often a worker says it is alive (GraphQL `workers.lastHeartbeat`). */
    heartbeatMs: z.number().int().min(200).max(600_000).default(5_000),
    /** How long finished jobs stay in Redis, for a restarted API to reconcile from. */
    keepFinishedSeconds: z.number().int().min(60).default(3 * 24 * 3600),
    /** How long `atelier worker` waits for running jobs on SIGTERM before canceling them. */
    drainDeadlineMs: z.number().int().min(0).max(3_600_000).default(60_000),
  }),
]);

export type QueueConfig = z.infer<typeof queueConfigSchema>;
export type BullQueueConfig = Extract<QueueConfig, { kind: 'bullmq' }>;
