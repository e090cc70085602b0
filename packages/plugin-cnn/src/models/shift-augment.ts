import { createRandom, deriveSeed, tf, type Tensor4D } from '@atelier/core';

/**
 * Moves each image by a whole number of pixels, up to `shift` each way, filling with 0 (the
 * background of digits). The offsets of an image depend only on the seed and its data set index,
 * so a shard of a global batch gets the same offsets on any number of workers.
 */
export function shiftImages(images: Tensor4D, indices: ArrayLike<number>, shift: number, seed: number): Tensor4D {
  if (shift === 0) return tf.clone(images);
  return tf.tidy(() => {
    const [count, height, width] = images.shape;
    const padded = tf.pad(images, [[0, 0], [shift, shift], [shift, shift], [0, 0]]);
    const [paddedHeight, paddedWidth] = [height + 2 * shift, width + 2 * shift];
    const boxes: number[][] = [];
    for (let i = 0; i < count; i++) {
      const random = createRandom(deriveSeed(seed, String(indices[i])));
      const top = Math.floor(random.next() * (2 * shift + 1));
      const left = Math.floor(random.next() * (2 * shift + 1));
      // Box corners at pixel centres, so bilinear sampling reads whole pixels.
      boxes.push([top / (paddedHeight - 1), left / (paddedWidth - 1), (top + height - 1) / (paddedHeight - 1), (left + width - 1) / (paddedWidth - 1)]);
    }
    const boxIndices = tf.tensor1d(Array.from({ length: count }, (_, i) => i), 'int32');
    return tf.image.cropAndResize(padded as Tensor4D, tf.tensor2d(boxes), boxIndices, [height, width]) as Tensor4D;
  });
}
