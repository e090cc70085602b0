import type { AtelierConfig } from './config/config.js';
import type { RemoteArtifactFiles } from './adapters/artifact-files-adapter.js';
import type { EncodedImage } from './datasets/decode-uploads.js';
import type { Engine } from './engine/engine.js';
import type { CheckpointRecord, DatasetRecord, Logger, PipelineIssue } from '@atelier/plugin-api';
import type { JobQueue } from './contracts/job-queue.js';
import type { RunEventSource } from './run/run-events.js';
import type { TrainingRequest } from './training/training-request.js';
import type { ImageProvenance } from './pipeline/provenance.js';
import type { StepShape } from './pipeline/step-shapes.js';
import type { WorkerProcesses } from './worker/worker-pool.js';
import type { PluginCatalog } from './plugins/registry.js';
import type {
  ArtifactStore,
  BatchRecord,
  BatchStore,
  CheckpointStore,
  DatasetStore,
  PipelineRecord,
  PipelineStore,
  RunRecord,
  RunStore,
} from './contracts/records.js';
import type { Sweep } from './pipeline/sweep.js';

export type { TrainingRequest } from './training/training-request.js';

/**
 * What `Atelier.importDataset` reads: a folder on this machine. (The MNIST digits are data the
 * server carries: it decodes them and stores them with `datasets.importPixels`.)
 */
export interface DatasetImport {
  source: 'folder';
  name: string;
  /** Absolute: a relative path would depend on the directory the process started in. */
  path: string;
  limit?: number;
  width?: number;
  height?: number;
  /** Sub-folders become labels (default: when there are sub-folders). */
  labelled?: boolean;
}

/**
 * The composed application: the stores and services a client reads, plus every use case the CLI
 * and the server share, with its rules (limits, the home's disk budget, what may be deleted when).
 * Created at composition roots only (CLI start, server start, tests).
 */
export interface Atelier {
  readonly config: AtelierConfig;
  readonly engine: Engine;
  readonly registry: PluginCatalog;
  readonly runs: RunStore;
  readonly artifacts: ArtifactStore;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetStore;
  readonly pipelines: PipelineStore;
  readonly batches: BatchStore;
  readonly queue: JobQueue;
  /** Where workers put artifact files when the config names a remote store (S3); null: the home folder. */
  readonly artifactFiles: RemoteArtifactFiles | null;
  /** The worker processes runs execute in (this process validates and records, never computes). */
  readonly pool: WorkerProcesses;
  readonly events: RunEventSource;
  readonly logger: Logger;
  /** The run with this id; NOT_FOUND naming the id (`runNotFound`) when there is none. */
  run(id: string): RunRecord;
  /** Every problem of a spec at once; empty when it is valid. Touches no store. A spec past `limits.maxSpecBytes` is refused (LIMIT_EXCEEDED). */
  validatePipeline(spec: unknown): Promise<PipelineIssue[]>;
  /** The same problems plus each step's declared output shape (clients show it as a spec is edited). */
  checkPipeline(spec: unknown): Promise<{ issues: PipelineIssue[]; steps: StepShape[] }>;
  /** Validates, then saves (or replaces) a named pipeline, whose runs take its name; nothing is saved when invalid. */
  savePipeline(name: string, spec: unknown): Promise<PipelineRecord>;
  /**
   * Validates, then records a queued run; throws PipelineInvalidError without writing anything.
   * Refused (LIMIT_EXCEEDED) while the home is over `limits.maxHomeBytes`, as is every new run.
   */
  submitPipeline(spec: unknown, options?: { seed?: number }): Promise<RunRecord>;
  /**
   * Expands a spec into a batch of runs (seeds × swept parameters), validates every one, and only
   * then records and queues them all under one batch id; refuses more than `limits.maxBatchRuns`,
   * and a base spec too large (`limits.maxSpecBytes`) or malformed before cloning it once per run.
   */
  submitBatch(spec: unknown, sweep: Sweep, options?: { name?: string }): Promise<{ batch: BatchRecord; runs: RunRecord[] }>;
  /** Cancels every queued and running run of a batch; NOT_FOUND for an unknown id. */
  cancelBatch(id: string): BatchRecord;
  /** The finished contact sheet run of a batch that asked for one, once all its runs are done; null when none could be made. */
  contactSheet(batchId: string): Promise<RunRecord | null>;
  /** The provenance text chunks of a PNG (base64 or bytes, held to the upload limits and `pngTextLimits`). */
  imageProvenance(image: EncodedImage['data']): Promise<ImageProvenance>;
  /**
   * Re-runs the pipeline a PNG came from (its provenance text chunks: spec, seed, checkpoint ids),
   * which gives the same image on the same engine; IMAGE_INVALID for a PNG Atelier did not make.
   */
  submitFromImage(image: EncodedImage['data']): Promise<RunRecord>;
  /** Validates the request and hyper-parameters, then records a queued training run. */
  submitTraining(request: TrainingRequest): Promise<RunRecord>;
  /** Cancels a queued or running run (a finished one stays as it is) and returns it as it now stands. */
  cancelRun(id: string): RunRecord;
  /** Moves an interrupted, failed or canceled run back to the queue (CONFLICT otherwise), within the home's budget. */
  retryRun(id: string): Promise<RunRecord>;
  /** Deletes a finished run with its steps and artifacts; CONFLICT while it is queued or running. */
  deleteRun(id: string): void;
  /** Deletes a checkpoint (by id or name) and its files; CHECKPOINT_NOT_FOUND when there is none. */
  deleteCheckpoint(ref: string): CheckpointRecord;
  /** Imports a folder into a new data set, within the folder-walk, pixel and disk limits. */
  importDataset(request: DatasetImport): Promise<DatasetRecord>;
  /**
   * Adds uploaded images (base64 or bytes) to a data set; the whole upload is refused before
   * anything is written when one is not a PNG, JPEG or WebP file or they pass the upload limits.
   */
  uploadImages(dataset: string, images: EncodedImage[]): Promise<DatasetRecord>;
  /**
   * Marks this process's running runs `interrupted` without waiting for them (a shutdown whose
   * steps may block for long); `retryRun` queues them again. Returns their ids.
   */
  interruptRunning(): string[];
  /** Stops the queue (canceling running jobs when asked) and closes the database. */
  close(options?: { cancelRunning?: boolean }): Promise<void>;
}
