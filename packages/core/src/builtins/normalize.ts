import { z } from 'zod';
import { definePreprocessor, keepsInputShape, type Tensor4D } from '@atelier/plugin-api';

const params = z.strictObject({ range: z.enum(['unit', 'symmetric']) });

export const normalize = definePreprocessor<z.infer<typeof params>>({
  id: 'image.normalize',
  title: 'Normalise value range',
  description: 'Maps pixel values between [0, 1] (unit) and [-1, 1] (symmetric), e.g. for tanh generators.',
  params,
  outputShape: keepsInputShape,
  apply(ctx, batch, p) {
    const { tf } = ctx;
    const from = batch.range ?? 'unit';
    const images = tf.tidy((): Tensor4D => {
      if (from === p.range) return batch.images.clone();
      return p.range === 'symmetric' ? tf.sub(tf.mul(batch.images, 2), 1) : tf.div(tf.add(batch.images, 1), 2);
    });
    return { images, meta: batch.meta.map((m) => ({ ...m })), range: p.range };
  },
});
