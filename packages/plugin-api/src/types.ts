import type { z } from 'zod';
import type { tf, LayersModel, Tensor, Tensor1D, Tensor4D } from './tf.js';
import type { EngineReport } from './engine-report.js';
import type { ImageBatch, ImageMeta } from './image-batch.js';
import type { CheckpointRecord, DatasetRecord } from './records.js';
import type { Logger } from './logger.js';
import type { Capability, CapabilityDefinition, CapabilityHandles } from './capabilities.js';

export type { Capability };

/** Fields every contribution shares: a dotted id (`gan.generate`), words for people, a zod schema. */
export interface ComponentInfo<P> {
  id: string;
  title: string;
  description: string;
  params: z.ZodType<P>;
}

/** Preprocessing a model family needs for its data, recorded with every checkpoint. */
export interface PreprocessStep {
  use: string;
  with: Record<string, unknown>;
}

export interface RandomSource {
  /** Deterministic seed for one use (a tensor op, a shuffle) derived from the step seed. */
  nextSeed(): number;
  /** Uniform float in [0, 1). */
  next(): number;
}

export interface PreprocessContext {
  tf: typeof tf;
  random: RandomSource;
}

/**
 * The size of an image batch as validation knows it before any compute. A field is null where it is
 * known only once the step runs (files read at their own size, an input of unknown size).
 */
export interface ImageShape {
  count: number | null;
  width: number | null;
  height: number | null;
  channels: 1 | 3 | null;
  /** `count` is the most the batch can hold, not the exact number (a step that drops images, e.g. cnn.filter). */
  countIsMaximum?: boolean;
}

/** What a component declares it will produce; `setBy` names the parameter behind each size. */
export interface OutputShape extends ImageShape {
  /** Field paths (`with.count`, `with.width`) that limit errors name; a size not listed comes from the inputs (`from`). */
  setBy?: { count?: string; width?: string; height?: string };
}

/** Records a shape declaration may read: the same ones validation resolves (null when missing). */
export interface ShapeContext {
  checkpoint(ref: string): CheckpointRecord | null;
  dataset(name: string): DatasetRecord | null;
}

export interface Preprocessor<P = Record<string, unknown>> extends ComponentInfo<P> {
  kind: 'preprocessor';
  /** Random augmentations run only while training; they are skipped when a chain is re-applied. */
  trainingOnly?: boolean;
  apply(ctx: PreprocessContext, batch: ImageBatch, params: P): ImageBatch | Promise<ImageBatch>;
  /**
   * The shape `apply` will return for an input of this shape, from validated parameters, without
   * compute: validation checks it against the limits. Without it the output's shape is unknown to
   * validation and only checked after the step has computed.
   */
  outputShape?(ctx: ShapeContext, input: ImageShape, params: P): OutputShape;
}

/** A checkpoint as the host loads it for `ctx.open`: the model handle plus the chain its data went through. */
export interface LoadedCheckpoint<H = unknown> {
  record: CheckpointRecord<H>;
  model: ModelHandle;
  /** Re-applies the checkpoint's preprocessing (without training-only steps) to pipeline images. */
  prepare(batch: ImageBatch): Promise<ImageBatch>;
}

/** A checkpoint opened by capability: its handle typed by what it can do. */
export interface OpenedCheckpoint<H> {
  record: CheckpointRecord;
  handle: H;
  /** Re-applies the checkpoint's preprocessing (without training-only steps) to pipeline images. */
  prepare(batch: ImageBatch): Promise<ImageBatch>;
}

export interface CheckpointRequirement {
  /** Families the checkpoint may belong to (any when absent). */
  families?: string[];
  /** Capability the checkpoint must offer. */
  capability?: Capability;
  /** The parameter that names the checkpoint (default `checkpoint`); validation reads it, errors name it. */
  field?: string;
}

/** Overrides of the editor's declared `checkpoint` for one `ctx.open` call (a second checkpoint parameter). */
export type OpenOptions = CheckpointRequirement;

export interface StepProgress {
  /** 0…1 when known. */
  fraction?: number;
  message?: string;
  [key: string]: unknown;
}

export interface Limits {
  maxImagesPerStep: number;
  /** Images a pipeline run may store as artifacts, all steps together. */
  maxImagesPerRun: number;
  maxImagePixels: number;
  maxImageSide: number;
}

