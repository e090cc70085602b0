import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { withImages } from './batch.js';

const params = z.strictObject({ direction: z.enum(['horizontal', 'vertical']) });

export const flip = defineEditor<z.infer<typeof params>>({
  id: 'image.flip',
  title: 'Flip',
  description: 'Mirrors every image left–right (horizontal) or top–bottom (vertical).',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    return withImages(batch, ctx.tf.reverse(batch.images, p.direction === 'horizontal' ? 2 : 1));
  },
});
