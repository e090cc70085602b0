import { z } from 'zod';
import { defineEditor, keepsInputShape, type Tensor4D } from '@atelier/plugin-api';
import { clipToRange, pixelValue, withImages } from './batch.js';
import { luminance } from './luminance.js';

const params = z.strictObject({
  /** Added to every pixel, in [0, 1] units. */
  brightness: z.number().min(-1).max(1).default(0),
  /** Stretches values away from mid-gray (0.5); 0 gives flat gray. */
  contrast: z.number().min(0).max(10).default(1),
  /** Blends between the luminance (0) and the colour (1) and beyond; gray images are unchanged. */
  saturation: z.number().min(0).max(10).default(1),
});

export const adjust = defineEditor<z.infer<typeof params>>({
  id: 'image.adjust',
  title: 'Brightness, contrast, saturation',
  description: 'Adjusts brightness (offset), contrast (around mid-gray) and saturation; defaults change nothing.',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    const { tf } = ctx;
    const images = tf.tidy(() => {
      // Each adjustment is skipped at its identity value, so defaults return the exact input values.
      let x: Tensor4D = batch.images;
      // Mid-gray and the brightness step in the batch's own range (a symmetric batch spans 2, not 1).
      const middle = pixelValue(0.5, batch.range);
      const scale = 1 - pixelValue(0, batch.range);
      const channels = x.shape[3];
      if (p.saturation !== 1 && channels === 3) {
        const gray = luminance(tf, x);
        x = tf.add(gray, tf.mul(tf.sub(x, gray), p.saturation));
      }
      if (p.contrast !== 1) x = tf.add(tf.mul(tf.sub(x, middle), p.contrast), middle);
      if (p.brightness !== 0) x = tf.add(x, p.brightness * scale);
      return x === batch.images ? x.clone() : clipToRange(tf, x, batch.range);
    });
    return withImages(batch, images);
  },
});
