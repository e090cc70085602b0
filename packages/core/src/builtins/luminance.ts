import type { tf as Tf, Tensor4D } from '@atelier/plugin-api';

/** Rec. 601 luma weights, the ones libvips and most image tools use for RGB → gray. */
const weights = [0.299, 0.587, 0.114];

/** `[n, h, w, 3]` → `[n, h, w, 1]` gray values; call inside `tf.tidy`. */
export function luminance(tf: typeof Tf, images: Tensor4D): Tensor4D {
  return tf.sum(tf.mul(images, tf.tensor1d(weights)), 3, true);
}
