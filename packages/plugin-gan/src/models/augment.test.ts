import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor4D, tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { augmentForDiscriminator } from './augment.js';

beforeAll(async () => {
  await initEngine('cpu');
});

/** 8 images of 16×16 on background -1, each with one bright pixel at (5 + i % 4, 6) and a dimmer one at (9, 9 - i % 3). */
function dots(): { images: Tensor4D; pixels: [number, number, number][][] } {
  const pixels = Array.from({ length: 8 }, (_, i): [number, number, number][] => [[5 + (i % 4), 6, 1], [9, 9 - (i % 3), 0.5]]);
  const values = new Float32Array(8 * 16 * 16).fill(-1);
  pixels.forEach((image, i) => image.forEach(([y, x, v]) => (values[(i * 16 + y) * 16 + x] = v)));
  return { images: tf.tensor4d(values, [8, 16, 16, 1]), pixels };
}

const nonBackground = (image: number[][]) =>
  image.flatMap((row, y) => row.flatMap((v, x) => (v > -1 + 1e-6 ? [[y, x, Number(v.toFixed(5))]] : [])));

describe('augmentForDiscriminator', () => {
  it('shifts each image by at most 1/8 of its side, moving every pixel alike and padding with background', () => {
    const { images, pixels } = dots();
    const before = tf.memory().numTensors;
    const shifted = augmentForDiscriminator(images, 'translation', 5);
    const out = (shifted.arraySync() as number[][][][]).map((image) => nonBackground(image.map((row) => row.map(([v]) => v))));
    shifted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const offsets = out.map((found, i) => {
      expect(found).toHaveLength(2);
      const [dy, dx] = [found[0][0] - pixels[i][0][0], found[0][1] - pixels[i][0][1]];
      expect(Math.abs(dy)).toBeLessThanOrEqual(2);
      expect(Math.abs(dx)).toBeLessThanOrEqual(2);
      expect(found).toEqual(pixels[i].map(([y, x, v]) => [y + dy, x + dx, v]));
      return `${dy},${dx}`;
    });
    // Drawn per image: not one shift for the batch.
    expect(new Set(offsets).size).toBeGreaterThan(1);
    const again = augmentForDiscriminator(images, 'translation', 5);
    const other = augmentForDiscriminator(images, 'translation', 6);
    expect(again.arraySync()).toEqual(augmentForDiscriminator(images, 'translation', 5).arraySync());
    expect(other.arraySync()).not.toEqual(again.arraySync());
    tf.dispose([images, again, other]);
  });

  it('cuts out a square of at most half the side, filled with background', () => {
    const flat = tf.fill([8, 16, 16, 1], 0.25) as Tensor4D;
    const cut = augmentForDiscriminator(flat, 'translation-cutout', 3);
    const values = cut.arraySync() as number[][][][];
    for (const image of values) {
      const blank = image.flatMap((row, y) => row.flatMap((v, x) => (v[0] === -1 ? [[y, x]] : [])));
      // Shifted-in background lies along edges; the cut square is at most 8×8 on top of it.
      const inner = blank.filter(([y, x]) => y >= 2 && y < 14 && x >= 2 && x < 14);
      expect(inner.length).toBeGreaterThan(0);
      const ys = inner.map(([y]) => y);
      const xs = inner.map(([, x]) => x);
      expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(8);
      expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(8);
      expect(image.flat(2).every((v) => v === -1 || Math.abs(v - 0.25) < 1e-6)).toBe(true);
    }
    tf.dispose([flat, cut]);
  });

  it('passes gradients through to the images, and leaves them alone with none', () => {
    const { images } = dots();
    const weights = tf.randomUniform([8, 16, 16, 1], 0, 1, 'float32', 9);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(augmentForDiscriminator(x as Tensor4D, 'translation', 5), weights)))(images);
    // Each output pixel copies one input pixel: the gradient is the weights moved back, so its sum
    // is the weights' sum less what fell off the edge, and every entry is one of the weights.
    const total = grad.sum().arraySync() as number;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual((weights.sum().arraySync() as number) + 1e-3);
    expect(augmentForDiscriminator(images, 'none', 5)).toBe(images);
    tf.dispose([images, weights, grad]);
  });
});
