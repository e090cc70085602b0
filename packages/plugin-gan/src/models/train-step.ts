import { deriveSeed, optimizerStep, tf } from '@atelier/core';
import type { Tensor2D, Tensor4D, TrainContext } from '@atelier/core';
import { augmentForDiscriminator, type DiscriminatorAugment } from './augment.js';
import { discriminatorHeads, runGenerator } from './forward.js';
import { drawLatents } from './latent-batch.js';
import type { GanModels } from './gan-models.js';
import { classLoss, discriminatorLoss, generatorLoss } from './losses.js';

export interface GanOptimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

export interface StepInput {
  real: Tensor4D;
  /** One-hot labels of the real batch (reused for the generated half), null when unconditional. */
  label: Tensor2D | null;
  latentSize: number;
  /** Size of the generator's categorical code (InfoGAN or clusters), 0 for none. */
  latentCategories: number;
  /**
   * One-hot clusters of the real batch when the code stands for clusters: the generated half is
   * coded with the same ones, and the discriminator is conditioned on them as on labels.
   */
  clusters: Tensor2D | null;
  labelSmoothing: number;
  /** Weight of the auxiliary class loss where the discriminator has a class head. */
  auxiliaryWeight: number;
  /** Seeds of this step's two noise draws, so a resumed run replays the same noise. */
  seeds: [number, number];
  /** What every image the discriminator sees goes through (DiffAugment). */
  augment: DiscriminatorAugment;
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * One alternating update: the discriminator on real vs generated, then the generator through the
 * discriminator, each through core's `optimizerStep` (gradients → `ctx.allReduce` → Adam). Noise is
 * drawn per image of the global batch (`drawLatents`), so K workers train as one would. A
 * class head learns the real images' labels, and the generator is asked to make its images
 * classified as the label it was given (the discriminator's head is not trained on fakes, so it
 * cannot learn to agree with a generator that ignores its label). With a categorical code the head
 * instead learns, in both updates, to recover the code from generated images (InfoGAN's mutual
 * information term), which pushes the generator to draw a distinct kind of image per category.
 * Clusters of the real images play the labels' part, except that the generator takes them in its code.
 */
export async function trainStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  models: GanModels,
  optimizers: GanOptimizers,
  input: StepInput,
): Promise<{ discriminator: number; generator: number }> {
  const count = input.real.shape[0];
  // The InfoGAN code is the generator's own to give meaning; clusters are given like labels.
  const noise = (seed: number) => {
    const { z, code } = drawLatents(count, input.latentSize, input.latentCategories, seed, true, input.clusters ?? undefined);
    return { z, code: input.clusters ? null : code };
  };
  const classes = input.label ?? input.clusters;
  const judge = (images: Tensor4D, seed: number, purpose: string) =>
    discriminatorHeads(models.discriminator, augmentForDiscriminator(images, input.augment, deriveSeed(seed, purpose)), classes, true);

  const discriminator = await optimizerStep(ctx, optimizers.discriminator, trainableVariables(models.discriminator), () => {
    const { z, code } = noise(input.seeds[0]);
    const real = judge(input.real, input.seeds[0], 'augment-real');
    const fake = judge(runGenerator(models.generator, z, input.label, true), input.seeds[0], 'augment-fake');
    const adversarial = discriminatorLoss(real.logit, fake.logit, input.labelSmoothing);
    // The code is read from generated images, labels (and clusters) from real ones.
    return { loss: withClassLoss(adversarial, code ? fake.classLogits : real.classLogits, code ?? classes, input) };
  });
  const generator = await optimizerStep(ctx, optimizers.generator, trainableVariables(models.generator), () => {
    const { z, code } = noise(input.seeds[1]);
    const fake = judge(runGenerator(models.generator, z, input.label, true), input.seeds[1], 'augment-fake');
    return { loss: withClassLoss(generatorLoss(fake.logit), fake.classLogits, code ?? classes, input) };
  });
  return { discriminator: discriminator.loss, generator: generator.loss };
}

/** The adversarial loss plus the weighted cross-entropy of the class head against `target` (labels or the latent code). */
function withClassLoss(adversarial: tf.Scalar, classLogits: Tensor2D | null, target: Tensor2D | null, input: StepInput): tf.Scalar {
  if (!classLogits || !target || input.auxiliaryWeight === 0) return adversarial;
  return tf.add(adversarial, tf.mul(classLoss(classLogits, target), input.auxiliaryWeight));
}
