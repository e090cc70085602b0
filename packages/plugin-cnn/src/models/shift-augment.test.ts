import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, type Tensor4D } from '@atelier/core';
import { shiftImages } from './shift-augment.js';

/** Eight 8×8 images, each dark but for one white pixel at (3, 4). */
const dots = (): Tensor4D => tf.tidy(() => tf.tile(tf.scatterND([[3, 4, 0]], [1], [8, 8, 1]).reshape([1, 8, 8, 1]), [8, 1, 1, 1]) as Tensor4D);

const dotPositions = (images: Tensor4D) => {
  const values = images.arraySync();
  return values.map((image) => image.flatMap((row, y) => row.flatMap((pixel, x) => (pixel[0] > 0.5 ? [[y, x]] : []))));
};

describe('shiftImages', () => {
  beforeAll(async () => {
    await initEngine('wasm');
  });

  it('moves each image by whole pixels within the limit, by offsets fixed by the seed and the image index', () => {
    const before = tf.memory().numTensors;
    const images = dots();
    const indices = [0, 1, 2, 3, 4, 5, 6, 7];
    const shifted = shiftImages(images, indices, 2, 9);
    const positions = dotPositions(shifted);
    for (const found of positions) {
      expect(found).toHaveLength(1);
      expect(Math.abs(found[0][0] - 3)).toBeLessThanOrEqual(2);
      expect(Math.abs(found[0][1] - 4)).toBeLessThanOrEqual(2);
    }
    expect(new Set(positions.map((p) => p.join())).size).toBeGreaterThan(1);
    // The same image index gets the same offset in another batch (another worker's shard).
    const fifth = tf.slice(images, 5, 1) as Tensor4D;
    const alone = shiftImages(fifth, [5], 2, 9);
    expect(dotPositions(alone)[0]).toEqual(positions[5]);
    const unshifted = shiftImages(images, indices, 0, 9);
    expect(Array.from(unshifted.dataSync())).toEqual(Array.from(images.dataSync()));
    tf.dispose([images, shifted, fifth, alone, unshifted]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