/** The limits a host applies unless its config sets others. */
export const defaultLimits: Limits = { maxImagesPerStep: 1024, maxImagesPerRun: 4096, maxImagePixels: 4096 * 4096, maxImageSide: 4096 };

export interface EditorContext {
  tf: typeof tf;
  engine: EngineReport;
  stepId: string;
  /** Seed of this step, derived from the run's seed and the step id. */
  seed: number;
  random: RandomSource;
  signal: AbortSignal;
  limits: Limits;
  logger: Logger;
  progress(update: StepProgress): void;
  /**
   * Reads a file a parameter names (`field`, e.g. `paths.0`), only from inside the configured input
   * folders; anything else is PATH_NOT_ALLOWED. Steps never open request-given paths themselves.
   */
  readInput(file: string, field: string): Promise<Buffer>;
  /**
   * Opens a checkpoint by id or name (kept warm by core, never disposed by the editor) as the editor
   * declared in `checkpoint` — its families and capability, checked here as validation checks them:
   * a checkpoint that does not fit is a CHECKPOINT_INCOMPATIBLE error naming the step and field.
   * `options` overrides the declaration for one call; `H` names the family's own handle type.
   */
  open<C extends Capability, H extends CapabilityHandles[C] = CapabilityHandles[C]>(ref: string, options: OpenOptions & { capability: C }): Promise<OpenedCheckpoint<H>>;
  open<H extends ModelHandle = ModelHandle>(ref: string, options?: OpenOptions): Promise<OpenedCheckpoint<H>>;
  /** The encoded file (PNG) of a stored image artifact, by id, e.g. a result of an earlier run. */
  artifact(id: string): Promise<Buffer>;
  /** Loads images of a stored data set at their stored size, in [0, 1]. */
  dataset(name: string, options?: { count?: number; label?: number | string; offset?: number }): Promise<ImageBatch>;
  /** Runs a preprocessor of any loaded plugin by id. */
  preprocess(id: string, batch: ImageBatch, params?: Record<string, unknown>): Promise<ImageBatch>;
  /** Records a number or object on the run (e.g. a quality score); stored with the step. */
  record(key: string, value: unknown): void;
}

export interface Editor<P = Record<string, unknown>> extends ComponentInfo<P> {
  kind: 'editor';
  /** How many image batches it takes: 0 for a source step (generate, load), 1 for most. */
  inputs: number;
  /** Takes up to this many (default `inputs`): the extra ones are optional, e.g. a mask image. */
  maxInputs?: number;
  /** What each input is (`image`, `mask`), for messages; validation refuses inputs of different sizes or counts. */
  inputNames?: string[];
  /** `any`: inputs may hold different numbers of images (joining batches); default `same`. */
  inputCounts?: 'same' | 'any';
  /** Which checkpoints its `checkpoint` parameter (or `field`) accepts, for validation and `ctx.open`; absent when it needs none. */
  checkpoint?: CheckpointRequirement;
  apply(ctx: EditorContext, batches: ImageBatch[], params: P): Promise<ImageBatch>;
  /** As `Preprocessor.outputShape`, with one shape per input batch. */
  outputShape?(ctx: ShapeContext, inputs: ImageShape[], params: P): OutputShape;
}

/** Shape and range the family trains on; core turns it into the recorded preprocessing chain. */
export interface DataSpec {
  width: number;
  height: number;
  channels: 1 | 3;
  range: 'unit' | 'symmetric';
}

export interface TrainingBatch {
  images: Tensor4D;
  /** Integer class labels (float32 for tfjs's one-hot), present when the data set is labelled. */
  labels: Tensor1D;
  /** In data-parallel training, the images of the global batch this shard is part of (count images with it). */
  globalSize?: number;
}

/** The training data, already resized and converted to the family's `DataSpec`. */
export interface TrainingData {
  size: number;
  labelNames: string[];
  spec: DataSpec;
  /**
   * Seeded shuffle per epoch, augmentations and normalisation applied per batch. The caller disposes
   * each batch's tensors after use; the last batch may be smaller.
   */
  batches(epoch: number, batchSize: number): Iterable<TrainingBatch>;
  /** A deterministic sample (first n images in data order), normalised; the caller disposes. */
  sample(count: number): TrainingBatch;
}

export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps?: number;
  losses: Record<string, number>;
  imagesPerSecond?: number;
  [key: string]: unknown;
}

