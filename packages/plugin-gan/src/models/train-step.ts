import { optimizerStep, shardRandomNormal, tf } from '@atelier/core';
import type { Tensor2D, Tensor4D, TrainContext } from '@atelier/core';
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
 * discriminator, each through core's `optimizerStep` (gradients → `ctx.allReduce` → Adam). Noise is
 * drawn per image of the global batch (`shardRandomNormal`), so K workers train as one would.
 */
export async function trainStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  models: GanModels,
  optimizers: GanOptimizers,
  input: StepInput,
): Promise<{ discriminator: number; generator: number }> {
  const count = input.real.shape[0];
  const noise = (seed: number) => shardRandomNormal([count, input.latentSize], 0, 1, seed) as Tensor2D;

  const discriminator = await optimizerStep(ctx, optimizers.discriminator, trainableVariables(models.discriminator), () => {
    const fake = runGenerator(models.generator, noise(input.seeds[0]), input.label, true);
    const loss = discriminatorLoss(
      runDiscriminator(models.discriminator, input.real, input.label, true),
      runDiscriminator(models.discriminator, fake, input.label, true),
      input.labelSmoothing,
    );
    return { loss };
  });
  const generator = await optimizerStep(ctx, optimizers.generator, trainableVariables(models.generator), () => {
    const fake = runGenerator(models.generator, noise(input.seeds[1]), input.label, true);
    return { loss: generatorLoss(runDiscriminator(models.discriminator, fake, input.label, true)) };
  });
  return { discriminator: discriminator.loss, generator: generator.loss };
}
