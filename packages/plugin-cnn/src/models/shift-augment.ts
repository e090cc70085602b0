import { createRandom, deriveSeed, tf, type Tensor4D } from '@atelier/plugin-api';

export interface Augmentation {
  /** Whole pixels each way. */
  shift: number;
  /** Degrees each way. */
  rotate: number;
  /** Fraction of the size each way. */
  scale: number;
}

/**
 * The classifier's training augmentation: whole-pixel shifts alone (`shiftImages`), or, with a
 * rotation or zoom, one bilinear affine warp per image about its centre, filling with 0. As with
 * the shifts, an image's warp depends only on the seed and its data set index.
 */
export function augmentImages(images: Tensor4D, indices: ArrayLike<number>, augmentation: Augmentation, seed: number): Tensor4D {
  const { shift, rotate, scale } = augmentation;
  if (rotate === 0 && scale === 0) return shiftImages(images, indices, shift, seed);
  return tf.tidy(() => {
    const [count, height, width] = images.shape;
    const [centreX, centreY] = [(width - 1) / 2, (height - 1) / 2];
    const transforms: number[][] = [];
    for (let i = 0; i < count; i++) {
      const random = createRandom(deriveSeed(seed, String(indices[i])));
      const between = (limit: number) => (2 * random.next() - 1) * limit;
      const angle = (between(rotate) * Math.PI) / 180;
      const zoom = 1 + between(scale);
      const [moveX, moveY] = [Math.round(between(shift)), Math.round(between(shift))];
      // tf.image.transform maps each output pixel to the input point it samples: the inverse warp.
      const [cos, sin] = [Math.cos(angle) / zoom, Math.sin(angle) / zoom];
      const [fromX, fromY] = [centreX + moveX, centreY + moveY];
      transforms.push([cos, sin, centreX - cos * fromX - sin * fromY, -sin, cos, centreY + sin * fromX - cos * fromY, 0, 0]);
    }
    return tf.image.transform(images, tf.tensor2d(transforms), 'bilinear', 'constant', 0) as Tensor4D;
  });
}

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
