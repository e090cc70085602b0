import { tf } from '@atelier/core';
import type { Tensor, Tensor2D, Tensor4D, TrainingBatch } from '@atelier/core';
import type { VaeModels } from './build-vae.js';
import type { VaeHyperparameters } from './hyperparameters.js';
import { vaeLoss } from './vae-loss.js';

export interface StepLosses {
  reconstruction: number;
  kl: number;
  total: number;
}

/** One Adam step on a batch; disposes the batch and leaves no tensor behind. */
export function trainStep(
  optimizer: tf.Optimizer,
  models: VaeModels,
  variables: tf.Variable[],
  batch: TrainingBatch,
  h: VaeHyperparameters,
  labelCount: number,
): StepLosses {
  let parts: Tensor | undefined;
  try {
    optimizer.minimize(
      () => {
        const labels = labelCount > 0 ? (tf.oneHot(batch.labels.toInt(), labelCount).toFloat() as Tensor2D) : undefined;
        const withLabels = (x: Tensor) => (labels ? [x, labels] : x);
        const [mean, logVar, z] = models.encoder.apply(withLabels(batch.images), { training: true }) as Tensor2D[];
        const logits = models.decoder.apply(withLabels(z), { training: true }) as Tensor4D;
        const loss = vaeLoss(h, batch.images, logits, mean, logVar);
        // Kept past minimize's tidy so the parts can be reported without a second forward pass.
        parts = tf.keep(tf.stack([loss.reconstruction, loss.kl, loss.total]));
        return loss.total as tf.Scalar;
      },
      false,
      variables,
    );
    const [reconstruction, kl, total] = parts!.dataSync();
    return { reconstruction, kl, total };
  } finally {
    parts?.dispose();
    batch.images.dispose();
    batch.labels.dispose();
  }
}
