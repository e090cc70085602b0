import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { pixelValue, withImages } from './batch.js';
import { pixelOffset, pixelSize, unitValue } from './params.js';
import { checkRect } from './rect.js';

const params = z.strictObject({
  x: pixelOffset,
  y: pixelOffset,
  width: pixelSize,
  height: pixelSize,
  /** Gray level the rectangle is filled with, in [0, 1]. */
  fill: unitValue.default(0),
});

export const mask = defineEditor<z.infer<typeof params>>({
  id: 'image.mask',
  title: 'Mask a rectangle',
  description: 'Fills a rectangle of every image and records it as meta.mask, the region inpainting editors fill in.',
  params,
  inputs: 1,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], p) {
    const { tf } = ctx;
    const [, height, width] = batch.images.shape;
    checkRect(p, height, width);
    const images = tf.tidy(() => {
      const inside = tf.pad(tf.ones([1, p.height, p.width, 1]), [[0, 0], [p.y, height - p.y - p.height], [p.x, width - p.x - p.width], [0, 0]]);
      // Multiplying by exactly 0 or 1 keeps the pixels outside the rectangle bit for bit.
      const kept = tf.mul(batch.images, tf.sub(1, inside));
      return tf.add(kept, tf.mul(inside, pixelValue(p.fill, batch.range)));
    });
    const rect = { x: p.x, y: p.y, width: p.width, height: p.height };
    return withImages(batch, images as typeof batch.images, batch.meta.map((m) => ({ ...m, mask: { ...rect } })));
  },
});
