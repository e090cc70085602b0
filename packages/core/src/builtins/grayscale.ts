import { z } from 'zod';
import { definePreprocessor } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { luminance } from './luminance.js';

const params = z.strictObject({});

export const grayscale = definePreprocessor<z.infer<typeof params>>({
  id: 'image.grayscale',
  title: 'Grayscale',
  description: 'Converts RGB images to one gray channel (Rec. 601 luminance); gray images pass through.',
  params,
  outputShape: (_ctx, input) => ({ ...input, channels: 1 }),
  apply(ctx, batch) {
    const { tf } = ctx;
    return withImages(batch, tf.tidy(() => (batch.images.shape[3] === 3 ? luminance(tf, batch.images) : batch.images.clone())));
  },
});
