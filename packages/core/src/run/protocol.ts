import type { DecodeFolderJob, DecodeImagesJob } from '../contracts/dataset-decoder.js';
import type { BackendChoice } from '../engine/engine.js';
import type { CheckpointRecord, EngineReport, Limits, StepProgress, TrainProgress } from '@atelier/plugin-api';
import type { TrainingSpec } from '../training/training-request.js';
import type { PlannedStepMessage } from '../pipeline/step-cache-plan.js';
import type { RoundFiles } from '../parallel/shared-rounds.js';
import type { ArtifactRecord, ErrorRecord, RunRecord } from '../contracts/records.js';
import type { StepCacheEntry } from '../contracts/step-cache.js';
import type { StepOutcome } from '../contracts/run-ports.js';

/**
 * The one protocol between the API process and a worker process (a local fork today, the child of a
 * BullMQ worker on another machine later). Messages are plain, structured-clone-able objects tagged
 * with the protocol version; a peer refuses a version it does not speak.
 */
export const protocolVersion = 2;

export interface WorkerSettings {
  home: string;
  backend: BackendChoice;
  /** Absolute module paths of the plugins to load (the API process resolved them). */
  plugins: string[];
  limits: Limits;
  /** Opened checkpoints a worker keeps warm between runs. */
  checkpointCacheSize: number;
  /** Folders `image.load` paths must resolve into, and the bytes one such file may have. */
  inputRoots: string[];
  maxInputFileBytes: number;
}

/** Decoding for a data set import (no run): the API process writes the files and the row. */
export type DecodeJob = { source: 'images'; job: DecodeImagesJob } | { source: 'folder'; job: DecodeFolderJob };

export type WorkerTask =
  | { kind: 'pipeline'; run: RunRecord; steps: PlannedStepMessage[] }
  | { kind: 'training'; run: RunRecord; spec: TrainingSpec }
  | { kind: 'decode'; id: string; decode: DecodeJob };

/** Runs are tracked by run id; a decode job by its own id. */
export function taskId(task: WorkerTask): string {
  return task.kind === 'decode' ? task.id : task.run.id;
}

/** One rank of a data-parallel training run: K workers each train the same spec on their shard. */
export interface RankMessage {
  type: 'run-rank';
  task: Extract<WorkerTask, { kind: 'training' }>;
  rank: number;
  /** Where the run's ranks leave their `allReduce` values (`SharedRounds`), one pair per rank: K is its length. */
  files: RoundFiles;
}

/**
 * A rank has written its values of an `ctx.allReduce` round to its shared file (raw float32, never
 * JSON); once all ranks have, each is sent every rank's shard size and reads the others' files.
 */
export interface ReduceMessage {
  type: 'reduce';
  runId: string;
  round: number;
  /** Images of the global batch this rank trained on (the weight of its values). */
  count: number;
  /** How many values it wrote. */
  length: number;
}
export type ReducedMessage = { type: 'reduced'; runId: string; round: number; counts: number[] };

export type ResourceRequest = { resource: 'checkpoint'; ref: string } | { resource: 'dataset'; name: string } | { resource: 'artifact'; id: string };

type Versioned<T> = T & { v: typeof protocolVersion };

export type ParentMessage = Versioned<
  | { type: 'init'; settings: WorkerSettings }
  | { type: 'run'; task: WorkerTask }
  | { type: 'cancel'; runId: string }
  | { type: 'reply'; requestId: number; value?: unknown; error?: ErrorRecord }
  | RankMessage
  | ReducedMessage
>;

export type WorkerMessage = Versioned<
  | { type: 'ready'; engine: EngineReport; pluginFailures: { name: string; message: string }[] }
  | { type: 'step-started'; runId: string; stepId: string }
  | { type: 'step-progress'; runId: string; stepId: string; progress: StepProgress }
  | { type: 'step-finished'; runId: string; stepId: string; outcome: StepOutcome }
  | { type: 'training'; runId: string; progress: TrainProgress }
  | { type: 'result'; runId: string; patch: Record<string, unknown> }
  | { type: 'artifact'; runId: string; artifact: ArtifactRecord }
  | { type: 'checkpoint'; runId: string; checkpoint: CheckpointRecord }
  /** A step output written into `cache/`, for the API process to index in the step cache. */
  | { type: 'cache-entry'; runId: string; entry: StepCacheEntry }
  | { type: 'request'; runId: string; requestId: number; request: ResourceRequest }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string }
  /** `tensors`: live tensors in the worker's engine once the task ended (warm checkpoints included), to catch leaks. */
  | { type: 'done'; runId: string; result: Record<string, unknown>; tensors: number }
  /** `fatal`: the engine may be broken (WASM out of memory, XNNPACK error); the worker exits after this. */
  | { type: 'failed'; runId: string; error: ErrorRecord; fatal: boolean; tensors: number }
  | ReduceMessage
>;

type WithoutVersion<T> = T extends unknown ? Omit<T, 'v'> : never;
export type UnversionedWorkerMessage = WithoutVersion<WorkerMessage>;
export type UnversionedParentMessage = WithoutVersion<ParentMessage>;

export function isProtocolMessage(value: unknown): value is { v: number; type: string } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
