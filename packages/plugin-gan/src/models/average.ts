import { deriveSeed, type LayersModel, type Tensor2D, tf } from '@atelier/plugin-api';
import { runGenerator } from './forward.js';
import type { GanHyperparameters } from './hyperparameters.js';
import { drawLatents } from './latent-batch.js';

/** Batches of fresh latents that re-estimate the averaged generator's batch-norm statistics (0.9⁴⁸ < 1% of the old ones remain). */
const STATISTICS_BATCHES = 48;
const STATISTICS_BATCH_SIZE = 64;

/**
 * An exponential moving average of the generator's weights (Yazıcı et al. 2019): a GAN's generator
 * circles its equilibrium, and the average of its recent weights draws cleaner images than any one
 * of them. The decay warms up as (1 + t) / (10 + t), so the random initial weights are forgotten
 * early. Batch-norm statistics are not averaged: they would not match the averaged weights, so they
 * are measured afresh on the averaged generator before it is used (BigGAN's "standing statistics").
 * Every worker of a data-parallel run applies the same updates, so every worker holds the same average.
 */
export class GeneratorAverage {
  private measuredAt = -1;

  private constructor(
    private readonly live: LayersModel,
    readonly averaged: LayersModel,
    private readonly decay: number,
  ) {}

  /** Keeps `averaged` as it is when resuming (the checkpoint's average), else starts it as a copy of the live weights. */
  static start(live: LayersModel, averaged: LayersModel, decay: number, resumed: boolean): GeneratorAverage {
    if (!resumed) averaged.setWeights(live.getWeights());
    return new GeneratorAverage(live, averaged, decay);
  }

  /** Folds the live weights after optimizer step `step` (counted from 0) into the average. */
  update(step: number): void {
    const decay = Math.min(this.decay, (1 + step) / (10 + step));
    const live = this.live.trainableWeights;
    tf.tidy(() => {
      this.averaged.trainableWeights.forEach((weight, i) => {
        const current = weight.read();
        weight.write(tf.add(tf.mul(current, decay), tf.mul(live[i].read(), 1 - decay)));
      });
    });
  }

  /**
   * The averaged generator, its batch-norm statistics measured at `step` (once per step however often
   * asked), on latents seeded by the run so the statistics — and the checkpoint — are reproducible.
   */
  measured(step: number, h: Pick<GanHyperparameters, 'latentSize' | 'latentCategories'>, labelCount: number, seed: number): LayersModel {
    if (this.measuredAt === step) return this.averaged;
    for (let batch = 0; batch < STATISTICS_BATCHES; batch++) {
      tf.tidy(() => {
        const batchSeed = deriveSeed(seed, `statistics-${batch}`);
        const { z } = drawLatents(STATISTICS_BATCH_SIZE, h.latentSize, h.latentCategories, batchSeed, false);
        const label = labelCount > 0 ? (tf.oneHot(tf.range(0, STATISTICS_BATCH_SIZE, 1, 'int32').mod(labelCount) as tf.Tensor1D, labelCount).toFloat() as Tensor2D) : null;
        // Training mode is what updates batch norm's moving statistics; nothing here is trained.
        runGenerator(this.averaged, z, label, true);
      });
    }
    this.measuredAt = step;
    return this.averaged;
  }
}
