import { deriveSeed, shardRandomNormal, shardRandomUniform, tf } from '@atelier/core';
import type { Tensor1D, Tensor2D } from '@atelier/core';

/**
 * A batch of latents as the generator is trained on them: normal noise whose first `categories`
 * columns, where there is a categorical code, are the one-hot of a uniformly drawn category (also
 * returned as `code`, the target of the discriminator's category head). `sharded` draws per image of
 * a data-parallel run's global batch (training); otherwise the whole batch is drawn here.
 */
export function drawLatents(count: number, latentSize: number, categories: number, seed: number, sharded: boolean): { z: Tensor2D; code: Tensor2D | null } {
  const normal = () =>
    (sharded ? shardRandomNormal([count, latentSize], 0, 1, seed) : tf.randomNormal([count, latentSize], 0, 1, 'float32', seed)) as Tensor2D;
  if (categories === 0) return { z: normal(), code: null };
  return tf.tidy(() => {
    const categorySeed = deriveSeed(seed, 'category');
    const uniform = sharded ? shardRandomUniform([count], categorySeed) : tf.randomUniform([count], 0, 1, 'float32', categorySeed);
    const code = tf.oneHot(tf.cast(tf.floor(tf.mul(uniform, categories)), 'int32') as Tensor1D, categories).toFloat() as Tensor2D;
    const z = tf.concat([code, tf.slice(normal(), [0, categories], [-1, latentSize - categories])], 1) as Tensor2D;
    return { z, code };
  });
}
