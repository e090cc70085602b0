import { z } from 'zod';
import { defineEditor, maskFromImage, type Tensor4D } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { combinedShape } from './blend.js';
import { checkSameSize } from './same-size.js';

const params = z.strictObject({
  /** Take the fill where the mask is dark instead of where it is light. */
  invert: z.boolean().default(false),
});

export const composite = defineEditor<z.infer<typeof params>>({
  id: 'image.composite',
  title: 'Composite through a mask',
  description: 'Takes the fill source where the mask image is light (above ½) and the image elsewhere; all three of one size.',
  params,
  inputs: 3,
  inputNames: ['image', 'mask', 'fill'],
  outputShape: combinedShape,
  async apply(ctx, [image, mask, fill], p) {
    checkSameSize('image.composite', [image, mask, fill]);
    const { tf } = ctx;
    const binary = maskFromImage(tf, mask, image);
    try {
      const images = tf.tidy(() => {
        const where = p.invert ? tf.sub(1, binary) : binary;
        // Exactly 0 or 1, so the kept pixels of each source stay bit for bit.
        return tf.add(tf.mul(image.images, tf.sub(1, where)), tf.mul(fill.images, where)) as Tensor4D;
      });
      return withImages(image, images);
    } finally {
      binary.dispose();
    }
  },
});
