import { type LayersModel, tf } from '@atelier/plugin-api';
import type { VaeHyperparameters } from './hyperparameters.js';
import type { SeedStream } from './seed-stream.js';

/**
 * latent (+ one-hot label) → pixel logits. The dense layer comes first and the reshape after it, then
 * transposed convolutions mirror the encoder. Logits rather than pixels so the Bernoulli loss can use
 * the numerically stable cross-entropy; the handle applies the sigmoid.
 */
export function buildDecoder(h: VaeHyperparameters, labelCount: number, seeds: SeedStream): LayersModel {
  const latent = tf.input({ shape: [h.latentSize], name: 'latent' });
  const inputs = [latent];
  let x: tf.SymbolicTensor = latent;
  if (labelCount > 0) {
    const label = tf.input({ shape: [labelCount], name: 'label' });
    inputs.push(label);
    x = tf.layers.concatenate().apply([latent, label]) as tf.SymbolicTensor;
  }
  const base = h.imageSize / 2 ** h.widths.length;
  const widths = [...h.widths].reverse();
  x = tf.layers
    .dense({ units: base * base * widths[0], activation: 'relu', kernelInitializer: seeds.initializer() })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [base, base, widths[0]] }).apply(x) as tf.SymbolicTensor;
  for (const filters of widths) {
    x = tf.layers
      .conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeds.initializer() })
      .apply(x) as tf.SymbolicTensor;
  }
  const logits = tf.layers
    .conv2d({ filters: h.channels, kernelSize: 3, padding: 'same', name: 'logits', kernelInitializer: seeds.initializer() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: logits, name: 'decoder' });
}
