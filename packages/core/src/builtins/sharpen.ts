import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { clipToRange, withImages } from './batch.js';
import { gaussianBlur } from './gaussian.js';
import { sigma } from './params.js';

const params = z.strictObject({
  sigma: sigma.default(1),
  amount: z.number().min(0).max(10).default(1),
});

export const sharpen = defineEditor<z.infer<typeof params>>({
  id: 'image.sharpen',
  title: 'Sharpen',
  description: 'Unsharp mask: adds amount × (image − Gaussian blur of sigma) and clips.',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    const { tf } = ctx;
    const images = tf.tidy(() => {
      const detail = tf.sub(batch.images, gaussianBlur(tf, batch.images, p.sigma));
      return clipToRange(tf, tf.add(batch.images, tf.mul(detail, p.amount)), batch.range);
    });
    return withImages(batch, images);
  },
});
