import { z } from 'zod';
import { defineEditor, keepsInputShape } from '@atelier/plugin-api';
import { withImages } from './batch.js';
import { checkSameSize } from './same-size.js';

const params = z.strictObject({});

/**
 * Measures how far a batch is from a reference batch of the same size (restored images against the
 * originals): mean squared error and PSNR over all pixels, and the error of each image.
 */
export const compare = defineEditor<z.infer<typeof params>>({
  id: 'image.compare',
  title: 'Compare with a reference',
  description:
    'Records `comparison` — the mean squared error of the first batch against the second (in [0, 1] pixel units), its PSNR in dB, and each image’s error — and passes the first batch through unchanged.',
  params,
  inputs: 2,
  inputNames: ['image', 'reference'],
  outputShape: keepsInputShape,
  async apply(ctx, [image, reference]) {
    checkSameSize('image.compare', [image, reference]);
    const { tf } = ctx;
    const perImage = tf.tidy(() => tf.mean(tf.squaredDifference(image.images, reference.images), [1, 2, 3]));
    const errors = Array.from(await perImage.data());
    perImage.dispose();
    const mse = errors.reduce((sum, e) => sum + e, 0) / errors.length;
    ctx.record('comparison', { mse, psnr: mse > 0 ? 10 * Math.log10(1 / mse) : null, perImage: errors });
    return withImages(image, tf.clone(image.images));
  },
});
