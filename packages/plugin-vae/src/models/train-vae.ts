import { AtelierError, tf, type TrainContext, type TrainResult } from '@atelier/plugin-api';
import { buildVae, type VaeModels } from './build-vae.js';
import type { VaeHyperparameters } from './hyperparameters.js';
import { previewLatentGrid, previewReconstruction } from './previews.js';
import { samplingLayerOf } from './sampling-layer.js';
import { trainStep, type StepLosses } from './train-step.js';
import { createVaeHandle } from './vae-handle.js';

/**
 * The training job of both VAE families. `ctx.epochs` and `ctx.maxSteps` count the work of this run,
 * also when it resumes (a resumed run trains that much more). A checkpoint's `epoch` is the number of
 * completed epochs, so a run stopped mid-epoch by `maxSteps` resumes at the start of that epoch.
 */
export async function trainVae(ctx: TrainContext<VaeHyperparameters>, conditional: boolean): Promise<TrainResult> {
  const h = ctx.hyperparameters;
  const labelCount = conditional ? ctx.data.labelNames.length : 0;
  if (conditional && labelCount === 0) {
    throw new AtelierError('BAD_USER_INPUT', 'vae.conditional trains on a labelled data set', { path: 'dataset' });
  }
  const built = ctx.resume ? null : buildVae(h, { labelCount, seed: ctx.random.nextSeed() });
  const models = (ctx.resume?.models ?? built) as VaeModels;
  const vae = createVaeHandle({ ...models, conditional, latentSize: h.latentSize, labelNames: ctx.data.labelNames, spec: ctx.data.spec });
  const sampling = samplingLayerOf(models.encoder);
  sampling.calls = Number(ctx.resume?.state.samplingCalls ?? 0);
  const optimizer = tf.train.adam(h.learningRate);
  const variables = [...models.encoder.trainableWeights, ...models.decoder.trainableWeights].map((w) => w.read() as tf.Variable);

  const stepsPerEpoch = Math.ceil(ctx.data.size / h.batchSize);
  let step = ctx.resume?.step ?? 0;
  const lastStep = step + Math.min(ctx.epochs * stepsPerEpoch, ctx.maxSteps ?? Infinity);
  let metrics: Record<string, number> = { ...(ctx.resume?.checkpoint.metrics ?? {}) };
  try {
    for (let epoch = ctx.resume?.epoch ?? 0; step < lastStep; epoch++) {
      const sums: StepLosses = { reconstruction: 0, kl: 0, total: 0 };
      let steps = 0;
      let completed = true;
      const started = performance.now();
      for (const batch of ctx.data.batches(epoch, h.batchSize)) {
        if (ctx.signal.aborted || step >= lastStep) {
          batch.images.dispose();
          batch.labels.dispose();
          completed = false;
          break;
        }
        const count = batch.globalSize ?? batch.images.shape[0];
        const losses = await trainStep(ctx, optimizer, models, variables, batch, h, labelCount);
        for (const key of Object.keys(sums) as (keyof StepLosses)[]) sums[key] += losses[key];
        steps++;
        step++;
        ctx.progress({
          epoch,
          step,
          totalSteps: lastStep,
          losses: { ...losses, elbo: -(losses.reconstruction + losses.kl) },
          imagesPerSecond: (steps * count * 1000) / Math.max(1, performance.now() - started),
        });
        if (h.previewEvery > 0 && step % h.previewEvery === 0) await previewReconstruction(ctx, vae, `reconstruction-step-${step}`);
        await ctx.yieldStep();
      }
      // Canceled: the last checkpoint saved is the run's result.
      if (ctx.signal.aborted) return { metrics };
      if (steps === 0) throw new AtelierError('BAD_USER_INPUT', 'The training data set has no images', { path: 'dataset' });
      metrics = epochMetrics(sums, steps);
      await ctx.saveCheckpoint({
        models,
        epoch: completed ? epoch + 1 : epoch,
        step,
        metrics,
        state: { samplingCalls: sampling.calls },
        final: step >= lastStep,
      });
    }
    await previewReconstruction(ctx, vae, 'reconstruction-final');
    if (h.latentSize === 2 && !conditional) await previewLatentGrid(ctx, vae);
    return { metrics };
  } finally {
    optimizer.dispose();
    // The models are this run's: freshly built, or handed over by core when resuming.
    vae.dispose();
  }
}

/** Epoch means; `elbo` is the evidence lower bound per image (higher is better). */
function epochMetrics(sums: StepLosses, steps: number): Record<string, number> {
  const reconstruction = sums.reconstruction / steps;
  const kl = sums.kl / steps;
  return { reconstruction, kl, total: sums.total / steps, elbo: -(reconstruction + kl) };
}
