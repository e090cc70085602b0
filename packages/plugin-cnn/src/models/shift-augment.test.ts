import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor4D } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { augmentImages, shiftImages } from './shift-augment.js';

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

/** One 17×17 image per angle test: dark but for a white pixel at (row, column). */
const dotAt = (count: number, row: number, column: number): Tensor4D =>
  tf.tidy(() => tf.tile(tf.scatterND([[row, column, 0]], [1], [17, 17, 1]).reshape([1, 17, 17, 1]), [count, 1, 1, 1]) as Tensor4D);

/** The brightness-weighted centre of each image, relative to the image centre (8, 8). */
const centres = (images: Tensor4D) =>
  images.arraySync().map((image) => {
    let [mass, y, x] = [0, 0, 0];
    image.forEach((row, r) => row.forEach(([pixel], c) => ((mass += pixel), (y += pixel * r), (x += pixel * c))));
    return { dy: y / mass - 8, dx: x / mass - 8, mass };
  });

describe('augmentImages', () => {
  beforeAll(async () => {
    await initEngine('wasm');
  });

  it('rotates about the centre by angles within the limit, fixed by the seed and the image index', () => {
    const before = tf.memory().numTensors;
    const images = dotAt(16, 8, 14);
    const indices = Array.from({ length: 16 }, (_, i) => i);
    const rotated = augmentImages(images, indices, { shift: 0, rotate: 40, scale: 0 }, 3);
    const angles = centres(rotated).map(({ dy, dx, mass }) => {
      // A rotation keeps the dot's distance from the centre and (up to bilinear spreading) its brightness.
      expect(Math.hypot(dy, dx)).toBeCloseTo(6, 0);
      expect(mass).toBeGreaterThan(0.6);
      expect(mass).toBeLessThan(1.4);
      return (Math.atan2(dy, dx) * 180) / Math.PI;
    });
    for (const angle of angles) expect(Math.abs(angle)).toBeLessThanOrEqual(40.5);
    expect(Math.max(...angles) - Math.min(...angles)).toBeGreaterThan(10);
    const third = tf.slice(images, 3, 1) as Tensor4D;
    const alone = augmentImages(third, [3], { shift: 0, rotate: 40, scale: 0 }, 3);
    expect(Array.from(alone.dataSync())).toEqual(Array.from(rotated.dataSync().subarray(3 * 17 * 17, 4 * 17 * 17)));
    tf.dispose([images, rotated, third, alone]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('zooms about the centre within the limit, keeping direction; shifts alone are the whole-pixel shifts', () => {
    const images = dotAt(16, 8, 14);
    const indices = Array.from({ length: 16 }, (_, i) => i);
    const zoomed = augmentImages(images, indices, { shift: 0, rotate: 0, scale: 0.3 }, 5);
    const distances = centres(zoomed).map(({ dy, dx }) => {
      expect(Math.abs(dy)).toBeLessThan(0.01);
      return dx;
    });
    for (const distance of distances) {
      expect(distance).toBeGreaterThanOrEqual(6 * 0.7 - 0.01);
      expect(distance).toBeLessThanOrEqual(6 * 1.3 + 0.01);
    }
    expect(Math.max(...distances) - Math.min(...distances)).toBeGreaterThan(0.5);
    const shifted = augmentImages(images, indices, { shift: 2, rotate: 0, scale: 0 }, 5);
    const reference = shiftImages(images, indices, 2, 5);
    expect(Array.from(shifted.dataSync())).toEqual(Array.from(reference.dataSync()));
    tf.dispose([images, zoomed, shifted, reference]);
  });
});
