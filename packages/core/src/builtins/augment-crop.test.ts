import { describe, expect, it } from 'vitest';
import { augmentCrop } from './augment-crop.js';
import { applyPreprocessor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';

async function cropped(seed: number): Promise<{ shape: number[]; values: number[] }> {
  const ctx = await createTestContext({ seed });
  const input = rampBatch(4, 6, 6, 1);
  const output = await applyPreprocessor(augmentCrop, ctx, input, { padding: 2 });
  const result = { shape: output.images.shape, values: [...output.images.dataSync()] };
  ctx.tf.dispose([input.images, output.images]);
  return result;
}

describe('augment.crop', () => {
  it('keeps the size, shifts content, and repeats for the same seed', async () => {
    const ctx = await createTestContext();
    const before = ctx.tf.memory().numTensors;
    const first = await cropped(11);
    const again = await cropped(11);
    const other = await cropped(12);
    expect(first.shape).toEqual([4, 6, 6, 1]);
    expect(again.values).toEqual(first.values);
    expect(other.values).not.toEqual(first.values);
    const input = rampBatch(4, 6, 6, 1);
    expect(first.values).not.toEqual([...input.images.dataSync()]);
    input.images.dispose();
    expect(ctx.tf.memory().numTensors).toBe(before);
    expect(augmentCrop.trainingOnly).toBe(true);
    expect(issuePaths(augmentCrop.params, { padding: -1 })).toEqual(['padding']);
  });
});
