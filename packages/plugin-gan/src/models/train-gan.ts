import { AtelierError, deriveSeed, tf, type TrainContext, type TrainResult } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';
import { checkResumable } from './check-resume.js';
import { GeneratorAverage } from './average.js';
import { ImageClusters } from './clusters.js';
import { buildGan, clusterCount, type GanModels } from './gan-models.js';
import { buildGenerator } from './generator.js';
import { previewBatch } from './preview.js';
import { measureQuality } from './quality.js';
import { trainStep, type StartedStep } from './train-step.js';

/**
 * The GAN training job. `ctx.epochs` and `ctx.maxSteps` count this run's work; a resumed run carries
 * on the epoch and step counters of its checkpoint (and replays the same per-step noise), but starts
 * fresh Adam moments, which checkpoints do not store.
 */
export async function trainGan(ctx: TrainContext<GanHyperparameters>, conditional: boolean): Promise<TrainResult> {
  const h = ctx.hyperparameters;
  const labelCount = conditional ? ctx.data.labelNames.length : 0;
  if (conditional && labelCount < 2) {
    throw new AtelierError('BAD_USER_INPUT', 'gan.conditional needs a labelled data set with at least 2 classes (sub-folders)', {
      path: 'dataset',
      limit: 2,
    });
  }
  checkCategories(h, conditional, ctx.data.size);
  const saved = ctx.resume?.models as GanModels | undefined;
  // An averaging checkpoint samples from `generator` and keeps the weights it trains as `trainedGenerator`.
  const models: GanModels = saved
    ? { generator: saved.trainedGenerator ?? saved.generator, discriminator: saved.discriminator }
    : buildGan(h, labelCount, ctx.seed);
  const average =
    h.generatorAverage > 0
      ? GeneratorAverage.start(
          models.generator,
          saved?.trainedGenerator ? saved.generator : buildGenerator(h, labelCount, ctx.seed),
          h.generatorAverage,
          Boolean(saved?.trainedGenerator),
        )
      : null;
  const owned = new Set([...Object.values(saved ?? {}), ...Object.values(models), ...(average ? [average.averaged] : [])]);
  const optimizers = {
    generator: tf.train.adam(h.generatorLearningRate, h.beta1),
    discriminator: tf.train.adam(h.discriminatorLearningRate, h.beta1),
  };
  const stepsPerEpoch = Math.ceil(ctx.data.size / h.batchSize);
  const firstStep = ctx.resume?.step ?? 0;
  const firstEpoch = ctx.resume?.epoch ?? 0;
  const stepLimit = firstStep + Math.min(ctx.epochs * stepsPerEpoch, ctx.maxSteps ?? Infinity);
  let step = firstStep;
  let losses = { discriminator: NaN, generator: NaN };
  let metrics: Record<string, number> = {};
  let clusters: ImageClusters | null = null;

  /** What the checkpoint generates with: the average where there is one, measured at this step. */
  const sampler = () => average?.measured(step, h, labelCount, ctx.seed) ?? models.generator;
  const preview = async () => {
    const batch = previewBatch(sampler(), { labelCount, latentSize: h.latentSize, latentCategories: h.latentCategories, seed: ctx.seed });
    try {
      await ctx.preview(`preview-step-${step}`, batch);
    } finally {
      batch.images.dispose();
    }
  };

  /** The last step taken, its generator update still in its exchange (see `trainStep`). */
  let unfinished: (StartedStep & { epoch: number; images: number }) | null = null;
  let epochSteps = 0;
  let images = 0;
  let started = 0;
  /** Applies the pending generator update, then what follows every step: the average, progress, previews. */
  const finishStep = async () => {
    if (!unfinished) return;
    const { discriminator, generator, epoch, images: stepImages } = unfinished;
    unfinished = null;
    losses = { discriminator, generator: (await generator.apply()).loss };
    average?.update(step);
    step++;
    epochSteps++;
    images += stepImages;
    ctx.progress({ epoch, step, totalSteps: stepLimit, losses, imagesPerSecond: images / ((performance.now() - started) / 1000) });
    if (h.previewEvery > 0 && step % h.previewEvery === 0) await preview();
    await ctx.yieldStep();
  };

  try {
    if (ctx.resume) checkResumable(models, h, labelCount);
    // After the resume check: a refused resume should not first spend seconds fitting clusters.
    if (clusterCount(h) > 0) clusters = fitClusters(ctx.data, clusterCount(h), ctx.seed);
    started = performance.now();
    for (let epoch = firstEpoch; epoch < firstEpoch + ctx.epochs && step < stepLimit; epoch++) {
      epochSteps = 0;
      for (const batch of ctx.data.batches(epoch, h.batchSize)) {
        // This step's number, counted from 0: the step before it may still be unfinished.
        const index = unfinished ? step + 1 : step;
        if (ctx.signal.aborted || index >= stepLimit) {
          batch.images.dispose();
          batch.labels.dispose();
          break;
        }
        const label = conditional ? tf.tidy(() => tf.oneHot(tf.cast(batch.labels, 'int32'), labelCount).toFloat() as tf.Tensor2D) : null;
        const batchClusters = clusters?.assign(batch.images) ?? null;
        try {
          const taken = await trainStep(
            ctx,
            models,
            optimizers,
            {
              real: batch.images,
              label,
              latentSize: h.latentSize,
              latentCategories: h.latentCategories,
              clusters: batchClusters,
              labelSmoothing: h.labelSmoothing,
              auxiliaryWeight: h.auxiliaryClassifier,
              augment: h.discriminatorAugment,
              seeds: [deriveSeed(ctx.seed, `d-${index}`), deriveSeed(ctx.seed, `g-${index}`)],
            },
            finishStep,
          );
          unfinished = { ...taken, epoch, images: batch.globalSize ?? batch.images.shape[0] };
        } finally {
          batch.images.dispose();
          batch.labels.dispose();
          label?.dispose();
          batchClusters?.dispose();
        }
      }
      if (!ctx.signal.aborted) await finishStep();
      // A canceled run keeps its last checkpoint; a half epoch is not worth a save.
      if (ctx.signal.aborted) return { metrics };
      const final = step >= stepLimit || epoch + 1 === firstEpoch + ctx.epochs;
      metrics = {
        discriminatorLoss: losses.discriminator,
        generatorLoss: losses.generator,
        ...(await measureQuality({ generator: sampler(), discriminator: models.discriminator }, ctx.data, {
          labelCount,
          latentSize: h.latentSize,
          latentCategories: h.latentCategories,
          clusters,
          seed: ctx.seed,
        })),
      };
      const previewedNow = h.previewEvery > 0 && step % h.previewEvery === 0;
      if (final && !previewedNow) await preview();
      await ctx.saveCheckpoint({
        models: average ? { generator: sampler(), discriminator: models.discriminator, trainedGenerator: models.generator } : models,
        epoch: epochSteps === stepsPerEpoch ? epoch + 1 : epoch,
        step,
        metrics,
        state: { stepsPerEpoch },
        final,
      });
    }
    return { metrics };
  } finally {
    await unfinished?.generator.discard();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    // The loop owns the models it trains, built here or loaded by core for a resume (core's training
    // job keeps no reference to them after saving).
    for (const model of owned) model.dispose();
    clusters?.dispose();
  }
}

