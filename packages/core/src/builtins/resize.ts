import { z } from 'zod';
import { definePreprocessor, type Tensor4D } from '@atelier/plugin-api';
import { pixelValue, withImages } from './batch.js';
import { pixelSize, unitValue } from './params.js';

const params = z.strictObject({
  width: pixelSize,
  height: pixelSize,
  /** fill: stretch; contain: fit inside and pad; cover: fill the frame and crop the overflow. */
  fit: z.enum(['fill', 'contain', 'cover']).default('fill'),
  /** Gray level of the padding `contain` adds, in [0, 1]. */
  background: unitValue.default(0),
});

export const resize = definePreprocessor<z.infer<typeof params>>({
  id: 'image.resize',
  title: 'Resize',
  description: 'Bilinear resize to width × height, stretching (fill), padding (contain) or cropping (cover).',
  params,
  outputShape: (_ctx, input, p) => ({ ...input, width: p.width, height: p.height, setBy: { width: 'with.width', height: 'with.height' } }),
  apply(ctx, batch, p) {
    const { tf } = ctx;
    const [, height, width] = batch.images.shape;
    const images = tf.tidy((): Tensor4D => {
      if (p.fit === 'fill') return tf.image.resizeBilinear(batch.images, [p.height, p.width], false, true);
      const scales = [p.width / width, p.height / height];
      const scale = p.fit === 'contain' ? Math.min(...scales) : Math.max(...scales);
      // Clamp so rounding never crosses the frame: contain stays inside it, cover stays over it.
      const round = (size: number, target: number) =>
        p.fit === 'contain' ? Math.min(target, Math.max(1, Math.round(size * scale))) : Math.max(target, Math.round(size * scale));
      const h = round(height, p.height);
      const w = round(width, p.width);
      const scaled = tf.image.resizeBilinear(batch.images, [h, w], false, true);
      const top = Math.floor(Math.abs(h - p.height) / 2);
      const left = Math.floor(Math.abs(w - p.width) / 2);
      if (p.fit === 'cover') return tf.slice(scaled, [0, top, left, 0], [-1, p.height, p.width, -1]);
      const pad: Array<[number, number]> = [[0, 0], [top, p.height - h - top], [left, p.width - w - left], [0, 0]];
      return tf.pad(scaled, pad, pixelValue(p.background, batch.range));
    });
    return withImages(batch, images);
  },
});
