import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { adjust } from './adjust.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.adjust', () => {
  it('is exactly the identity with default parameters', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(2, 3, 3);
    const output = await applyEditor(adjust, ctx, [input]);
    expect(output.images).not.toBe(input.images);
    expect([...output.images.dataSync()]).toEqual([...input.images.dataSync()]);
    tf.dispose([input.images, output.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('brightens, flattens contrast and removes saturation', async () => {
    const { tf } = ctx;
    const input = { images: tf.tensor4d([0.2, 0.5, 0.8], [1, 1, 1, 3]), meta: [{}] };
    const brighter = await applyEditor(adjust, ctx, [input], { brightness: 0.1 });
    expect(brighter.images.dataSync()[0]).toBeCloseTo(0.3, 5);
    const flat = await applyEditor(adjust, ctx, [input], { contrast: 0 });
    expect([...flat.images.dataSync()]).toEqual([0.5, 0.5, 0.5]);
    const gray = await applyEditor(adjust, ctx, [input], { saturation: 0 });
    const [r, g, b] = gray.images.dataSync();
    expect(r).toBeCloseTo(g, 6);
    expect(g).toBeCloseTo(b, 6);
    const clipped = await applyEditor(adjust, ctx, [input], { brightness: 1 });
    expect(Math.max(...clipped.images.dataSync())).toBe(1);
    tf.dispose([input.images, brighter.images, flat.images, gray.images, clipped.images]);
  });

  it('names the field that is out of range', () => {
    expect(issuePaths(adjust.params, { brightness: 2 })).toEqual(['brightness']);
    expect(issuePaths(adjust.params, { saturation: -1 })).toEqual(['saturation']);
  });
});
