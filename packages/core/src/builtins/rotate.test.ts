import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { rotate } from './rotate.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.rotate', () => {
  it('turns clockwise by quarter turns; four turns are the identity', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(1, 2, 3, 1);
    const [source] = input.images.arraySync();
    const quarter = await applyEditor(rotate, ctx, [input], { angle: 90 });
    expect(quarter.images.shape).toEqual([1, 3, 2, 1]);
    // Clockwise: the bottom-left pixel becomes the top-left one.
    expect(quarter.images.arraySync()[0][0][0]).toEqual(source[1][0]);
    const back = await applyEditor(rotate, ctx, [quarter], { angle: -90 });
    expect(back.images.arraySync()).toEqual(input.images.arraySync());
    const half = await applyEditor(rotate, ctx, [input], { angle: 180 });
    expect(half.images.arraySync()[0][0][0]).toEqual(source[1][2]);
    const three = await applyEditor(rotate, ctx, [input], { angle: 270 });
    expect(three.images.arraySync()[0][0][0]).toEqual(source[0][2]);
    tf.dispose([input.images, quarter.images, back.images, half.images, three.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts only multiples of 90 and says so on angle', () => {
    expect(issuePaths(rotate.params, { angle: 45 })).toEqual(['angle']);
    expect(rotate.params.safeParse({ angle: 45 }).error?.issues[0].message).toMatch(/multiple of 90/);
  });
});
