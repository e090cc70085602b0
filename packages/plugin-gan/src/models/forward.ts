import { type LayersModel, type Tensor, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';

/**
 * Calls the networks with or without the one-hot label input, so the training loop, the metrics
 * and the inversion share one code path for both families.
 */
export function runGenerator(generator: LayersModel, z: Tensor2D, label: Tensor2D | null, training = false): Tensor4D {
  return generator.apply(label ? [z, label] : z, { training }) as Tensor4D;
}

/** The real/fake logit (`[n, 1]`) and, when the discriminator has an auxiliary class head, its class logits. */
export function discriminatorHeads(
  discriminator: LayersModel,
  images: Tensor4D,
  label: Tensor2D | null,
  training = false,
): { logit: Tensor2D; classLogits: Tensor2D | null } {
  const output = discriminator.apply(label ? [images, label] : images, { training }) as Tensor as Tensor2D;
  const width = output.shape[1];
  if (width === 1) return { logit: output, classLogits: null };
  return { logit: tf.slice(output, [0, 0], [-1, 1]), classLogits: tf.slice(output, [0, 1], [-1, width - 1]) };
}

export function runDiscriminator(discriminator: LayersModel, images: Tensor4D, label: Tensor2D | null, training = false): Tensor2D {
  return discriminatorHeads(discriminator, images, label, training).logit;
}

/** Generator output mapped from tanh's [-1, 1] to the pipeline's [0, 1]. */
export function generateUnit(generator: LayersModel, z: Tensor2D, label: Tensor2D | null): Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(runGenerator(generator, z, label), 0.5), 0.5), 0, 1) as Tensor4D);
}
