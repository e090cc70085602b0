import { createRandom, shuffledIndices, tf } from '@atelier/core';
import type { CheckpointSave, ImageBatch, LayersModel, ResumeState, TrainContext, TrainingData, TrainProgress } from '@atelier/core';
import { vaeHyperparameters, type VaeHyperparameters } from '../models/hyperparameters.js';

/** Tiny networks for tests: seconds on the CPU backend. */
export function tinyHyperparameters(overrides: Partial<VaeHyperparameters> = {}): VaeHyperparameters {
  return vaeHyperparameters.parse({ latentSize: 4, widths: [4, 8], batchSize: 4, learningRate: 0.01, previewEvery: 0, ...overrides });
}

/**
 * `count` images in [0, 1]: a bright bar on a dark ground, horizontal for label 0 and vertical for
 * label 1, at a position that varies per image — structure a VAE picks up in a few steps.
 */
export function barsData(count: number, h: VaeHyperparameters): TrainingData {
  const size = h.imageSize;
  const pixels = new Float32Array(count * size * size * h.channels);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  labels.forEach((label, n) => {
    const at = 4 + ((n * 5) % (size - 12));
    for (let a = at; a < at + 4; a++)
      for (let b = 2; b < size - 2; b++)
        for (let c = 0; c < h.channels; c++) {
          const [y, x] = label === 0 ? [a, b] : [b, a];
          pixels[((n * size + y) * size + x) * h.channels + c] = 1;
        }
  });
  const slice = (order: ArrayLike<number>) => ({
    images: tf.tidy(() => tf.gather(tf.tensor4d(pixels, [count, size, size, h.channels]), Array.from(order))) as tf.Tensor4D,
    labels: tf.tensor1d(Array.from(order, (i) => labels[i]), 'float32'),
  });
  return {
    size: count,
    labelNames: ['horizontal', 'vertical'],
    spec: { width: size, height: size, channels: h.channels, range: 'unit' },
    *batches(epoch, batchSize) {
      const order = shuffledIndices(count, createRandom(epoch + 1));
      for (let start = 0; start < count; start += batchSize) yield slice(order.subarray(start, start + batchSize));
    },
    sample: (n) => slice(Array.from({ length: n }, (_, i) => i)),
  };
}

export interface RecordedTraining {
  ctx: TrainContext<VaeHyperparameters>;
  progress: TrainProgress[];
  previews: { name: string; shape: number[]; columns?: number }[];
  /** Each save's models serialised in tfjs format, as a checkpoint store would keep them. */
  saves: (Omit<CheckpointSave, 'models'> & { artifacts: Record<string, tf.io.ModelArtifacts> })[];
  abort(): void;
}

/** A TrainContext without core's stores: records what the loop reports and saves. */
export function recordingContext(
  h: VaeHyperparameters,
  data: TrainingData,
  options: { epochs?: number; maxSteps?: number; seed?: number; resume?: ResumeState; onProgress?: (p: TrainProgress) => void } = {},
): RecordedTraining {
  const controller = new AbortController();
  const recorded: Omit<RecordedTraining, 'ctx' | 'abort'> = { progress: [], previews: [], saves: [] };
  const ctx: TrainContext<VaeHyperparameters> = {
    tf,
    engine: {} as TrainContext<VaeHyperparameters>['engine'],
    hyperparameters: h,
    data,
    seed: options.seed ?? 7,
    random: createRandom(options.seed ?? 7),
    signal: controller.signal,
    logger: console as unknown as TrainContext<VaeHyperparameters>['logger'],
    epochs: options.epochs ?? 1,
    maxSteps: options.maxSteps,
    resume: options.resume,
    progress: (update) => {
      recorded.progress.push(update);
      options.onProgress?.(update);
    },
    preview: async (name: string, batch: ImageBatch, previewOptions?: { columns?: number }) => {
      recorded.previews.push({ name, shape: batch.images.shape, columns: previewOptions?.columns });
    },
    saveCheckpoint: async ({ models, ...save }) => {
      const artifacts: Record<string, tf.io.ModelArtifacts> = {};
      for (const [name, model] of Object.entries(models)) {
        await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo })));
      }
      recorded.saves.push({ ...save, artifacts });
      return {} as Awaited<ReturnType<TrainContext<VaeHyperparameters>['saveCheckpoint']>>;
    },
  };
  return { ctx, ...recorded, abort: () => controller.abort() };
}

export async function loadArtifacts(artifacts: Record<string, tf.io.ModelArtifacts>): Promise<Record<string, LayersModel>> {
  const models: Record<string, LayersModel> = {};
  for (const [name, a] of Object.entries(artifacts)) models[name] = await tf.loadLayersModel(tf.io.fromMemory(a));
  return models;
}
