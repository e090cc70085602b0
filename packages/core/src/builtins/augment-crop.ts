import { z } from 'zod';
import { definePreprocessor, keepsInputShape } from '@atelier/plugin-api';
import { pixelValue, withImages } from './batch.js';

const params = z.strictObject({ padding: z.number().int().min(0).max(64).default(4) });

export const augmentCrop = definePreprocessor<z.infer<typeof params>>({
  id: 'augment.crop',
  title: 'Random crop',
  description: 'Pads each image by padding pixels (black) and crops it back to its size at a seeded random offset.',
  params,
  trainingOnly: true,
  outputShape: keepsInputShape,
  apply(ctx, batch, p) {
    const { tf } = ctx;
    const [count, height, width, channels] = batch.images.shape;
    const span = 2 * p.padding + 1;
    const offsets = Array.from({ length: count }, () => [Math.floor(ctx.random.next() * span), Math.floor(ctx.random.next() * span)]);
    const images = tf.tidy(() => {
      const padded = tf.pad(batch.images, [[0, 0], [p.padding, p.padding], [p.padding, p.padding], [0, 0]], pixelValue(0, batch.range));
      const crops = offsets.map(([dy, dx], i) => tf.slice(padded, [i, dy, dx, 0], [1, height, width, channels]));
      return tf.concat(crops, 0);
    });
    return withImages(batch, images);
  },
});
