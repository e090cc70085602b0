import { optimizerStep, type Tensor, type Tensor2D, type Tensor4D, tf, type TrainContext, type TrainingBatch } from '@atelier/plugin-api';
import type { VaeModels } from './build-vae.js';
import type { VaeHyperparameters } from './hyperparameters.js';
import { vaeLoss } from './vae-loss.js';

export interface StepLosses {
  reconstruction: number;
  kl: number;
  total: number;
}

/** One Adam step on a batch through core's `optimizerStep` (so through `ctx.allReduce`); disposes the batch and leaves no tensor behind. */
export async function trainStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  optimizer: tf.Optimizer,
  models: VaeModels,
  variables: tf.Variable[],
  batch: TrainingBatch,
  h: VaeHyperparameters,
  labelCount: number,
): Promise<StepLosses> {
  try {
    const { reconstruction, kl, total } = await optimizerStep(ctx, optimizer, variables, () => {
      const labels = labelCount > 0 ? (tf.oneHot(batch.labels.toInt(), labelCount).toFloat() as Tensor2D) : undefined;
      const withLabels = (x: Tensor) => (labels ? [x, labels] : x);
      const [mean, logVar, z] = models.encoder.apply(withLabels(batch.images), { training: true }) as Tensor2D[];
      const logits = models.decoder.apply(withLabels(z), { training: true }) as Tensor4D;
      const loss = vaeLoss(h, batch.images, logits, mean, logVar);
      return { loss: loss.total as tf.Scalar, report: { reconstruction: loss.reconstruction, kl: loss.kl, total: loss.total } };
    });
    return { reconstruction, kl, total };
  } finally {
    batch.images.dispose();
    batch.labels.dispose();
  }
}
