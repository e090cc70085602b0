import { z } from 'zod';
import { defineEditor, type ImageShape, type OutputShape, type Tensor4D } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { unitValue } from './params.js';
import { checkSameSize } from './same-size.js';

const params = z.strictObject({
  /** Weight of the second input: 0 gives the first image, 1 the second. */
  alpha: unitValue.default(0.5),
});

/** Two inputs of one size make one batch of that size, in colour when either is. */
export function combinedShape(_ctx: unknown, [first, ...others]: ImageShape[]): OutputShape {
  const channels = [first, ...others].some((shape) => shape.channels === 3) ? 3 : first.channels;
  return { ...first, channels };
}

export const blend = defineEditor<z.infer<typeof params>>({
  id: 'image.blend',
  title: 'Blend two images',
  description: 'Mixes two batches of one size pixel by pixel: (1 − alpha) × first + alpha × second.',
  params,
  inputs: 2,
  inputNames: ['first image', 'second image'],
  outputShape: combinedShape,
  async apply(ctx, [first, second], p) {
    checkSameSize('image.blend', [first, second]);
    const { tf } = ctx;
    const images = tf.tidy(() => tf.add(tf.mul(first.images, 1 - p.alpha), tf.mul(second.images, p.alpha)) as Tensor4D);
    return withImages(first, images);
  },
});
