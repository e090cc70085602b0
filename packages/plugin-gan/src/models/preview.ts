import { deriveSeed, type ImageBatch, type LayersModel, type Tensor2D, tf } from '@atelier/plugin-api';
import { generateUnit } from './forward.js';
import { imageSeed, latentFromSeed } from './latents.js';

const PREVIEW_COUNT = 16;

/** The same 16 latents at every preview of a run (classes cycled), so grids show progress, not noise. */
export function previewBatch(generator: LayersModel, options: { labelCount: number; latentSize: number; latentCategories: number; seed: number }): ImageBatch {
  const seed = deriveSeed(options.seed, 'preview');
  const latents = Array.from({ length: PREVIEW_COUNT }, (_, i) => latentFromSeed(imageSeed(seed, i), options.latentSize, undefined, options.latentCategories));
  const classes = Array.from({ length: PREVIEW_COUNT }, (_, i) => (options.labelCount > 0 ? i % options.labelCount : undefined));
  const images = tf.tidy(() => {
    const label = options.labelCount > 0 ? (tf.oneHot(classes as number[], options.labelCount).toFloat() as Tensor2D) : null;
    return generateUnit(generator, tf.tensor2d(latents), label);
  });
  return { images, meta: classes.map((label) => (label === undefined ? {} : { label })), range: 'unit' };
}
