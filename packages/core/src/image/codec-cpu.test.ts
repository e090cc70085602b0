import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { tf } from '@atelier/plugin-api';
import { encodeBatch } from './codec.js';

// The same checks as on WASM (codec.test.ts), on the pure-JS backend: quantisation is done in JS,
// so the bytes must not depend on the backend.
beforeAll(() => initEngine('cpu'));

describe('encodeBatch on the cpu backend', () => {
  it('rounds every value the same way and gives identical bytes twice', async () => {
    const values = Float32Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => (i * 0.137) % 1.2 - 0.1);
    const images = tf.tensor4d(values, [2, 3, 4, 3]);
    const first = await encodeBatch({ images, meta: [{}, {}] });
    const again = await encodeBatch({ images, meta: [{}, {}] });
    expect(first.map((png, i) => Buffer.compare(png, again[i]))).toEqual([0, 0]);
    const { data } = await sharp(first[1]).raw().toBuffer({ resolveWithObject: true });
    const expected = [...values.slice(36)].map((v) => Math.round(Math.min(Math.max(v, 0), 1) * 255));
    expect([...data]).toEqual(expected);
    images.dispose();
  });
});
