import { canceledError, type LayersModel, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';
import { runGenerator } from './forward.js';
import type { Latent } from './latents.js';

export interface InvertOptions {
  /** Starting latents, one per image (seeded by the caller). */
  start: Latent[];
  /** One-hot labels for the conditional generator, null for the unconditional one. */
  label: Tensor2D | null;
  steps: number;
  learningRate: number;
  signal?: AbortSignal;
}

export interface Inversion {
  latents: Latent[];
  /** Per-image mean squared pixel error in [0, 1] units after the last step. */
  residuals: number[];
}

/**
 * Projects images (in the generator's [-1, 1] range) into latent space: Adam on z against the mean
 * squared pixel error, generator weights frozen (only z is in the variable list).
 */
export async function invertImages(generator: LayersModel, target: Tensor4D, options: InvertOptions): Promise<Inversion> {
  const start = tf.tensor2d(options.start);
  const z = tf.variable(start, true);
  // The variable holds its own reference to the data; the initial tensor is ours to free.
  start.dispose();
  const optimizer = tf.train.adam(options.learningRate);
  try {
    for (let step = 0; step < options.steps; step++) {
      if (options.signal?.aborted) throw canceledError('Inversion');
      const cost = optimizer.minimize(
        () => tf.mean(tf.squaredDifference(runGenerator(generator, z as Tensor2D, options.label), target)) as tf.Scalar,
        true,
        [z],
      );
      cost?.dispose();
      // Yield between steps so a cancel request can land.
      if (step % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    const residual = tf.tidy(() => {
      const error = tf.squaredDifference(runGenerator(generator, z as Tensor2D, options.label), target);
      // Pixels in [-1, 1] have twice the [0, 1] span, so the squared error is four times larger.
      return tf.div(tf.mean(error, [1, 2, 3]), 4);
    });
    const residuals = Array.from(await residual.data());
    residual.dispose();
    return { latents: (await z.array()) as Latent[], residuals };
  } finally {
    z.dispose();
    optimizer.dispose();
  }
}
