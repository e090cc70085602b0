import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '../plugins/types.js';
import { compare } from './compare.js';
import { applyEditor, createTestContext } from './__fixtures__/context.js';

let ctx: EditorContext;
const records: Record<string, unknown> = {};
beforeAll(async () => {
  ctx = await createTestContext({ records });
});

describe('image.compare', () => {
  it('records the mean squared error and PSNR against the reference and passes the first batch through', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const image = { images: tf.tensor4d([0, 0.5, 1, 1], [2, 1, 2, 1]), meta: [{}, {}] };
    const reference = { images: tf.tensor4d([0, 0.5, 0.5, 1], [2, 1, 2, 1]), meta: [{}, {}] };
    const out = await applyEditor(compare, ctx, [image, reference]);
    expect(Array.from(out.images.dataSync())).toEqual([0, 0.5, 1, 1]);
    const recorded = records.comparison as { mse: number; psnr: number; perImage: number[] };
    expect(recorded.perImage).toEqual([0, 0.125]);
    expect(recorded.mse).toBeCloseTo(0.0625, 6);
    expect(recorded.psnr).toBeCloseTo(10 * Math.log10(16), 6);
    tf.dispose([image.images, reference.images, out.images]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
