import type { EngineReport } from '@atelier/plugin-api';

/** One queue's counts (GraphQL `queues`). */
export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
}

/** A worker process as it last reported itself (GraphQL `workers`). */
export interface WorkerSeen {
  id: string;
  host: string;
  pid: number;
  engine: EngineReport;
  /** The queues it takes jobs from, e.g. `gen:cpu`. */
  capabilities: string[];
  concurrency: number;
  currentRuns: string[];
  startedAt: string;
  lastHeartbeat: string;
}

export interface QueueSnapshot {
  queues: QueueDepth[];
  workers: WorkerSeen[];
}
