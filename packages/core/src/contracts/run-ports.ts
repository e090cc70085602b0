import type { CheckpointRecord, DatasetRecord, ImageMeta, LayersModel, StepProgress, TrainProgress } from '@atelier/plugin-api';
import type { ArtifactRecord, DatasetSelection, ErrorRecord, LoadedImages, NewArtifact, NewCheckpoint, StepStatus } from './records.js';
import type { StepCacheEntry, StoredStepOutput } from './step-cache.js';

export interface StepOutcome {
  status: StepStatus;
  error?: ErrorRecord | null;
  records?: Record<string, unknown>;
  imageMeta?: ImageMeta[];
}

/**
 * Everything a running pipeline or training job reports. In a worker process each call becomes a
 * protocol message; the API process records it in SQLite and feeds subscriptions. Files (artifacts,
 * checkpoints) are written into the home folder first and reported once they are in place.
 */
export interface RunReporter {
  stepStarted(stepId: string): void;
  stepProgress(stepId: string, progress: StepProgress): void;
  stepFinished(stepId: string, outcome: StepOutcome): void;
  training(progress: TrainProgress): void;
  /** Merges keys into the run's result while it runs (e.g. the latest checkpoint id). */
  result(patch: Record<string, unknown>): void;
  /** Writes the file into place (under this run), then reports it. */
  artifact(input: Omit<NewArtifact, 'runId'>): Promise<ArtifactRecord>;
  /** Saves the models into place (as this run's checkpoint), then reports it. */
  checkpoint<H>(input: Omit<NewCheckpoint<H>, 'runId'>): Promise<CheckpointRecord<H>>;
}

/** What a run reads: records resolved by the API process (which owns the database), files read locally. */
export interface RunResources {
  /** By id or name; throws CHECKPOINT_NOT_FOUND. */
  checkpoint(ref: string): Promise<CheckpointRecord>;
  /** Throws DATASET_NOT_FOUND. */
  dataset(name: string): Promise<DatasetRecord>;
  loadModels(record: CheckpointRecord): Promise<Record<string, LayersModel>>;
  loadImages(record: DatasetRecord, selection?: DatasetSelection): LoadedImages;
  /** The file of a stored artifact (e.g. a PNG of an earlier run), by id; throws NOT_FOUND. */
  artifact(id: string): Promise<Buffer>;
}

/**
 * Where a worker keeps step outputs for the step cache: it reads entries the API process looked up
 * and writes new ones (file first, then the report the API process records).
 */
export interface StepCachePort {
  /** Whether the entry's file is still there (it may have been evicted since the lookup). */
  has(entry: StepCacheEntry): boolean;
  load(entry: StepCacheEntry): StoredStepOutput;
  store(entry: Omit<StepCacheEntry, 'path' | 'bytes'>, output: StoredStepOutput): void;
}
