import { z } from 'zod';
import { definePreprocessor, keepsInputShape } from '@atelier/plugin-api';
import { withImages } from './batch.js';

const params = z.strictObject({ probability: z.number().min(0).max(1).default(0.5) });

export const augmentFlip = definePreprocessor<z.infer<typeof params>>({
  id: 'augment.flip',
  title: 'Random horizontal flip',
  description: 'Mirrors each image left–right with the given probability, drawn from the seeded random stream.',
  params,
  trainingOnly: true,
  outputShape: keepsInputShape,
  apply(ctx, batch, p) {
    const { tf } = ctx;
    const count = batch.images.shape[0];
    const chosen = Array.from({ length: count }, () => (ctx.random.next() < p.probability ? 1 : 0));
    const images = tf.tidy(() => {
      const pick = tf.tensor4d(chosen, [count, 1, 1, 1]);
      // Weights of exactly 0 and 1 select whole images without changing a single value.
      return tf.add(tf.mul(batch.images, tf.sub(1, pick)), tf.mul(tf.reverse(batch.images, 2), pick));
    });
    return withImages(batch, images as typeof batch.images);
  },
});
