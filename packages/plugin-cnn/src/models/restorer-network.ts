import { tf, type LayersModel, type RandomSource } from '@atelier/plugin-api';
import type { RestorerHyperparameters } from './restorer-hyperparameters.js';

/**
 * A small U-Net: conv + max-pool levels down, nearest up-sampling with skip connections back up.
 * Inputs are the corrupted image and a one-channel mask (1 where pixels are missing), so one network
 * serves denoise, upscale and inpaint. It predicts a correction added to the image, starting from
 * zero: a fresh network is the identity, and training only has to learn what to fix. Spatial sizes
 * are left open: it restores images of any size whose sides are multiples of 2^levels.
 */
export function buildRestorerNetwork(h: RestorerHyperparameters, random: RandomSource): LayersModel {
  const conv = (filters: number, x: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers
      .conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: random.nextSeed() }) })
      .apply(x) as tf.SymbolicTensor;
  const image = tf.input({ shape: [null, null, h.channels], name: 'image' });
  const mask = tf.input({ shape: [null, null, 1], name: 'mask' });
  const skips: tf.SymbolicTensor[] = [];
  let x = tf.layers.concatenate().apply([image, mask]) as tf.SymbolicTensor;
  for (let level = 0; level < h.levels; level++) {
    x = conv(h.filters * 2 ** level, x);
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  }
  x = conv(h.filters * 2 ** h.levels, x);
  for (let level = h.levels - 1; level >= 0; level--) {
    x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, skips[level]]) as tf.SymbolicTensor;
    x = conv(h.filters * 2 ** level, x);
  }
  const correction = tf.layers.conv2d({ filters: h.channels, kernelSize: 1, kernelInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.add().apply([image, correction]) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, mask], outputs: output, name: 'restorer' });
}
