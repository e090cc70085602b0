import { deriveSeed, shardRandomNormal, shardRandomUniform, type Tensor1D, type Tensor2D, tf } from '@atelier/plugin-api';

/**
 * A batch of latents as the generator is trained on them: normal noise whose first `categories`
 * columns, where there is a categorical code, are the one-hot of a uniformly drawn category (also
 * returned as `code`, the target of the discriminator's category head). `sharded` draws per image of
 * a data-parallel run's global batch (training); otherwise the whole batch is drawn here. `given`
 * is a code to use instead of drawing one (a cluster-coded run's real batch's clusters).
 */
export function drawLatents(
  count: number,
  latentSize: number,
  categories: number,
  seed: number,
  sharded: boolean,
  given?: Tensor2D,
): { z: Tensor2D; code: Tensor2D | null } {
  const normal = () =>
    (sharded ? shardRandomNormal([count, latentSize], 0, 1, seed) : tf.randomNormal([count, latentSize], 0, 1, 'float32', seed)) as Tensor2D;
  if (categories === 0) return { z: normal(), code: null };
  return tf.tidy(() => {
    const code = given?.clone() ?? uniformCode(count, categories, deriveSeed(seed, 'category'), sharded);
    const z = tf.concat([code, tf.slice(normal(), [0, categories], [-1, latentSize - categories])], 1) as Tensor2D;
    return { z, code };
  });
}

function uniformCode(count: number, categories: number, seed: number, sharded: boolean): Tensor2D {
  const uniform = sharded ? shardRandomUniform([count], seed) : tf.randomUniform([count], 0, 1, 'float32', seed);
  return tf.oneHot(tf.cast(tf.floor(tf.mul(uniform, categories)), 'int32') as Tensor1D, categories).toFloat() as Tensor2D;
}
