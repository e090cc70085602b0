import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext, Tensor4D } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { blur } from './blur.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.blur', () => {
  it('lowers the variance, keeps the shape and the mean, and leaks nothing', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(2, 8, 10);
    const output = await applyEditor(blur, ctx, [input], { sigma: 1.5 });
    expect(output.images.shape).toEqual(input.images.shape);
    expect(output.images).not.toBe(input.images);
    const [varIn, varOut, meanIn, meanOut] = tf.tidy(() =>
      [input.images, output.images].flatMap((t) => tf.moments(t).variance.dataSync()[0]).concat(
        [input.images, output.images].map((t) => tf.mean(t).dataSync()[0]),
      ),
    );
    expect(varOut).toBeLessThan(varIn / 2);
    expect(meanOut).toBeCloseTo(meanIn, 1);
    expect(output.meta).toEqual(input.meta);
    expect(output.meta[0]).not.toBe(input.meta[0]);
    tf.dispose([input.images, output.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves a constant image unchanged at the borders (mirrored edges)', async () => {
    const { tf } = ctx;
    const input = { images: tf.fill([1, 5, 5, 1], 0.7) as Tensor4D, meta: [{}] };
    const output = await applyEditor(blur, ctx, [input], { sigma: 3 });
    for (const v of output.images.dataSync()) expect(v).toBeCloseTo(0.7, 5);
    // A single pixel has no neighbours; the step still returns a tensor of its own.
    const dot = { images: tf.fill([1, 1, 1, 3], 0.2) as Tensor4D, meta: [{}] };
    const same = await applyEditor(blur, ctx, [dot], { sigma: 2 });
    expect(same.images).not.toBe(dot.images);
    expect(same.images.dataSync()[0]).toBeCloseTo(0.2, 6);
    tf.dispose([input.images, output.images, dot.images, same.images]);
  });

  it('names sigma and its limit in validation errors', () => {
    expect(issuePaths(blur.params, { sigma: 0.1 })).toEqual(['sigma']);
    expect(issuePaths(blur.params, { sigma: 101 })).toEqual(['sigma']);
    expect(blur.params.safeParse({ sigma: 101 }).error?.issues[0].message).toMatch(/100/);
  });
});
