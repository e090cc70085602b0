import { z } from 'zod';
import { defineEditor, type Tensor4D } from '@atelier/plugin-api';
import { withImages } from './batch.js';

// Quarter turns only: they move pixels without resampling, so no fill colour or blur is needed.
const params = z.strictObject({
  angle: z
    .number()
    .int()
    .min(-270)
    .max(270)
    .refine((a) => a % 90 === 0, { message: 'angle must be a multiple of 90 degrees (-270 … 270)' }),
});

/** Clockwise quarter turns in 0…3. */
const quarterTurns = (angle: number) => (((angle / 90) % 4) + 4) % 4;

export const rotate = defineEditor<z.infer<typeof params>>({
  id: 'image.rotate',
  title: 'Rotate',
  description: 'Turns every image clockwise by a multiple of 90 degrees (negative: anticlockwise).',
  params,
  inputs: 1,
  outputShape: (_ctx, [input], p) => (quarterTurns(p.angle) % 2 === 0 ? { ...input } : { ...input, width: input.height, height: input.width }),
  async apply(ctx, [batch], p) {
    const { tf } = ctx;
    const turns = quarterTurns(p.angle);
    const images = tf.tidy((): Tensor4D => {
      if (turns === 0) return batch.images.clone();
      if (turns === 2) return tf.reverse(batch.images, [1, 2]);
      const swapped = tf.transpose(batch.images, [0, 2, 1, 3]);
      // Clockwise: row i of the result is column i read bottom-up, i.e. transposed then mirrored.
      return tf.reverse(swapped, turns === 1 ? 2 : 1);
    });
    return withImages(batch, images);
  },
});
