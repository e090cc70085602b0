import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { sharpen } from './sharpen.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.sharpen', () => {
  it('raises local contrast, stays in [0, 1], and amount 0 changes nothing', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    // A soft step edge: sharpening makes the jump across it steeper.
    const images = tf.tensor4d([0.3, 0.3, 0.4, 0.6, 0.7, 0.7], [1, 1, 6, 1]);
    const input = { images, meta: [{}] };
    const output = await applyEditor(sharpen, ctx, [input], { sigma: 1, amount: 2 });
    const out = output.images.dataSync();
    expect(out[3] - out[2]).toBeGreaterThan(0.2);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    const none = await applyEditor(sharpen, ctx, [input], { amount: 0 });
    expect([...none.images.dataSync()]).toEqual([...images.dataSync()]);
    tf.dispose([images, output.images, none.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses the defaults on a real batch and names bad fields', async () => {
    const input = rampBatch(1, 4, 4);
    const output = await applyEditor(sharpen, ctx, [input]);
    expect(output.images.shape).toEqual([1, 4, 4, 3]);
    ctx.tf.dispose([input.images, output.images]);
    expect(issuePaths(sharpen.params, { amount: 11 })).toEqual(['amount']);
    expect(issuePaths(sharpen.params, { sigma: 0 })).toEqual(['sigma']);
  });
});
