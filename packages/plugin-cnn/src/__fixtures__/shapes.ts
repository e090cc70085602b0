import { createRandom, tf, type Tensor1D, type Tensor4D } from '@atelier/plugin-api';

export const shapeLabels = ['horizontal', 'vertical', 'box'];

/**
 * Labelled grayscale images drawn by code: a horizontal bar, a vertical bar or a hollow box at a
 * seeded position on a dark background — learnable by a tiny CNN in a few dozen steps.
 */
export function shapeImages(count: number, size: number, seed: number): { images: Tensor4D; labels: Tensor1D } {
  const random = createRandom(seed);
  const pixels = new Float32Array(count * size * size);
  const labels = new Float32Array(count);
  const at = (i: number, y: number, x: number) => (pixels[(i * size + y) * size + x] = 0.9);
  for (let i = 0; i < count; i++) {
    const label = i % shapeLabels.length;
    labels[i] = label;
    const a = 1 + Math.floor(random.next() * (size - 4));
    const b = 1 + Math.floor(random.next() * (size - 4));
    for (let t = 0; t < size; t++) {
      if (label === 0) at(i, a, t);
      if (label === 1) at(i, t, a);
    }
    if (label === 2) {
      for (let t = 0; t < 3; t++) {
        at(i, a, b + t);
        at(i, a + 2, b + t);
        at(i, a + t, b);
        at(i, a + t, b + 2);
      }
    }
  }
  return { images: tf.tensor4d(pixels, [count, size, size, 1]), labels: tf.tensor1d(labels) };
}