/** Clusters of the whole training set, fitted alike on every worker (same images, same seed). */
function fitClusters(data: TrainContext<GanHyperparameters>['data'], count: number, seed: number): ImageClusters {
  const all = data.sample(data.size);
  try {
    return ImageClusters.fit(all.images, count, deriveSeed(seed, 'clusters'));
  } finally {
    all.images.dispose();
    all.labels.dispose();
  }
}

/**
 * A categorical code is the dcgan's (the conditional family has labels) and leaves at least one
 * noise component; clusters need two or more, each with images to hold.
 */
function checkCategories(h: GanHyperparameters, conditional: boolean, dataSize: number): void {
  if (h.latentCategoriesFrom === 'clusters' && h.latentCategories < 2) {
    throw new AtelierError('BAD_USER_INPUT', `hyperparameters.latentCategoriesFrom "clusters" needs latentCategories of at least 2 (it has ${h.latentCategories})`, {
      path: 'hyperparameters.latentCategories',
      limit: 2,
    });
  }
  if (h.latentCategories === 0) return;
  if (conditional) {
    throw new AtelierError('BAD_USER_INPUT', 'hyperparameters.latentCategories is for gan.dcgan: gan.conditional draws by label', { path: 'hyperparameters.latentCategories', limit: 0 });
  }
  if (h.latentCategories >= h.latentSize) {
    throw new AtelierError('BAD_USER_INPUT', `hyperparameters.latentCategories must be below latentSize (${h.latentSize}): the code takes that many latent components`, {
      path: 'hyperparameters.latentCategories',
      limit: h.latentSize - 1,
    });
  }
  if (clusterCount(h) > dataSize) {
    throw new AtelierError('BAD_USER_INPUT', `hyperparameters.latentCategories: ${h.latentCategories} clusters need as many training images; the data set has ${dataSize}`, {
      path: 'hyperparameters.latentCategories',
      limit: dataSize,
    });
  }
}
