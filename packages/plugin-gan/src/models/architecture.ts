import { tf, deriveSeed } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';

/** Size of the generator's first feature map and how many ×2 upsamplings reach the image size. */
export function ladder(imageSize: GanHyperparameters['imageSize']): { base: number; levels: number } {
  const base = imageSize === 28 ? 7 : 4;
  return { base, levels: Math.log2(imageSize / base) };
}

/** Filter count at a ladder level: the widest near the latent, `width` next to the image. */
export function filtersAt(width: number, levels: number, level: number): number {
  return width * 2 ** (levels - 1 - level);
}

/** DCGAN's N(0, 0.02) initialiser, seeded per layer so a training seed fixes every weight. */
export function initializer(seed: number, layer: string) {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: deriveSeed(seed, layer) });
}
