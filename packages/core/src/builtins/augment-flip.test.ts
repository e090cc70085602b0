import { describe, expect, it } from 'vitest';
import { augmentFlip } from './augment-flip.js';
import { applyPreprocessor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';

async function flipped(seed: number, probability: number): Promise<number[][][][][]> {
  const ctx = await createTestContext({ seed });
  const input = rampBatch(8, 2, 3, 1);
  const output = await applyPreprocessor(augmentFlip, ctx, input, { probability });
  const result = [input.images.arraySync(), output.images.arraySync()];
  ctx.tf.dispose([input.images, output.images]);
  return result;
}

describe('augment.flip', () => {
  it('flips whole images, the same ones for the same seed', async () => {
    const ctx = await createTestContext();
    const before = ctx.tf.memory().numTensors;
    const [source, first] = await flipped(3, 0.5);
    const [, again] = await flipped(3, 0.5);
    expect(again).toEqual(first);
    const mirrored = source.map((image) => image.map((row) => [...row].reverse()));
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const states = first.map((image, i) => (same(image, source[i]) ? 'kept' : same(image, mirrored[i]) ? 'flipped' : 'other'));
    expect(states).not.toContain('other');
    expect(states).toContain('kept');
    expect(states).toContain('flipped');
    const [, all] = await flipped(3, 1);
    expect(all).toEqual(mirrored);
    expect(ctx.tf.memory().numTensors).toBe(before);
    expect(augmentFlip.trainingOnly).toBe(true);
    expect(issuePaths(augmentFlip.params, { probability: 1.5 })).toEqual(['probability']);
  });
});
