import { AtelierError, type BullQueueConfig, type RunRecord } from '@atelier/core';

/** The capability queues: what a run needs (`gen` or `train`, on a `cpu` or `gpu` engine). */
export const capabilityQueues = ['gen:cpu', 'gen:gpu', 'train:cpu', 'train:gpu'] as const;
export type CapabilityQueue = (typeof capabilityQueues)[number];

/** The queue a run waits on: its kind and the engine class the config requires for it. */
export function queueForRun(run: Pick<RunRecord, 'kind'>, engines: BullQueueConfig['engines']): CapabilityQueue {
  return run.kind === 'training' ? `train:${engines.training}` : `gen:${engines.pipeline}`;
}

/** BullMQ reserves `:` in queue names (its key separator), so `gen:cpu` lives in Redis as `atelier-gen-cpu`. */
export function bullQueueName(queue: CapabilityQueue): string {
  return `atelier-${queue.replace(':', '-')}`;
}

/** Parses `--queues gen:cpu,train:cpu`; names every unknown queue at once. */
export function parseQueues(list: string): CapabilityQueue[] {
  const names = [...new Set(list.split(',').map((name) => name.trim()).filter(Boolean))];
  const unknown = names.filter((name) => !(capabilityQueues as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new AtelierError('BAD_USER_INPUT', `--queues takes a comma-separated list of ${capabilityQueues.join(', ')}; got "${list}"`, { path: 'queues', unknown });
  }
  return names as CapabilityQueue[];
}

/** Redis keys of Atelier's own coordination, beside BullMQ's. */
export const coordinationKeys = {
  /** Pub/sub channel: a run id to cancel; only the worker holding that job acts on it. */
  cancelChannel: 'atelier:cancel',
  /** Set before the cancel is published, so a worker starting the job at that moment still sees it. */
  canceled: (runId: string) => `atelier:canceled:${runId}`,
  /** Hash: worker id → its latest heartbeat (JSON). */
  workers: 'atelier:workers',
  /** The last QueueEvents stream id the API handled, per queue, so a restarted API resumes there. */
  lastEventId: (queue: CapabilityQueue) => `atelier:last-event:${queue}`,
};
