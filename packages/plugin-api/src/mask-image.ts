import { AtelierError } from './errors.js';
import type { tf as Tf, Tensor4D } from './tf.js';
import type { ImageBatch } from './image-batch.js';

/**
 * A painted mask image as a `[n, h, w, 1]` 0/1 mask: 1 where the mask is light (mean of its
 * channels above ½), resized (nearest neighbour, so it stays 0/1) to `size` when given. The mask
 * must be its image's size and count; validation refuses otherwise, and so does this at run time.
 */
export function maskFromImage(tf: typeof Tf, mask: ImageBatch, image: ImageBatch, size?: { width: number; height: number }): Tensor4D {
  const [count, height, width] = image.images.shape;
  const [maskCount, maskHeight, maskWidth] = mask.images.shape;
  if (maskCount !== count || maskWidth !== width || maskHeight !== height) {
    throw new AtelierError('BAD_USER_INPUT', `The mask is ${maskCount} × ${maskWidth}×${maskHeight}; its image is ${count} × ${width}×${height}`, {
      path: 'from[1]',
    });
  }
  return tf.tidy(() => {
    const binary = tf.cast(tf.greater(tf.mean(mask.images, 3, true), 0.5), 'float32') as Tensor4D;
    return size && (size.width !== width || size.height !== height) ? tf.image.resizeNearestNeighbor(binary, [size.height, size.width]) : binary;
  });
}
