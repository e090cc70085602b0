import type { CheckpointRecord, DatasetRecord, EngineReport, ImageMeta, LayersModel } from '@atelier/plugin-api';

/**
 * Records and store contracts shared by core, the CLI and the server. The SQLite implementations
 * live in `store/` and `datasets/`; the server and plugins only ever see these shapes.
 */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'interrupted';
export type RunKind = 'pipeline' | 'training';
/** `cached`: the step's output was taken from the step cache instead of computed. */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'cached' | 'failed' | 'canceled' | 'skipped';

export interface ErrorRecord {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface RunRecord {
  id: string;
  kind: RunKind;
  status: RunStatus;
  /** Saved pipeline name, or the training's family id. */
  name: string | null;
  /** The pipeline spec or the training request, as submitted (after defaults). */
  spec: Record<string, unknown>;
  seed: number;
  engine: EngineReport | null;
  error: ErrorRecord | null;
  /** What the run produced besides artifacts: checkpoint id, metrics, kept counts… */
  result: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The batch it was queued in (`runBatch`, `atelier run --seeds`), if any. */
  batchId: string | null;
}

export interface StepRecord {
  runId: string;
  stepId: string;
  index: number;
  use: string;
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: ErrorRecord | null;
  /** Values the step recorded (`ctx.record`), e.g. a quality score or a kept count. */
  records: Record<string, unknown>;
  /** Per-image metadata of the step's output, e.g. classifier labels. */
  imageMeta: ImageMeta[];
}

export interface RunFilter {
  status?: RunStatus[];
  kind?: RunKind;
  name?: string;
  createdAfter?: string;
  createdBefore?: string;
  batchId?: string;
}

export interface RunPage {
  runs: RunRecord[];
  /** Opaque cursor of each run in `runs` (Relay edges), to page on after any of them. */
  cursors: string[];
  /** Opaque cursor of the last run in `runs`, for the next page. */
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

export interface RunStore {
  /** `batchId`: the batch (of a sweep) the run belongs to; the batch row must exist. */
  create(input: { kind: RunKind; name: string | null; spec: Record<string, unknown>; seed: number; steps?: { stepId: string; use: string }[]; batchId?: string }): RunRecord;
  get(id: string): RunRecord | null;
  /** Newest first. */
  list(filter?: RunFilter, page?: { first?: number; after?: string | null }): RunPage;
  /** Queued runs, oldest first (the queue's order). */
  queued(): RunRecord[];
  /** Claims a queued run; false when it is no longer queued (canceled or claimed meanwhile). */
  markRunning(id: string, engine: EngineReport): boolean;
  finish(id: string, status: Exclude<RunStatus, 'queued' | 'running'>, outcome?: { error?: ErrorRecord | null; result?: Record<string, unknown> }): void;
  /** Merges keys into the run's result while it runs (e.g. the latest checkpoint id). */
  mergeResult(id: string, patch: Record<string, unknown>): void;
  /** Moves an interrupted, failed or canceled run back to the queue. */
  requeue(id: string): RunRecord;
  /**
   * Runs left `running` by a crash become `interrupted`; returns their ids. `ownToo`: this process's
   * runs as well (a shutdown that will not wait for them).
   */
  interruptRunning(options?: { ownToo?: boolean }): string[];
  steps(runId: string): StepRecord[];
  startStep(runId: string, stepId: string): void;
  finishStep(runId: string, stepId: string, outcome: { status: StepStatus; error?: ErrorRecord | null; records?: Record<string, unknown>; imageMeta?: ImageMeta[] }): void;
  /** Deletes the run, its steps, its artifacts' rows and files. */
  delete(id: string): boolean;
}

/** A group of runs expanded from one spec (a seed range, a parameter grid). */
export interface BatchRecord {
  id: string;
  name: string | null;
  /** The spec before expansion. */
  spec: Record<string, unknown>;
  /** How it was expanded: seeds, swept parameters, mode. */
  sweep: Record<string, unknown>;
  size: number;
  createdAt: string;
}

/** What `RunStore.create` records. */
export type NewRun = Parameters<RunStore['create']>[0];

export interface BatchStore {
  /** Records the batch and all its runs in one transaction, so none is half queued. */
  create(batch: { name: string | null; spec: Record<string, unknown>; sweep: Record<string, unknown> }, runs: Omit<NewRun, 'batchId'>[]): { batch: BatchRecord; runs: RunRecord[] };
  get(id: string): BatchRecord | null;
  /** Records the run that lays out the batch's contact sheet (kept with the sweep). */
  setContactSheet(id: string, runId: string): void;
  /** The batch's runs in the order they were queued. */
  runsOf(id: string): RunRecord[];
}

export type ArtifactKind = 'image' | 'preview' | 'checkpoint' | 'curve' | 'other';

export interface ArtifactRecord {
  id: string;
  runId: string;
  stepId: string | null;
  kind: ArtifactKind;
  /** File name shown to people, e.g. `grid-0.png`. */
  name: string;
  mime: string;
  /** Path relative to the home folder. */
  path: string;
  bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  /** Position of the image in its step's output batch. */
  index: number | null;
  meta: ImageMeta | null;
  createdAt: string;
}

export interface NewArtifact {
  runId: string;
  stepId: string | null;
  kind: ArtifactKind;
  name: string;
  mime: string;
  data: Buffer;
  width?: number;
  height?: number;
  index?: number;
  meta?: ImageMeta;
}

export interface ArtifactStore {
  /** Writes to a temp file, renames it into place, then records the row. */
  write(input: NewArtifact): ArtifactRecord;
  /** Records an artifact whose file is already in place (written by a worker process). */
  record(artifact: ArtifactRecord): void;
  get(id: string): ArtifactRecord | null;
  list(runId: string): ArtifactRecord[];
  absolutePath(record: ArtifactRecord): string;
}

/** What a training run saves: the record's fields plus the live models to write. */
export type NewCheckpoint<H = unknown> = Omit<CheckpointRecord<H>, 'id' | 'path' | 'createdAt' | 'models' | 'lineage'> & {
  models: Record<string, LayersModel>;
  lineage?: Record<string, unknown> | null;
};

export interface CheckpointStore {
  save<H>(input: NewCheckpoint<H>): Promise<CheckpointRecord<H>>;
  /** Records a checkpoint whose folder is already in place (written by a worker process). */
  record(checkpoint: CheckpointRecord): void;
  /** By id or by name (the newest checkpoint of that name); throws CHECKPOINT_NOT_FOUND. */
  resolve(ref: string): CheckpointRecord;
  find(ref: string): CheckpointRecord | null;
  list(filter?: { family?: string; runId?: string }): CheckpointRecord[];
  /** Deletes the checkpoint (by id or name, like `resolve`) and its folder; throws CHECKPOINT_NOT_FOUND. */
  remove(ref: string): CheckpointRecord;
  /** Loads the checkpoint's models with core's IO handler (every backend). */
  loadModels(record: CheckpointRecord): Promise<Record<string, LayersModel>>;
}

export interface LoadedImages {
  /** uint8 pixels `[n, h, w, c]`, row-major, as stored. */
  pixels: Uint8Array;
  labels: Int32Array;
  count: number;
  width: number;
  height: number;
  channels: 1 | 3;
  labelNames: string[];
}

/** A slice of a data set; `label` filters by label index or name. */
export type DatasetSelection = { count?: number; offset?: number; label?: number | string };
/** Decoded images with their labels (indices into `labelNames`, -1 for none): the count is the labels'. */
export type LabelledPixels = Omit<LoadedImages, 'count'>;

export interface PipelineRecord {
  name: string;
  spec: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface PipelineStore {
  save(name: string, spec: Record<string, unknown>): PipelineRecord;
  get(name: string): PipelineRecord | null;
  list(): PipelineRecord[];
}

export interface DatasetStore {
  /** Imports a folder of PNG/JPEG/WebP images; sub-folder names become labels when `labelled`. */
  importFolder(folder: string, options: { name: string; limit?: number; width?: number; height?: number; labelled?: boolean }): Promise<DatasetRecord>;
  /** Stores already-decoded labelled pixels (a built-in set such as the server's MNIST) as a new data set. */
  importPixels(name: string, images: LabelledPixels, source: DatasetRecord['source']): Promise<DatasetRecord>;
  /** Adds encoded images (uploads) to a data set, creating it at the first image's size. */
  importImages(name: string, images: { data: Buffer; label?: string }[], options?: { width?: number; height?: number }): Promise<DatasetRecord>;
  get(name: string): DatasetRecord | null;
  /** Throws DATASET_NOT_FOUND. */
  resolve(name: string): DatasetRecord;
  list(): DatasetRecord[];
  /** Pixels of the set (or a slice of it). */
  load(name: string, options?: DatasetSelection): LoadedImages;
  delete(name: string): boolean;
}

export interface HomePaths {
  home: string;
  database: string;
  artifacts: string;
  checkpoints: string;
  datasets: string;
  /** Same file system as the others, so renames out of it are atomic. */
  tmp: string;
}

export interface Database {
  readonly sql: import('better-sqlite3').Database;
  readonly paths: HomePaths;
  close(): void;
}
