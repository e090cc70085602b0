import { type LayersModel, tf } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';
import { filtersAt, initializer, ladder } from './architecture.js';

/**
 * z (and a one-hot label when `labelCount` > 0) → dense seed map → stride-2 transposed convolutions
 * → tanh image in [-1, 1]. With `generatorNorm: 'batch'` every hidden layer is batch-normalised
 * before a ReLU, as in Radford et al.: without it the generator drops whole digit classes (measured
 * on MNIST: 0s, 5s, 6s, 9s under 5% each); `'none'` keeps the leaky-ReLU net whose K-worker
 * training matches one worker to float summation order.
 */
export function buildGenerator(h: GanHyperparameters, labelCount: number, seed: number): LayersModel {
  const { base, levels } = ladder(h.imageSize);
  const z = tf.input({ shape: [h.latentSize], name: 'z' });
  const label = labelCount > 0 ? tf.input({ shape: [labelCount], name: 'label' }) : null;
  const joined = label ? (tf.layers.concatenate({ name: 'z_label' }).apply([z, label]) as tf.SymbolicTensor) : z;

  const seedFilters = filtersAt(h.generatorWidth, levels, 0);
  let x = tf.layers
    .dense({ units: base * base * seedFilters, kernelInitializer: initializer(seed, 'g_dense'), name: 'g_dense' })
    .apply(joined) as tf.SymbolicTensor;
  // Every layer is named: tfjs numbers unnamed ones per process, so checkpoint bytes would depend on
  // how many models the worker built before.
  x = activate(x, h, 'g_dense');
  x = tf.layers.reshape({ targetShape: [base, base, seedFilters], name: 'g_seed_map' }).apply(x) as tf.SymbolicTensor;

  for (let level = 1; level < levels; level++) {
    x = tf.layers
      .conv2dTranspose({
        filters: filtersAt(h.generatorWidth, levels, level),
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: initializer(seed, `g_up${level}`),
        name: `g_up${level}`,
      })
      .apply(x) as tf.SymbolicTensor;
    x = activate(x, h, `g_up${level}`);
  }
  const image = tf.layers
    .conv2dTranspose({
      filters: h.channels,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: initializer(seed, 'g_out'),
      name: 'g_out',
    })
    .apply(x) as tf.SymbolicTensor;

  return tf.model({ inputs: label ? [z, label] : [z], outputs: image, name: 'generator' });
}

/** A hidden layer's nonlinearity: batch norm (momentum 0.9, so short runs' moving statistics settle) and ReLU, or a leaky ReLU. */
function activate(x: tf.SymbolicTensor, h: GanHyperparameters, layer: string): tf.SymbolicTensor {
  if (h.generatorNorm === 'none') return tf.layers.leakyReLU({ alpha: 0.2, name: `${layer}_act` }).apply(x) as tf.SymbolicTensor;
  const normalised = tf.layers.batchNormalization({ momentum: 0.9, name: `${layer}_bn` }).apply(x) as tf.SymbolicTensor;
  return tf.layers.reLU({ name: `${layer}_act` }).apply(normalised) as tf.SymbolicTensor;
}
