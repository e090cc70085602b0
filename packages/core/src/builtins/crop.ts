import { z } from 'zod';
import { defineEditor } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { pixelOffset, pixelSize } from './params.js';
import { checkRect } from './rect.js';

const params = z.strictObject({ x: pixelOffset, y: pixelOffset, width: pixelSize, height: pixelSize });

export const crop = defineEditor<z.infer<typeof params>>({
  id: 'image.crop',
  title: 'Crop',
  description: 'Keeps the rectangle at (x, y) of width × height pixels of every image.',
  params,
  inputs: 1,
  outputShape: (_ctx, [input], p) => ({ ...input, width: p.width, height: p.height, setBy: { width: 'with.width', height: 'with.height' } }),
  async apply(ctx, [batch], p) {
    const [count, height, width, channels] = batch.images.shape;
    checkRect(p, height, width);
    const images = ctx.tf.slice(batch.images, [0, p.y, p.x, 0], [count, p.height, p.width, channels]);
    return withImages(batch, images);
  },
});
