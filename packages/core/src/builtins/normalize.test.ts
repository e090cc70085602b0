import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyPreprocessor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { normalize } from './normalize.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.normalize', () => {
  it('maps [0, 1] to [-1, 1] and back, setting the range', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(1, 3, 3);
    const symmetric = await applyPreprocessor(normalize, ctx, input, { range: 'symmetric' });
    expect(symmetric.range).toBe('symmetric');
    expect(Math.min(...symmetric.images.dataSync())).toBeCloseTo(-1, 5);
    const unit = await applyPreprocessor(normalize, ctx, symmetric, { range: 'unit' });
    expect(unit.range).toBe('unit');
    const back = unit.images.dataSync();
    input.images.dataSync().forEach((v, i) => expect(back[i]).toBeCloseTo(v, 6));
    const unchanged = await applyPreprocessor(normalize, ctx, unit, { range: 'unit' });
    expect(unchanged.images).not.toBe(unit.images);
    tf.dispose([input.images, symmetric.images, unit.images, unchanged.images]);
    expect(tf.memory().numTensors).toBe(before);
    expect(issuePaths(normalize.params, { range: 'byte' })).toEqual(['range']);
  });
});
