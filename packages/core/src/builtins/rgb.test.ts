import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyPreprocessor, createTestContext, rampBatch } from './__fixtures__/context.js';
import { rgb } from './rgb.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.rgb', () => {
  it('repeats a gray channel three times and passes RGB through', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const gray = rampBatch(1, 2, 2, 1);
    const colour = await applyPreprocessor(rgb, ctx, gray);
    expect(colour.images.shape).toEqual([1, 2, 2, 3]);
    const [first] = colour.images.arraySync()[0][1];
    expect(first).toEqual([0, 1, 2].map(() => gray.images.arraySync()[0][1][0][0]));
    const again = await applyPreprocessor(rgb, ctx, colour);
    expect(again.images.shape).toEqual([1, 2, 2, 3]);
    tf.dispose([gray.images, colour.images, again.images]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
