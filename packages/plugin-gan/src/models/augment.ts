import { shardRandomUniform, type Tensor, type Tensor3D, type Tensor4D, tf } from '@atelier/plugin-api';

export type DiscriminatorAugment = 'none' | 'translation' | 'translation-cutout';

/**
 * Differentiable augmentation (Zhao et al. 2020, DiffAugment): every image the discriminator sees,
 * real or generated, in both updates, is shifted by up to 1/8 of its side and, with cutout, has a
 * square of half its side blanked, each at random per image. The discriminator cannot memorise a
 * small data set through it, and since the same transform is applied to generated images inside the
 * generator's gradient, the generator still learns the un-augmented distribution. Pixels are in
 * [-1, 1]; what moves in, or is cut out, is background (-1). Draws are per image of the global
 * batch (`shardRandomUniform`), so K workers augment as one would.
 */
export function augmentForDiscriminator(images: Tensor4D, augment: DiscriminatorAugment, seed: number): Tensor4D {
  if (augment === 'none') return images;
  return tf.tidy(() => {
    const [count, height, width] = images.shape;
    const draws = shardRandomUniform([count, 4], seed).arraySync() as number[][];
    const reach = (side: number) => Math.round(side / 8);
    const shift = (u: number, side: number) => Math.floor(u * (2 * reach(side) + 1)) - reach(side);
    // Shifting the offset image (background 0) by permutation-like matrices pads with background.
    let lifted: Tensor4D = tf.add(images, 1);
    lifted = shiftRows(lifted, draws.map((d) => shift(d[0], height)));
    lifted = tf.transpose(shiftRows(tf.transpose(lifted, [0, 2, 1, 3]) as Tensor4D, draws.map((d) => shift(d[1], width))), [0, 2, 1, 3]) as Tensor4D;
    if (augment === 'translation-cutout') {
      const mask = cutoutMask(draws.map((d) => [d[2], d[3]]), height, width);
      lifted = tf.mul(lifted, tf.reshape(mask, [count, height, width, 1]));
    }
    return tf.sub(lifted, 1) as Tensor4D;
  });
}

/** Row r of image i becomes row r − shifts[i] (rows shifted in from outside are 0), as a batched matrix product so gradients flow. */
function shiftRows(images: Tensor4D, shifts: number[]): Tensor4D {
  const [count, height, width, channels] = images.shape;
  const matrices = new Float32Array(count * height * height);
  shifts.forEach((by, i) => {
    for (let row = 0; row < height; row++) {
      const source = row - by;
      if (source >= 0 && source < height) matrices[(i * height + row) * height + source] = 1;
    }
  });
  const flat = tf.reshape(images, [count, height, width * channels]) as Tensor3D;
  return tf.reshape(tf.matMul(tf.tensor3d(matrices, [count, height, height]), flat), [count, height, width, channels]) as Tensor4D;
}

/** Per image, 0 inside a square of half the image's side centred at a random point (clipped at the edges), 1 elsewhere. */
function cutoutMask(centres: number[][], height: number, width: number): Tensor {
  const mask = new Float32Array(centres.length * height * width).fill(1);
  const half = (side: number) => Math.floor(side / 4);
  centres.forEach(([u, v], i) => {
    const cy = Math.floor(u * height);
    const cx = Math.floor(v * width);
    for (let y = Math.max(0, cy - half(height)); y < Math.min(height, cy + half(height)); y++)
      for (let x = Math.max(0, cx - half(width)); x < Math.min(width, cx + half(width)); x++) mask[(i * height + y) * width + x] = 0;
  });
  return tf.tensor3d(mask, [centres.length, height, width]);
}
