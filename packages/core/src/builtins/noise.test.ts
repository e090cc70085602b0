import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBatch } from '../image/codec.js';
import { createTestContext, applyEditor, issuePaths, rampBatch } from './__fixtures__/context.js';
import { noise } from './noise.js';

beforeAll(() => createTestContext());

async function noisyPng(seed: number): Promise<Buffer> {
  const ctx = await createTestContext({ seed });
  const input = rampBatch(1, 8, 8);
  const output = await applyEditor(noise, ctx, [input], { amount: 0.2 });
  const [png] = await encodeBatch(output);
  ctx.tf.dispose([input.images, output.images]);
  return png;
}

describe('image.noise', () => {
  it('gives identical bytes for the same step seed and different bytes for another', async () => {
    const ctx = await createTestContext();
    const before = ctx.tf.memory().numTensors;
    const first = await noisyPng(7);
    const again = await noisyPng(7);
    const other = await noisyPng(8);
    expect(Buffer.compare(first, again)).toBe(0);
    expect(Buffer.compare(first, other)).not.toBe(0);
    expect(ctx.tf.memory().numTensors).toBe(before);
  });

  it('changes pixels but stays in [0, 1]', async () => {
    const ctx = await createTestContext();
    const input = rampBatch(1, 8, 8);
    const output = await applyEditor(noise, ctx, [input], { amount: 0.5 });
    const values = output.images.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect([...values]).not.toEqual([...input.images.dataSync()]);
    ctx.tf.dispose([input.images, output.images]);
    expect(issuePaths(noise.params, { amount: 2 })).toEqual(['amount']);
  });
});
