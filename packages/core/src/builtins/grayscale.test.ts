import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyPreprocessor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { grayscale } from './grayscale.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.grayscale', () => {
  it('turns RGB into one luminance channel and passes gray through', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const colour = { images: tf.tensor4d([1, 0, 0, 0, 1, 0], [1, 1, 2, 3]), meta: [{}] };
    const gray = await applyPreprocessor(grayscale, ctx, colour);
    expect(gray.images.shape).toEqual([1, 1, 2, 1]);
    const [red, green] = gray.images.dataSync();
    expect(red).toBeCloseTo(0.299, 5);
    expect(green).toBeCloseTo(0.587, 5);
    const already = rampBatch(1, 2, 2, 1);
    const same = await applyPreprocessor(grayscale, ctx, already);
    expect(same.images).not.toBe(already.images);
    expect([...same.images.dataSync()]).toEqual([...already.images.dataSync()]);
    tf.dispose([colour.images, gray.images, already.images, same.images]);
    expect(tf.memory().numTensors).toBe(before);
    expect(issuePaths(grayscale.params, { weights: 1 })).toEqual(['']);
  });
});
