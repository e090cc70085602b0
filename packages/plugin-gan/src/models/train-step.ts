import { computeGradientPart, deriveSeed, optimizerStep, type PendingStep, startOptimizerStep, type Tensor2D, type Tensor4D, tf, type TrainContext } from '@atelier/plugin-api';
import { augmentForDiscriminator, type DiscriminatorAugment } from './augment.js';
import { discriminatorHeads, runGenerator } from './forward.js';
import { drawLatents } from './latent-batch.js';
import type { GanModels } from './gan-models.js';
import { classLoss, generatorLoss, sigmoidCrossEntropy } from './losses.js';

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

/** A training step whose generator update is still in its exchange. */
export interface StartedStep {
  discriminator: number;
  /** The generator's update: applied by the next step's `finishPrevious`, or by the loop after the last step. */
  generator: PendingStep;
}

/**
 * One alternating update: the discriminator on real vs generated, then the generator through the
 * discriminator, each through core's optimizer step (gradients → `ctx.allReduce` → Adam). Noise is
 * drawn per image of the global batch (`drawLatents`), so K workers train as one would. A
 * class head learns the real images' labels, and the generator is asked to make its images
 * classified as the label it was given (the discriminator's head is not trained on fakes, so it
 * cannot learn to agree with a generator that ignores its label). With a categorical code the head
 * instead learns, in both updates, to recover the code from generated images (InfoGAN's mutual
 * information term), which pushes the generator to draw a distinct kind of image per category.
 * Clusters of the real images play the labels' part, except that the generator takes them in its code.
 *
 * The step returns with the generator's update in flight: the discriminator's gradients on the real
 * images need no generator, so they are computed first, while the previous step's generator
 * gradients travel between workers; `finishPrevious` then applies that update (and whatever the
 * loop does after a step) before anything runs the generator. Adding the real and the generated
 * images' gradients gives the bits of one summed loss's (each weight gets the same two terms).
 */
export async function trainStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  models: GanModels,
  optimizers: GanOptimizers,
  input: StepInput,
  finishPrevious: () => Promise<void> = async () => undefined,
): Promise<StartedStep> {
  const count = input.real.shape[0];
  // The InfoGAN code is the generator's own to give meaning; clusters are given like labels.
  const noise = (seed: number) => {
    const { z, code } = drawLatents(count, input.latentSize, input.latentCategories, seed, true, input.clusters ?? undefined);
    return { z, code: input.clusters ? null : code };
  };
  const classes = input.label ?? input.clusters;
  const coded = input.latentCategories > 0 && !input.clusters;
  const judge = (images: Tensor4D, seed: number, purpose: string) =>
    discriminatorHeads(models.discriminator, augmentForDiscriminator(images, input.augment, deriveSeed(seed, purpose)), classes, true);
  const discriminatorVariables = trainableVariables(models.discriminator);

  // Real images against 1 − smoothing (one-sided label smoothing); labels and clusters are read from them.
  const onReal = computeGradientPart(discriminatorVariables, () => {
    const real = judge(input.real, input.seeds[0], 'augment-real');
    return { loss: withClassLoss(sigmoidCrossEntropy(real.logit, 1 - input.labelSmoothing), real.classLogits, coded ? null : classes, input) };
  });
  try {
    await finishPrevious();
  } catch (error) {
    onReal.dispose();
    throw error;
  }
  // Generated images against 0; the code is read from them.
  const discriminator = await optimizerStep(
    ctx,
    optimizers.discriminator,
    discriminatorVariables,
    () => {
      const { z, code } = noise(input.seeds[0]);
      const fake = judge(runGenerator(models.generator, z, input.label, true), input.seeds[0], 'augment-fake');
      return { loss: withClassLoss(sigmoidCrossEntropy(fake.logit, 0), fake.classLogits, code, input) };
    },
    onReal,
  );
  const generator = startOptimizerStep(ctx, optimizers.generator, trainableVariables(models.generator), () => {
    const { z, code } = noise(input.seeds[1]);
    const fake = judge(runGenerator(models.generator, z, input.label, true), input.seeds[1], 'augment-fake');
    return { loss: withClassLoss(generatorLoss(fake.logit), fake.classLogits, code ?? classes, input) };
  });
  return { discriminator: discriminator.loss, generator };
}

/** The adversarial loss plus the weighted cross-entropy of the class head against `target` (labels or the latent code). */
function withClassLoss(adversarial: tf.Scalar, classLogits: Tensor2D | null, target: Tensor2D | null, input: StepInput): tf.Scalar {
  if (!classLogits || !target || input.auxiliaryWeight === 0) return adversarial;
  return tf.add(adversarial, tf.mul(classLoss(classLogits, target), input.auxiliaryWeight));
}
