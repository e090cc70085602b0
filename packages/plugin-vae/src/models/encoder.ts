import { type LayersModel, tf } from '@atelier/plugin-api';
import type { VaeHyperparameters } from './hyperparameters.js';
import { SamplingLayer } from './sampling-layer.js';
import type { SeedStream } from './seed-stream.js';

/**
 * image (+ one-hot label) → [mean, logVar, z]. Labels are concatenated after the convolutions
 * (one-hot, not an Embedding: WASM lacks the gather gradient).
 */
export function buildEncoder(h: VaeHyperparameters, labelCount: number, seeds: SeedStream): LayersModel {
  const image = tf.input({ shape: [h.imageSize, h.imageSize, h.channels], name: 'image' });
  let x: tf.SymbolicTensor = image;
  for (const filters of h.widths) {
    x = tf.layers
      .conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeds.initializer() })
      .apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const inputs = [image];
  if (labelCount > 0) {
    const label = tf.input({ shape: [labelCount], name: 'label' });
    inputs.push(label);
    x = tf.layers.concatenate().apply([x, label]) as tf.SymbolicTensor;
  }
  const dense = (name: string) =>
    tf.layers.dense({ units: h.latentSize, name, kernelInitializer: seeds.initializer() }).apply(x) as tf.SymbolicTensor;
  const mean = dense('mean');
  const logVar = dense('log_var');
  const z = new SamplingLayer({ name: 'z', seed: seeds.next() }).apply([mean, logVar]) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: [mean, logVar, z], name: 'encoder' });
}
