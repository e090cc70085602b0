import { type Tensor, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';
import type { VaeHyperparameters } from './hyperparameters.js';

export interface VaeLoss {
  /** Negative log-likelihood per image (nats), batch mean. */
  reconstruction: Tensor;
  /** KL(q(z|x) ‖ N(0, I)) per image, batch mean. */
  kl: Tensor;
  /** reconstruction + β·kl: what training minimises (−ELBO when β = 1). */
  total: Tensor;
}

/** Per-pixel negative log-likelihood of `images` under the decoder's `logits`. */
export function pixelLoss(likelihood: VaeHyperparameters['likelihood'], logits: Tensor4D, images: Tensor4D): Tensor4D {
  if (likelihood === 'gaussian') return tf.squaredDifference(tf.sigmoid(logits), images);
  // Stable binary cross-entropy with logits: max(l, 0) − l·x + log(1 + e^−|l|).
  return tf.relu(logits).sub(logits.mul(images)).add(tf.softplus(tf.neg(tf.abs(logits))));
}

/** Call inside a tidy (the optimizer's minimize is one); returns scalars. */
export function vaeLoss(
  h: Pick<VaeHyperparameters, 'likelihood' | 'beta'>,
  images: Tensor4D,
  logits: Tensor4D,
  mean: Tensor2D,
  logVar: Tensor2D,
): VaeLoss {
  const reconstruction = pixelLoss(h.likelihood, logits, images).sum([1, 2, 3]).mean();
  const kl = tf.onesLike(logVar).add(logVar).sub(mean.square()).sub(logVar.exp()).sum(1).mul(-0.5).mean();
  return { reconstruction, kl, total: reconstruction.add(kl.mul(h.beta)) };
}
