import { defineEditor, z, type Tensor4D } from '@atelier/plugin-api';

const params = z.strictObject({
  size: z.number().int().min(2).max(64).default(4).describe('Side of one pixel block, in pixels'),
  levels: z.number().int().min(2).max(256).optional().describe('Grey levels per channel after pixelating (a reduced palette)'),
});

export const pixelate = defineEditor<z.infer<typeof params>>({
  id: 'pixelate.blocks',
  title: 'Pixelate',
  description: 'Replaces each size×size block by its mean colour (blocks start at the top left); `levels` also posterizes.',
  params,
  inputs: 1,
  async apply(ctx, [batch], { size, levels }) {
    const { tf } = ctx;
    const [, height, width] = batch.images.shape;
    const images = tf.tidy(() => {
      // Mean per block ('same' pads the last partial block), then each mean painted back over its block.
      const means = tf.avgPool(batch.images, size, size, 'same');
      const blocks = tf.image.resizeNearestNeighbor(means, [Math.ceil(height / size) * size, Math.ceil(width / size) * size]);
      const cropped = tf.slice(blocks, [0, 0, 0, 0], [-1, height, width, -1]);
      if (levels === undefined) return cropped as Tensor4D;
      return tf.div(tf.round(tf.mul(cropped, levels - 1)), levels - 1) as Tensor4D;
    });
    return { images, meta: batch.meta.map((m) => ({ ...m, pixelated: size })), range: 'unit' };
  },
});
