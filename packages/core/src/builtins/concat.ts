import { z } from 'zod';
import { AtelierError, defineEditor, type Tensor4D } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { combinedShape } from './blend.js';

const params = z.strictObject({});

/**
 * One batch from two of one image size: the first batch's images, then the second's (before/after
 * rows of a grid). A gray batch is broadcast to colour when the other is in colour.
 */
export const concat = defineEditor<z.infer<typeof params>>({
  id: 'image.concat',
  title: 'Join two batches',
  description: 'Joins two batches of one image size into one: the first batch’s images, then the second’s, with their metadata.',
  params,
  inputs: 2,
  inputNames: ['first batch', 'second batch'],
  inputCounts: 'any',
  outputShape(ctx, inputs) {
    const [first, second] = inputs;
    const count = first.count === null || second.count === null ? null : first.count + second.count;
    return { ...combinedShape(ctx, inputs), count };
  },
  async apply(ctx, [first, second]) {
    const [, height, width, firstChannels] = first.images.shape;
    const [, h, w, secondChannels] = second.images.shape;
    if (h !== height || w !== width) {
      throw new AtelierError('BAD_USER_INPUT', `image.concat: input 2 is ${w}×${h} and input 1 is ${width}×${height}; image sizes must agree`, { path: 'from[1]' });
    }
    const { tf } = ctx;
    const channels = Math.max(firstChannels, secondChannels);
    const images = tf.tidy(() => {
      const widen = (t: Tensor4D) => (t.shape[3] === channels ? t : tf.tile(t, [1, 1, 1, channels]));
      return tf.concat([widen(first.images), widen(second.images)]) as Tensor4D;
    });
    return withImages(first, images, [...first.meta, ...second.meta].map((m) => ({ ...m })));
  },
});
