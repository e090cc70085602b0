import { AtelierError, createRandom, deriveSeed, optimizerStep, tf, type LayersModel, type Tensor4D, type TrainContext, type TrainResult } from '@atelier/plugin-api';
import { corrupt } from './restorer-corruption.js';
import type { RestorerHyperparameters } from './restorer-hyperparameters.js';
import { buildRestorerNetwork } from './restorer-network.js';

/** Images of the fixed sample that measures the restorer at each epoch end (and previews it). */
const sampleSize = 64;

/**
 * Self-supervised: every batch of clean images is corrupted on the fly (one task per image) and the
 * U-Net learns to give the clean image back, by Adam on the mean squared error. Each epoch ends
 * with the error of a fixed corrupted sample before and after restoring, a preview and a checkpoint.
 */
export async function trainRestorer(ctx: TrainContext<RestorerHyperparameters>): Promise<TrainResult> {
  const h = ctx.hyperparameters;
  const built = ctx.resume ? null : buildRestorerNetwork(h, ctx.random);
  const network = built ?? ctx.resume!.models.restorer;
  const variables = network.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(h.learningRate);
  const stepsPerEpoch = Math.ceil(ctx.data.size / h.batchSize);
    // `epochs` and `maxSteps` count this run's work, also when it resumes from a checkpoint.
  let step = ctx.resume?.step ?? 0;
  const firstEpoch = ctx.resume?.epoch ?? 0;
  const totalSteps = step + Math.min(ctx.epochs * stepsPerEpoch, ctx.maxSteps ?? Infinity);
  let metrics: Record<string, number> = ctx.resume?.checkpoint.metrics ?? {};
  const sample = ctx.data.sample(Math.min(sampleSize, ctx.data.size));

  try {
    for (let epoch = firstEpoch; epoch < firstEpoch + ctx.epochs && step < totalSteps; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      let seen = 0;
      for (const batch of ctx.data.batches(epoch, h.batchSize)) {
        if (ctx.signal.aborted || step >= totalSteps) {
          tf.dispose([batch.images, batch.labels]);
          if (ctx.signal.aborted) return { metrics };
          break;
        }
        const { image, mask } = corrupt(batch.images, h, ctx.random);
        const count = batch.globalSize ?? batch.images.shape[0];
        let value: number;
        try {
          ({ loss: value } = await optimizerStep(ctx, optimizer, variables, () => ({
            loss: tf.losses.meanSquaredError(batch.images, network.apply([image, mask], { training: true }) as Tensor4D) as tf.Scalar,
          })));
        } finally {
          tf.dispose([image, mask, batch.images, batch.labels]);
        }
        if (!Number.isFinite(value)) {
          throw new AtelierError('INTERNAL', `The restorer's loss diverged at step ${step}; try a lower learning rate`, {
            path: 'hyperparameters.learningRate',
            trainingStep: step,
          });
        }
        step++;
        seen += count;
        lossSum += value * count;
        if (step % 10 === 0) {
          ctx.progress({ epoch, step, totalSteps, losses: { loss: lossSum / seen }, imagesPerSecond: seen / ((performance.now() - started) / 1000) });
        }
        await ctx.yieldStep();
      }
      const completed = seen >= ctx.data.size;
      const measured = await measure(ctx, network, sample.images, epoch);
      metrics = { loss: lossSum / Math.max(seen, 1), ...measured, epochs: epoch + (completed ? 1 : seen / ctx.data.size) };
      ctx.progress({ epoch, step, totalSteps, losses: metrics });
      if (ctx.signal.aborted) return { metrics };
      const final = epoch + 1 >= firstEpoch + ctx.epochs || step >= totalSteps;
      await ctx.saveCheckpoint({ models: { restorer: network }, epoch: completed ? epoch + 1 : epoch, step, metrics, final });
      if (final) break;
    }
    return { metrics };
  } finally {
    tf.dispose([sample.images, sample.labels]);
    optimizer.dispose();
    // The network is this run's: freshly built, or handed over by core when resuming.
    network.dispose();
  }
}

/**
 * Mean squared error of the corrupted sample and of its restoration against the clean images (the
 * same corruption every epoch, so the numbers compare), plus a preview: corrupted, restored, clean.
 */
async function measure(ctx: TrainContext<RestorerHyperparameters>, network: LayersModel, clean: Tensor4D, epoch: number): Promise<{ inputError: number; restoredError: number }> {
  const [input, restored, inputError, restoredError] = tf.tidy(() => {
    const { image, mask } = corrupt(clean, ctx.hyperparameters, createRandom(deriveSeed(ctx.seed, 'measure')));
    const restored = tf.clipByValue(network.apply([image, mask], { training: false }) as Tensor4D, 0, 1);
    return [image, restored, tf.losses.meanSquaredError(clean, image), tf.losses.meanSquaredError(clean, restored)];
  });
  const errors = { inputError: inputError.dataSync()[0], restoredError: restoredError.dataSync()[0] };
  const shown = Math.min(8, clean.shape[0]);
  const grid = tf.tidy(() => tf.concat([input, restored, clean].map((t) => tf.slice(t, 0, shown))) as Tensor4D);
  try {
    await ctx.preview(`restored-epoch-${epoch + 1}`, { images: grid, meta: Array.from({ length: shown * 3 }, () => ({})) }, { columns: shown });
  } finally {
    tf.dispose([grid, input, restored, inputError, restoredError]);
  }
  return errors;
}
