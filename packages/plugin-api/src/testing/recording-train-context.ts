import { tf, type LayersModel, type Tensor1D, type Tensor4D } from '../tf.js';
import type { ImageBatch } from '../image-batch.js';
import { silentLogger } from '../logger.js';
import { createRandom, shuffledIndices } from '../random.js';
import type { CheckpointSave, DataSpec, ResumeState, TrainContext, TrainingData, TrainProgress } from '../types.js';
import type { CheckpointRecord } from '../records.js';

export interface RecordedTraining<H> {
  ctx: TrainContext<H>;
  progress: TrainProgress[];
  previews: { name: string; shape: number[]; columns?: number }[];
  /** Each save's models serialised in tfjs format, as a checkpoint store would keep them, with its record. */
  saves: (Omit<CheckpointSave, 'models'> & { artifacts: Record<string, tf.io.ModelArtifacts>; record: CheckpointRecord<H> })[];
  abort(): void;
}

/**
 * A TrainContext without core's stores, for unit tests of a family's training loop on tiny data:
 * it records what the loop reports and serialises every save through tfjs's own format, so a load
 * is a real round trip. End-to-end tests use `createTestAtelier` instead.
 */
export function recordingTrainContext<H>(
  hyperparameters: H,
  data: TrainingData,
  options: {
    family?: string;
    epochs?: number;
    maxSteps?: number;
    seed?: number;
    resume?: ResumeState;
    onProgress?: (update: TrainProgress) => void;
    /** Stands in for the exchange of a data-parallel run (default: the identity of one worker). */
    allReduce?: TrainContext<H>['allReduce'];
  } = {},
): RecordedTraining<H> {
  const controller = new AbortController();
  const recorded: Omit<RecordedTraining<H>, 'ctx' | 'abort'> = { progress: [], previews: [], saves: [] };
  const ctx: TrainContext<H> = {
    tf,
    engine: { backend: tf.getBackend() } as TrainContext<H>['engine'],
    hyperparameters,
    data,
    seed: options.seed ?? 7,
    random: createRandom(options.seed ?? 7),
    signal: controller.signal,
    logger: silentLogger,
    epochs: options.epochs ?? 1,
    maxSteps: options.maxSteps,
    resume: options.resume,
    rank: 0,
    workers: 1,
    allReduce: options.allReduce ?? (async (tensors) => tensors),
    progress: (update) => {
      recorded.progress.push(update);
      options.onProgress?.(update);
    },
    yieldStep: () => new Promise((resolve) => setImmediate(resolve)),
    preview: async (name: string, batch: ImageBatch, previewOptions?: { columns?: number }) => {
      recorded.previews.push({ name, shape: batch.images.shape, columns: previewOptions?.columns });
    },
    saveCheckpoint: async ({ models, ...save }) => {
      const artifacts: Record<string, tf.io.ModelArtifacts> = {};
      for (const [name, model] of Object.entries(models)) {
        await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo })));
      }
      const family = options.family ?? 'test.family';
      const record: CheckpointRecord<H> = {
        id: `checkpoint-${recorded.saves.length}`,
        name: `${family}-test`,
        family,
        hyperparameters,
        dataset: 'memory',
        labelNames: data.labelNames,
        dataSpec: data.spec,
        preprocess: [],
        metrics: save.metrics,
        runId: null,
        epoch: save.epoch,
        step: save.step,
        state: save.state ?? {},
        models: Object.keys(artifacts),
        path: '',
        createdAt: new Date().toISOString(),
        lineage: null,
      };
      recorded.saves.push({ ...save, artifacts, record });
      return record;
    },
  };
  return { ctx, ...recorded, abort: () => controller.abort() };
}

/** Loads models back from what `recordingTrainContext` saved. */
export async function loadRecordedModels(artifacts: Record<string, tf.io.ModelArtifacts>): Promise<Record<string, LayersModel>> {
  const models: Record<string, LayersModel> = {};
  for (const [name, a] of Object.entries(artifacts)) models[name] = await tf.loadLayersModel(tf.io.fromMemory(a));
  return models;
}

/** Training data over pixels made by code, shuffled per epoch like core's (the caller disposes batches). */
export function memoryTrainingData(input: { pixels: Float32Array; labels: ArrayLike<number>; shape: [number, number, number, 1 | 3]; labelNames: string[]; range: DataSpec['range'] }): TrainingData {
  const [count, height, width, channels] = input.shape;
  const slice = (order: ArrayLike<number>) => ({
    images: tf.tidy(() => tf.gather(tf.tensor4d(input.pixels, input.shape), Array.from(order))) as Tensor4D,
    labels: tf.tensor1d(Array.from(order, (i) => input.labels[i]), 'float32') as Tensor1D,
  });
  return {
    size: count,
    labelNames: input.labelNames,
    spec: { width, height, channels, range: input.range },
    *batches(epoch, batchSize) {
      const order = shuffledIndices(count, createRandom(epoch + 1));
      for (let start = 0; start < count; start += batchSize) yield slice(order.subarray(start, start + batchSize));
    },
    sample: (n) => slice(Array.from({ length: n }, (_, i) => i)),
  };
}
