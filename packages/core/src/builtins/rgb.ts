import { z } from 'zod';
import { definePreprocessor } from '@atelier/plugin-api';
import { withImages } from './batch.js';

const params = z.strictObject({});

export const rgb = definePreprocessor<z.infer<typeof params>>({
  id: 'image.rgb',
  title: 'RGB',
  description: 'Repeats a gray channel three times so gray images fit models trained on colour; RGB passes through.',
  params,
  outputShape: (_ctx, input) => ({ ...input, channels: 3 }),
  apply(ctx, batch) {
    const { tf } = ctx;
    return withImages(batch, tf.tidy(() => (batch.images.shape[3] === 1 ? tf.tile(batch.images, [1, 1, 1, 3]) : batch.images.clone())));
  },
});
