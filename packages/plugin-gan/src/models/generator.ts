import { tf } from '@atelier/core';
import type { LayersModel } from '@atelier/core';
import type { GanHyperparameters } from './hyperparameters.js';
import { filtersAt, initializer, ladder } from './architecture.js';

/**
 * z (and a one-hot label when `labelCount` > 0) → dense seed map → stride-2 transposed convolutions
 * → tanh image in [-1, 1]. No batch normalisation: its moving statistics would make a short
 * training's samples depend on how many steps ran in training mode, and leaky ReLUs keep it stable.
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
  x = tf.layers.leakyReLU({ alpha: 0.2, name: 'g_dense_act' }).apply(x) as tf.SymbolicTensor;
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
    x = tf.layers.leakyReLU({ alpha: 0.2, name: `g_up${level}_act` }).apply(x) as tf.SymbolicTensor;
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
