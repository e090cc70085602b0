import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { blend } from './blend.js';
import { composite } from './composite.js';
import { applyEditor, createTestContext, issuePaths } from './__fixtures__/context.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

const batch = (values: number[], channels: 1 | 3 = 1) => ({
  images: ctx.tf.tensor4d(values, [1, 1, values.length / channels, channels]),
  meta: [{ source: 'test' }],
});

describe('image.blend and image.composite', () => {
  it('blend mixes (1 − alpha) × first + alpha × second; alpha 0 is the first image exactly', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const first = batch([0, 0.5, 1, 0.2]);
    const second = batch([1, 0.5, 0, 0.6]);
    const mixed = await applyEditor(blend, ctx, [first, second], { alpha: 0.25 });
    expect(Array.from(mixed.images.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([0.25, 0.5, 0.75, 0.3]);
    const none = await applyEditor(blend, ctx, [first, second], { alpha: 0 });
    expect(Array.from(none.images.dataSync())).toEqual(Array.from(first.images.dataSync()));
    tf.dispose([first.images, second.images, mixed.images, none.images]);
    expect(tf.memory().numTensors).toBe(before);
    expect(issuePaths(blend.params, { alpha: 2 })).toEqual(['alpha']);
  });

  it('composite takes the fill where the mask is light, the image elsewhere, and inverts on request', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const image = batch([0.1, 0.2, 0.3, 0.4]);
    const mask = batch([1, 0, 0.9, 0.2]);
    const fill = batch([0.9, 0.8, 0.7, 0.6]);
    const out = await applyEditor(composite, ctx, [image, mask, fill]);
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(Float32Array.from([0.9, 0.2, 0.7, 0.4])));
    const inverted = await applyEditor(composite, ctx, [image, mask, fill], { invert: true });
    expect(Array.from(inverted.images.dataSync())).toEqual(Array.from(Float32Array.from([0.1, 0.8, 0.3, 0.6])));
    tf.dispose([image.images, mask.images, fill.images, out.images, inverted.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses inputs of different sizes at run time, naming the input, and frees what it made', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const small = batch([0, 1]);
    const large = batch([0, 1, 0.5]);
    await expect(applyEditor(blend, ctx, [small, large])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'from[1]' } });
    await expect(applyEditor(composite, ctx, [small, small, large])).rejects.toMatchObject({ details: { path: 'from[2]' } });
    tf.dispose([small.images, large.images]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
