import { tf } from '@atelier/core';
import type { Tensor2D, Tensor4D } from '@atelier/core';
import { runDiscriminator, runGenerator } from './forward.js';
import type { GanModels } from './gan-models.js';
import { discriminatorLoss, generatorLoss } from './losses.js';

export interface GanOptimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

export interface StepInput {
  real: Tensor4D;
  /** One-hot labels of the real batch (reused for the generated half), null when unconditional. */
  label: Tensor2D | null;
  latentSize: number;
  labelSmoothing: number;
  /** Seeds of this step's two noise draws, so a resumed run replays the same noise. */
  seeds: [number, number];
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * One alternating update: the discriminator on real vs generated, then the generator through the
 * discriminator. Each `minimize` tidies its intermediates and only the scalar losses leave here,
 * read and disposed, so the tensor count stays constant.
 */
export function trainStep(models: GanModels, optimizers: GanOptimizers, input: StepInput): { discriminator: number; generator: number } {
  const count = input.real.shape[0];
  const noise = (seed: number) => tf.randomNormal([count, input.latentSize], 0, 1, 'float32', seed) as Tensor2D;

  const dCost = optimizers.discriminator.minimize(
    () => {
      const fake = runGenerator(models.generator, noise(input.seeds[0]), input.label, true);
      return discriminatorLoss(
        runDiscriminator(models.discriminator, input.real, input.label, true),
        runDiscriminator(models.discriminator, fake, input.label, true),
        input.labelSmoothing,
      );
    },
    true,
    trainableVariables(models.discriminator),
  );
  const gCost = optimizers.generator.minimize(
    () => {
      const fake = runGenerator(models.generator, noise(input.seeds[1]), input.label, true);
      return generatorLoss(runDiscriminator(models.discriminator, fake, input.label, true));
    },
    true,
    trainableVariables(models.generator),
  );
  const losses = { discriminator: dCost!.dataSync()[0], generator: gCost!.dataSync()[0] };
  dCost!.dispose();
  gCost!.dispose();
  return losses;
}
