import { z } from 'zod';
import { defineEditor, defineModelFamily, definePlugin, type LayersModel, optimizerStep, type Restorer, type Tensor4D, tf } from '@atelier/plugin-api';

const hyperparameters = z.object({
  size: z.number().int().min(4).max(64).default(8),
  hidden: z.number().int().min(1).max(256).default(16),
  batchSize: z.number().int().min(1).max(512).default(16),
  learningRate: z.number().positive().max(1).default(0.01),
  /** Slows every step down, so tests can cancel or kill a run mid-training. */
  stepDelayMs: z.number().int().min(0).max(60_000).default(0),
});
type Hyper = z.infer<typeof hyperparameters>;

/** Seeded, so every training run starts from the same weights. */
function buildAutoencoder(h: Hyper): LayersModel {
  const pixels = h.size * h.size;
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [h.size, h.size, 1] }),
      tf.layers.dense({ units: h.hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: pixels, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.reshape({ targetShape: [h.size, h.size, 1] }),
    ],
  });
  return model;
}

/**
 * The smallest real model family: a dense autoencoder. It exercises core's training job (data
 * preparation, progress, previews, checkpoints, resume, cancel) without depending on any plugin.
 */
export const autoencoder = defineModelFamily<Hyper>({
  id: 'test.autoencoder',
  title: 'Test autoencoder',
  description: 'Dense autoencoder used by core tests',
  hyperparameters,
  capabilities: ['restore'],
  dataParallel: true,
  data: (h) => ({ width: h.size, height: h.size, channels: 1, range: 'symmetric' }),
  async train(ctx) {
    const h = ctx.hyperparameters;
    const model = ctx.resume?.models.autoencoder ?? buildAutoencoder(h);
    const optimizer = tf.train.adam(h.learningRate);
    let step = ctx.resume?.step ?? 0;
    let loss = NaN;
    const firstEpoch = ctx.resume ? ctx.resume.epoch + 1 : 0;
    try {
      for (let epoch = firstEpoch; epoch < firstEpoch + ctx.epochs; epoch++) {
        for (const batch of ctx.data.batches(epoch, h.batchSize)) {
          const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
          ({ loss } = await optimizerStep(ctx, optimizer, variables, () => ({
            loss: tf.losses.meanSquaredError(batch.images, model.predict(batch.images) as Tensor4D) as tf.Scalar,
          })));
          batch.images.dispose();
          batch.labels.dispose();
          step++;
          ctx.progress({ epoch, step, losses: { mse: loss } });
          if (h.stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, h.stepDelayMs));
          if (ctx.signal.aborted || (ctx.maxSteps !== undefined && step - (ctx.resume?.step ?? 0) >= ctx.maxSteps)) break;
          // Yield to the event loop so cancellation requests arrive between steps.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const sample = ctx.data.sample(4);
        await ctx.preview(`epoch-${epoch}`, { images: sample.images, meta: [{}, {}, {}, {}], range: 'symmetric' });
        sample.images.dispose();
        sample.labels.dispose();
        await ctx.saveCheckpoint({ models: { autoencoder: model }, epoch, step, metrics: { mse: loss } });
        if (ctx.signal.aborted || (ctx.maxSteps !== undefined && step - (ctx.resume?.step ?? 0) >= ctx.maxSteps)) break;
      }
      return { metrics: { mse: loss } };
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  },
  load({ models }): Restorer {
    const model: LayersModel = models.autoencoder;
    // Takes images as prepared for the checkpoint ([-1, 1]) and gives unit images back.
    return { restore: (images) => tf.tidy(() => (model.predict(images) as Tensor4D).add(1).div(2)) as Tensor4D, dispose: () => model.dispose() };
  },
});

const reconstruct = defineEditor<{ checkpoint: string }>({
  id: 'test.reconstruct',
  title: 'Reconstruct',
  description: 'Runs images through a test autoencoder',
  params: z.object({ checkpoint: z.string() }),
  inputs: 1,
  checkpoint: { families: ['test.autoencoder'], capability: 'restore' },
  async apply(ctx, [batch], params) {
    const opened = await ctx.open<Restorer>(params.checkpoint);
    const prepared = await opened.prepare(batch);
    const images = opened.handle.restore(prepared.images);
    prepared.images.dispose();
    return { images, meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});

/** The same loop declared without `dataParallel`: core must train it on one worker. */
const serialAutoencoder = defineModelFamily<Hyper>({ ...autoencoder, id: 'test.serial-autoencoder', dataParallel: false });

export default definePlugin({
  name: 'test-autoencoder',
  version: '0.0.0',
  modelFamilies: [autoencoder, serialAutoencoder],
  editors: [reconstruct],
});
