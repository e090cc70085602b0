import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext, Tensor4D } from '@atelier/plugin-api';
import { applyPreprocessor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { resize } from './resize.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.resize', () => {
  it('stretches (fill), pads (contain) and crops (cover) to the exact size', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    // A wide 4×8 white image makes padding and cropping visible.
    const input = { images: tf.ones([1, 4, 8, 1]) as Tensor4D, meta: [{ source: 'a' }] };
    const fill = await applyPreprocessor(resize, ctx, input, { width: 4, height: 4 });
    const contain = await applyPreprocessor(resize, ctx, input, { width: 4, height: 4, fit: 'contain' });
    const cover = await applyPreprocessor(resize, ctx, input, { width: 4, height: 4, fit: 'cover' });
    for (const out of [fill, contain, cover]) expect(out.images.shape).toEqual([1, 4, 4, 1]);
    expect(Math.min(...fill.images.dataSync())).toBeCloseTo(1, 5);
    expect(Math.min(...cover.images.dataSync())).toBeCloseTo(1, 5);
    // Contain scales 4×8 to 2×4 and pads one black row above and below.
    const rows = contain.images.arraySync()[0].map((row) => row[0][0]);
    expect(rows).toEqual([0, 1, 1, 0]);
    expect(fill.meta).toEqual([{ source: 'a' }]);
    tf.dispose([input.images, fill.images, contain.images, cover.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('upsamples a real batch and names bad sizes', async () => {
    const input = rampBatch(2, 3, 3);
    const out = await applyPreprocessor(resize, ctx, input, { width: 7, height: 5 });
    expect(out.images.shape).toEqual([2, 5, 7, 3]);
    ctx.tf.dispose([input.images, out.images]);
    expect(issuePaths(resize.params, { width: 0, height: 2 })).toEqual(['width']);
    expect(issuePaths(resize.params, { width: 2, height: 2, fit: 'stretch' })).toEqual(['fit']);
  });
});
