import type { tf as Tf, Tensor4D } from '@atelier/plugin-api';

function kernel1d(sigma: number, radius: number): number[] {
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/**
 * Separable Gaussian blur: one depthwise pass along each axis. Edges are mirrored, not zero-padded,
 * so borders do not darken; the radius (3σ) is capped below the image side so mirroring stays valid.
 * Always returns a new tensor. Call inside `tf.tidy`.
 */
export function gaussianBlur(tf: typeof Tf, images: Tensor4D, sigma: number): Tensor4D {
  const [, height, width, channels] = images.shape;
  const pass = (input: Tensor4D, axis: 'x' | 'y'): Tensor4D => {
    const radius = Math.min(Math.ceil(3 * sigma), (axis === 'x' ? width : height) - 1);
    if (radius === 0) return input;
    const weights = kernel1d(sigma, radius);
    const size = weights.length;
    const filterShape: [number, number, number, number] = axis === 'x' ? [1, size, channels, 1] : [size, 1, channels, 1];
    const filter = tf.tensor4d(weights.flatMap((w) => new Array<number>(channels).fill(w)), filterShape);
    const pad: Array<[number, number]> = axis === 'x' ? [[0, 0], [0, 0], [radius, radius], [0, 0]] : [[0, 0], [radius, radius], [0, 0], [0, 0]];
    return tf.depthwiseConv2d(tf.mirrorPad(input, pad, 'reflect'), filter, 1, 'valid');
  };
  const blurred = pass(pass(images, 'x'), 'y');
  // A 1×1 image has nothing to blur; still hand back a tensor of our own.
  return blurred === images ? images.clone() : blurred;
}
