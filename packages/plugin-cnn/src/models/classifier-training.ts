import {
  AtelierError,
  createRandom,
  deriveSeed,
  optimizerStep,
  shardDropout,
  shardIndices,
  shuffledIndices,
  tf,
  type LayersModel,
  type Tensor,
  type Tensor2D,
  type TrainContext,
  type TrainResult,
} from '@atelier/plugin-api';
import type { ClassifierHyperparameters } from './classifier-hyperparameters.js';
import { buildClassifierNetwork } from './classifier-network.js';
import { createEarlyStopping } from './early-stopping.js';
import { classifierLoss, evaluateClassifier } from './classifier-evaluation.js';
import { holdOut } from './holdout-split.js';
import { augmentImages } from './shift-augment.js';

type ClassifierModels = { features: LayersModel; head: LayersModel };

/**
 * Adam on softmax cross-entropy over a seeded hold-out split. Each epoch ends with a validation pass
 * and a checkpoint; after `patience` epochs without a lower validation loss (or at the last epoch or
 * step) the best epoch's weights are restored and saved as the final checkpoint.
 */
export async function trainClassifier(ctx: TrainContext<ClassifierHyperparameters>): Promise<TrainResult> {
  const { data } = ctx;
  const h = ctx.hyperparameters;
  const labelCount = data.labelNames.length;
  if (labelCount < 2) {
    throw new AtelierError('BAD_USER_INPUT', `A classifier needs a data set with at least 2 labels; it has ${labelCount}`, {
      path: 'dataset',
      limit: 2,
    });
  }
  const state = ctx.resume?.state ?? {};
  const splitSeed = typeof state.splitSeed === 'number' ? state.splitSeed : ctx.random.nextSeed();
  const built = ctx.resume ? null : buildClassifierNetwork(h, labelCount, ctx.random);
  const models = (built ?? ctx.resume!.models) as ClassifierModels;
  const stopping = createEarlyStopping(h.patience, {
    best: typeof state.bestValLoss === 'number' ? state.bestValLoss : undefined,
    epochsWithoutImprovement: typeof state.epochsWithoutImprovement === 'number' ? state.epochsWithoutImprovement : undefined,
  });
  const variables = [...models.features.trainableWeights, ...models.head.trainableWeights].map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(h.learningRate);
  const split = holdOut(data, h.validationSplit, splitSeed);
  const trainCount = split.train.images.shape[0];
  const stepsPerEpoch = Math.ceil(trainCount / h.batchSize);
  // `epochs` and `maxSteps` count this run's work, also when it resumes from a checkpoint.
  let step = ctx.resume?.step ?? 0;
  const firstEpoch = ctx.resume?.epoch ?? 0;
  const totalSteps = step + Math.min(ctx.epochs * stepsPerEpoch, ctx.maxSteps ?? Infinity);
    let best: { weights: Tensor[]; metrics: Record<string, number> } | null = null;
  let metrics: Record<string, number> = ctx.resume?.checkpoint.metrics ?? {};

  /** One Adam step on a global batch; this worker takes its shard (`shardIndices`), gradients meet in `ctx.allReduce`. */
  const trainStep = async (indices: Int32Array): Promise<{ loss: number; hits: number }> => {
    const shard = shardIndices(ctx, indices);
    const dropoutSeed = ctx.random.nextSeed();
    const augmentSeed = ctx.random.nextSeed();
    const [images, labels] = tf.tidy(() => {
      const at = tf.tensor1d(shard, 'int32');
      return [augmentImages(tf.gather(split.train.images, at), shard, h, augmentSeed), tf.gather(split.train.labels, at)];
    });
    try {
      const { loss, accuracy } = await optimizerStep(ctx, optimizer, variables, () => {
        const embedding = models.features.apply(images, { training: true }) as Tensor2D;
        const dropped = h.dropout > 0 ? shardDropout(embedding, h.dropout, dropoutSeed) : embedding;
        const [loss, hits] = classifierLoss(models.head.apply(dropped, { training: true }) as Tensor2D, labels);
        // A batch mean, so that averaging over workers gives the global batch's accuracy.
        return { loss: loss as tf.Scalar, report: { accuracy: tf.div(hits, shard.length) } };
      });
      return { loss, hits: Math.round(accuracy * indices.length) };
    } finally {
      tf.dispose([images, labels]);
    }
  };

  try {
    for (let epoch = firstEpoch; epoch < firstEpoch + ctx.epochs && step < totalSteps; epoch++) {
      // tfjs's Adam reads `learningRate` at every step and has no schedule of its own.
      (optimizer as unknown as { learningRate: number }).learningRate = h.learningRate * h.learningRateDecay ** epoch;
      const order = shuffledIndices(trainCount, createRandom(deriveSeed(ctx.seed, `epoch-${epoch}`)));
      const started = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let start = 0; start < trainCount && step < totalSteps; start += h.batchSize) {
        if (ctx.signal.aborted) return { metrics };
        const indices = order.subarray(start, start + h.batchSize);
        const result = await trainStep(indices);
        if (!Number.isFinite(result.loss)) {
          throw new AtelierError('INTERNAL', `The classifier's loss diverged at step ${step}; try a lower learning rate`, {
            path: 'hyperparameters.learningRate',
            trainingStep: step,
          });
        }
        step++;
        seen += indices.length;
        lossSum += result.loss * indices.length;
        correct += result.hits;
        if (step % 10 === 0) {
          ctx.progress({
            epoch,
            step,
            totalSteps,
            losses: { loss: lossSum / seen, accuracy: correct / seen },
            imagesPerSecond: seen / ((performance.now() - started) / 1000),
          });
        }
        await ctx.yieldStep();
      }
      const completed = seen >= trainCount;
      const validation = evaluateClassifier(models, split.validation, Math.max(h.batchSize, 256));
      const improved = stopping.update(validation.loss);
      metrics = {
        loss: lossSum / seen,
        accuracy: correct / seen,
        valLoss: validation.loss,
        valAccuracy: validation.accuracy,
        epochs: epoch + (completed ? 1 : seen / trainCount),
      };
      ctx.progress({
        epoch,
        step,
        totalSteps,
        losses: metrics,
        imagesPerSecond: seen / ((performance.now() - started) / 1000),
      });
      if (improved) best = snapshot(models, metrics, best);
      const final = epoch + 1 >= firstEpoch + ctx.epochs || step >= totalSteps || stopping.stop;
      if (final && !improved && best) {
        restore(models, best.weights);
        metrics = { ...best.metrics, epochs: metrics.epochs, stoppedEarly: stopping.stop ? 1 : 0 };
      }
      if (ctx.signal.aborted) return { metrics };
      await ctx.saveCheckpoint({
        models,
        epoch: completed ? epoch + 1 : epoch,
        step,
        metrics,
        state: { splitSeed, bestValLoss: stopping.best, epochsWithoutImprovement: stopping.epochsWithoutImprovement },
        final,
      });
      if (final) break;
    }
    return { metrics };
  } finally {
    tf.dispose([split.train.images, split.train.labels, split.validation.images, split.validation.labels]);
    if (best) tf.dispose(best.weights);
    optimizer.dispose();
    // The models are this run's: freshly built, or handed over by core when resuming.
    models.features.dispose();
    models.head.dispose();
  }
}

function snapshot(
  models: ClassifierModels,
  metrics: Record<string, number>,
  previous: { weights: Tensor[] } | null,
): { weights: Tensor[]; metrics: Record<string, number> } {
  if (previous) tf.dispose(previous.weights);
  const weights = [...models.features.getWeights(), ...models.head.getWeights()].map((w) => w.clone());
  return { weights, metrics: { ...metrics, bestEpoch: metrics.epochs } };
}

function restore(models: ClassifierModels, weights: Tensor[]): void {
  const split = models.features.getWeights().length;
  models.features.setWeights(weights.slice(0, split));
  models.head.setWeights(weights.slice(split));
}
