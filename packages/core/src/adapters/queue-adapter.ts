import type { EngineReport, Logger } from '@atelier/plugin-api';
import type { JobQueue } from '../contracts/job-queue.js';
import type { QueueConfig } from '../config/queue-config.js';
import type { RunEvents } from '../run/run-events.js';
import type { ArtifactStore, CheckpointStore, DatasetStore, RunRecord, RunStore } from '../contracts/records.js';
import type { WorkerSettings, WorkerTask } from '../run/protocol.js';
import type { RunRecorder } from '../run/run-recorder.js';
import type { RemoteArtifactFiles } from './artifact-files-adapter.js';

/** A `queue` config that names an adapter package (every kind but the embedded one). */
export type RemoteQueueConfig = Exclude<QueueConfig, { kind: 'embedded' }>;

export type QueueStores = { checkpoints: CheckpointStore; datasets: DatasetStore };

/** What the API process's queue records through: the container's stores and its planning of a run. */
export interface QueueDeps {
  runs: RunStore;
  artifacts: ArtifactStore;
  stores: QueueStores;
  events: RunEvents;
  recorder: RunRecorder;
  logger: Logger;
  /** Plans a run against the given stores (the queue passes views that record what it reads). */
  task(run: RunRecord, stores: QueueStores): WorkerTask;
}

/** `atelier worker` on a remote queue: what it takes jobs with. */
export interface QueueWorkerOptions {
  /** The `--queues` list as typed; the adapter knows its queue names and refuses unknown ones. */
  queues: string;
  /** Jobs at once per queue, each in its own worker process. */
  concurrency: number;
  settings: WorkerSettings;
  cancelGraceMs: number;
  logger: Logger;
  /** With a remote artifact store: where the files a job writes go, and the checkpoints it reads come from. */
  artifactFiles: RemoteArtifactFiles | null;
}

export interface QueueWorker {
  readonly id: string;
  readonly engine: EngineReport;
  /** The queue names it takes jobs from. */
  readonly queues: readonly string[];
  /** Takes no new jobs and waits for running ones, canceling those still running after `deadlineMs`. */
  close(deadlineMs: number): Promise<void>;
}

/** What a queue adapter package exports as `queueAdapter`: the API's side and the worker's side of one queue. */
export interface QueueAdapter {
  createQueue(config: RemoteQueueConfig, deps: QueueDeps): JobQueue;
  startWorker(config: RemoteQueueConfig, options: QueueWorkerOptions): Promise<QueueWorker>;
}
