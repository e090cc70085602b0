import { createRandom, shuffledIndices, tf } from '@atelier/core';
import type { CheckpointSave, ImageBatch, LayersModel, ResumeState, TrainContext, TrainingData, TrainProgress } from '@atelier/core';
import type { GanHyperparameters } from '../models/hyperparameters.js';
import { ganHyperparameters } from '../models/hyperparameters.js';

/** Tiny networks for tests: seconds on the CPU backend. */
export function tinyHyperparameters(overrides: Partial<GanHyperparameters> = {}): GanHyperparameters {
  return ganHyperparameters.parse({ latentSize: 8, generatorWidth: 4, discriminatorWidth: 4, batchSize: 4, previewEvery: 0, ...overrides });
}

/**
 * `count` images in [-1, 1]: a bright square whose corner depends on the label, on a dark ground —
 * data with structure a GAN can start to learn, made by code rather than stored.
 */
export function squaresData(count: number, h: GanHyperparameters, labelCount = 2): TrainingData {
  const size = h.imageSize;
  const pixels = new Float32Array(count * size * size * h.channels).fill(-1);
  const labels = Array.from({ length: count }, (_, i) => i % labelCount);
  labels.forEach((label, n) => {
    const offset = (label % 2) * (size / 2);
    for (let y = 0; y < size / 2; y++)
      for (let x = 0; x < size / 2; x++)
        for (let c = 0; c < h.channels; c++) pixels[((n * size + y + offset) * size + x + offset) * h.channels + c] = 1;
  });
  const slice = (order: ArrayLike<number>) => ({
    images: tf.tidy(() => tf.gather(tf.tensor4d(pixels, [count, size, size, h.channels]), Array.from(order))) as tf.Tensor4D,
    labels: tf.tensor1d(Array.from(order, (i) => labels[i]), 'float32'),
  });
  return {
    size: count,
    labelNames: Array.from({ length: labelCount }, (_, i) => `class-${i}`),
    spec: { width: size, height: size, channels: h.channels, range: 'symmetric' },
    *batches(epoch, batchSize) {
      const order = shuffledIndices(count, createRandom(epoch + 1));
      for (let start = 0; start < count; start += batchSize) yield slice(order.subarray(start, start + batchSize));
    },
    sample: (n) => slice(Array.from({ length: n }, (_, i) => i)),
  };
}

export interface RecordedTraining {
  ctx: TrainContext<GanHyperparameters>;
  progress: TrainProgress[];
  previews: { name: string; shape: number[] }[];
  /** Each save's models serialised in tfjs format, as a checkpoint store would keep them. */
  saves: (Omit<CheckpointSave, 'models'> & { artifacts: Record<string, tf.io.ModelArtifacts> })[];
  abort(): void;
}

/** A TrainContext without core's stores: records what the loop reports and saves. */
export function recordingContext(
  h: GanHyperparameters,
  data: TrainingData,
  options: { epochs?: number; maxSteps?: number; seed?: number; resume?: ResumeState } = {},
): RecordedTraining {
  const controller = new AbortController();
  const recorded: Omit<RecordedTraining, 'ctx' | 'abort'> = { progress: [], previews: [], saves: [] };
  const ctx: TrainContext<GanHyperparameters> = {
    tf,
    engine: {} as TrainContext<GanHyperparameters>['engine'],
    hyperparameters: h,
    data,
    seed: options.seed ?? 7,
    random: createRandom(options.seed ?? 7),
    signal: controller.signal,
    logger: console as unknown as TrainContext<GanHyperparameters>['logger'],
    epochs: options.epochs ?? 1,
    maxSteps: options.maxSteps,
    resume: options.resume,
    progress: (update) => recorded.progress.push(update),
    preview: async (name: string, batch: ImageBatch) => {
      recorded.previews.push({ name, shape: batch.images.shape });
    },
    saveCheckpoint: async ({ models, ...save }) => {
      const artifacts: Record<string, tf.io.ModelArtifacts> = {};
      for (const [name, model] of Object.entries(models)) {
        await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo })));
      }
      recorded.saves.push({ ...save, artifacts });
      return {} as Awaited<ReturnType<TrainContext<GanHyperparameters>['saveCheckpoint']>>;
    },
  };
  return { ctx, ...recorded, abort: () => controller.abort() };
}

export async function loadArtifacts(artifacts: Record<string, tf.io.ModelArtifacts>): Promise<Record<string, LayersModel>> {
  const models: Record<string, LayersModel> = {};
  for (const [name, a] of Object.entries(artifacts)) models[name] = await tf.loadLayersModel(tf.io.fromMemory(a));
  return models;
}
