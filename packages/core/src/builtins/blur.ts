import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { gaussianBlur } from './gaussian.js';
import { sigma } from './params.js';

const params = z.strictObject({ sigma });

export const blur = defineEditor<z.infer<typeof params>>({
  id: 'image.blur',
  title: 'Blur',
  description: 'Gaussian blur with standard deviation sigma (pixels).',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    return withImages(batch, ctx.tf.tidy(() => gaussianBlur(ctx.tf, batch.images, p.sigma)));
  },
});
