import type { DependencyContainer } from 'tsyringe';
import type { AtelierConfig } from './config.js';
import type { Engine } from './engine/engine.js';
import type { Logger, PipelineIssue } from '@atelier/plugin-api';
import type { JobQueue } from './jobs/job-queue.js';
import type { RunEvents } from './jobs/run-events.js';
import type { StepShape } from './pipeline/step-shapes.js';
import type { WorkerPool } from './worker/worker-pool.js';
import type { PluginRegistry } from './plugins/registry.js';
import type { ArtifactStore, CheckpointStore, DatasetStore, PipelineStore, RunRecord, RunStore } from './store/records.js';
import type { SqliteStepCache } from './store/step-cache-store.js';
import type { BatchRecord, SqliteBatchStore } from './store/batch-store.js';
import type { Sweep } from './pipeline/sweep.js';

export interface TrainingRequest {
  /** Model family id, e.g. `gan.dcgan`. */
  family: string;
  dataset: string;
  /** Checkpoint name (default: `<family>-<dataset>`). */
  name?: string;
  epochs?: number;
  maxSteps?: number;
  hyperparameters?: Record<string, unknown>;
  /** Extra training-only preprocessors, e.g. `augment.flip`, with optional params. */
  preprocess?: { use: string; with?: Record<string, unknown> }[];
  seed?: number;
  /** Continue from this checkpoint (id or name) of the same family. */
  resume?: string;
  /**
   * Workers to train on (data parallel: each takes a shard of every batch). Default: every free
   * worker on WASM/CPU, one on tfjs-node; one for a family that cannot average gradients.
   */
  workers?: number;
}

/**
 * The composed application: services wired in a tsyringe container plus the use cases the CLI and
 * the server share. Created at composition roots only (CLI start, server start, tests).
 */
export interface Atelier {
  readonly container: DependencyContainer;
  readonly config: AtelierConfig;
  readonly engine: Engine;
  readonly registry: PluginRegistry;
  readonly runs: RunStore;
  readonly artifacts: ArtifactStore;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetStore;
  readonly pipelines: PipelineStore;
  /** Index of stored step outputs, reused when a step's signature is unchanged. */
  readonly stepCache: SqliteStepCache;
  readonly batches: SqliteBatchStore;
  readonly queue: JobQueue;
  /** The worker processes runs execute in (this process validates and records, never computes). */
  readonly pool: WorkerPool;
  readonly events: RunEvents;
  readonly logger: Logger;
  /** The run with this id; NOT_FOUND naming the id (`runNotFound`) when there is none. */
  run(id: string): RunRecord;
  /** Every problem of a spec at once; empty when it is valid. Touches no store. */
  validatePipeline(spec: unknown): Promise<PipelineIssue[]>;
  /** The same problems plus each step's declared output shape (clients show it as a spec is edited). */
  checkPipeline(spec: unknown): Promise<{ issues: PipelineIssue[]; steps: StepShape[] }>;
  /** Validates, then records a queued run; throws PipelineInvalidError without writing anything. */
  submitPipeline(spec: unknown, options?: { seed?: number }): Promise<RunRecord>;
  /**
   * Expands a spec into a batch of runs (seeds × swept parameters), validates every one, and only
   * then records and queues them all under one batch id; refuses more than `limits.maxBatchRuns`.
   */
  submitBatch(spec: unknown, sweep: Sweep, options?: { name?: string }): Promise<{ batch: BatchRecord; runs: RunRecord[] }>;
  /** Cancels every queued and running run of a batch; NOT_FOUND for an unknown id. */
  cancelBatch(id: string): BatchRecord;
  /** The finished contact sheet run of a batch that asked for one, once all its runs are done; null when none could be made. */
  contactSheet(batchId: string): Promise<RunRecord | null>;
  /**
   * Re-runs the pipeline a PNG came from (its provenance text chunks: spec, seed, checkpoint ids),
   * which gives the same image on the same engine; IMAGE_INVALID for a PNG Atelier did not make.
   */
  submitFromImage(png: Buffer): Promise<RunRecord>;
  /** Validates the request and hyper-parameters, then records a queued training run. */
  submitTraining(request: TrainingRequest): Promise<RunRecord>;
  /** Stops the queue (canceling running jobs when asked) and closes the database. */
  close(options?: { cancelRunning?: boolean }): Promise<void>;
}
