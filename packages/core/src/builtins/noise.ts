import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { clipToRange, withImages } from './batch.js';

const params = z.strictObject({
  /** Standard deviation of the noise, in [0, 1] pixel units. */
  amount: z.number().min(0).max(1).default(0.1),
});

export const noise = defineEditor<z.infer<typeof params>>({
  id: 'image.noise',
  title: 'Add noise',
  description: 'Adds Gaussian noise of standard deviation amount, seeded by the step: same seed, same noise.',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    const { tf } = ctx;
    const seed = ctx.random.nextSeed();
    const images = tf.tidy(() => {
      const noise = tf.randomNormal(batch.images.shape, 0, p.amount, 'float32', seed);
      return clipToRange(tf, tf.add(batch.images, noise), batch.range);
    });
    return withImages(batch, images);
  },
});
