import type { CheckpointRecord, DatasetRecord, EngineReport } from '@atelier/core';
import type { RunReport, WorkerTask } from '@atelier/core/adapter';
import type { CapabilityQueue } from './queue-names.js';

/**
 * The records a task reads, resolved by the API (the database's one reader and writer) when it
 * enqueues the run: the worker answers its child's `request` messages from here, never from SQLite.
 */
export interface TaskRecords {
  checkpoints: Record<string, CheckpointRecord>;
  datasets: Record<string, DatasetRecord>;
}

/** A BullMQ job's data: `jobId` is the run id. */
export interface BullJobData {
  task: WorkerTask;
  records: TaskRecords;
}

/** Reports that change rows; the job's return value repeats them so a restarted API can reconcile. */
export type DurableReport = Extract<RunReport, { type: 'step-started' | 'step-finished' | 'result' | 'artifact' | 'checkpoint' }>;

const durableTypes = new Set<string>(['step-started', 'step-finished', 'result', 'artifact', 'checkpoint']);

export function isDurable(report: RunReport): report is DurableReport {
  return durableTypes.has(report.type);
}

/** Job progress: who took the job, then the child's protocol reports, relayed to the API in order. */
export type BullJobProgress = { type: 'started'; worker: string; engine: EngineReport } | { type: 'report'; report: RunReport };

/** A job's return value. */
export interface BullJobResult {
  worker: string;
  engine: EngineReport;
  result: Record<string, unknown>;
  reports: DurableReport[];
}

/** What each worker writes to Redis every heartbeat (GraphQL `workers`). */
export interface WorkerHeartbeat {
  id: string;
  host: string;
  pid: number;
  engine: EngineReport;
  queues: CapabilityQueue[];
  concurrency: number;
  /** Run ids it is working on. */
  currentRuns: string[];
  startedAt: string;
  lastHeartbeat: string;
}