export interface CheckpointSave {
  /** Named tfjs models that make up the checkpoint (e.g. `generator`, `discriminator`). */
  models: Record<string, LayersModel>;
  epoch: number;
  step: number;
  metrics: Record<string, number>;
  /** Extra state to resume from (optimizer step, rng position). */
  state?: Record<string, unknown>;
  final?: boolean;
}

export interface ResumeState {
  checkpoint: CheckpointRecord;
  /** Loaded from the checkpoint; the family owns them (keeps training them, disposes them at the end). */
  models: Record<string, LayersModel>;
  epoch: number;
  step: number;
  state: Record<string, unknown>;
}

export interface TrainContext<H> {
  tf: typeof tf;
  engine: EngineReport;
  hyperparameters: H;
  data: TrainingData;
  seed: number;
  random: RandomSource;
  signal: AbortSignal;
  logger: Logger;
  /** Epochs to run and an optional step cap (`--max-steps`), both already validated. */
  epochs: number;
  maxSteps?: number;
  progress(update: TrainProgress): void;
  /**
   * Gives control back to the worker's event loop; a family awaits it once per step, so cancel
   * messages, progress and heartbeats get through while it trains.
   */
  yieldStep(): Promise<void>;
  /** Writes a preview image (a grid) as an artifact of the training run. */
  preview(name: string, batch: ImageBatch, options?: { columns?: number }): Promise<void>;
  /**
   * Saves the models as a checkpoint of this run; the last save is the run's result. Null on the
   * other workers of a data-parallel run: only the leader (rank 0) saves, previews and reports.
   */
  saveCheckpoint(save: CheckpointSave): Promise<CheckpointRecord | null>;
  /** Present when training resumes from an earlier checkpoint of the same family. */
  resume?: ResumeState;
  /**
   * Data-parallel training: averages the tensors (gradients, and the losses to report) over the
   * run's K workers, weighted by each worker's share of the global batch, so every worker applies
   * the same update. The identity when K = 1. Call it once per optimizer step, between computing and
   * applying the gradients (`optimizerStep` does all three; `startOptimizerStep` lets the loop
   * compute what does not need the update while the values travel). The caller disposes what it returns;
   * what it was given is either returned or disposed.
   */
  allReduce<T extends Record<string, Tensor>>(tensors: T): Promise<T>;
  /** This worker's place in a data-parallel run: rank 0 of 1 when training on one worker. */
  rank: number;
  workers: number;
}

export interface TrainResult {
  metrics: Record<string, number>;
}

/**
 * What `ModelFamily.load` returns: an object offering the declared capabilities through their
 * interfaces (`Generator`, `Encoder`, `Decoder`, `Classifier`, `Restorer`, or a plugin's own
 * `CapabilityHandles` entry), which core checks at load.
 * It owns the models it was given: `dispose()` frees them and anything else the handle created.
 */
export interface ModelHandle {
  dispose(): void;
}

export interface ModelFamily<H = Record<string, unknown>> {
  kind: 'model';
  id: string;
  title: string;
  description: string;
  hyperparameters: z.ZodType<H>;
  capabilities: Capability[];
  /** Whether training needs labels (class-conditional families, classifiers). */
  needsLabels?: boolean;
  /**
   * The training loop calls `ctx.allReduce` before every optimizer step and draws per-image noise
   * through core's shard helpers (`shardRandomNormal`, `shardDropout`), so it may span K workers.
   * A family without it trains on one worker.
   */
  dataParallel?: boolean;
  data(hyperparameters: H): DataSpec;
  train(ctx: TrainContext<H>): Promise<TrainResult>;
  load(checkpoint: { record: CheckpointRecord<H>; models: Record<string, LayersModel>; tf: typeof tf }): ModelHandle;
}

export interface PluginManifest {
  name: string;
  version: string;
  /** The plugin API it was written for (`pluginApiVersion`); core refuses a plugin stating another. */
  apiVersion?: number;
  description?: string;
  /** Capabilities this plugin adds (`defineCapability`); an id another plugin registered is DUPLICATE_ID. */
  capabilities?: CapabilityDefinition[];
  modelFamilies?: ModelFamily<any>[];
  editors?: Editor<any>[];
  preprocessors?: Preprocessor<any>[];
}

export type Component = ModelFamily<any> | Editor<any> | Preprocessor<any>;
export type ComponentKind = Component['kind'];

export type { ImageMeta };
