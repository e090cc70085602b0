import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { compare } from './compare.js';
import { concat } from './concat.js';
import { applyEditor, createTestContext } from './__fixtures__/context.js';

let ctx: EditorContext;
const records: Record<string, unknown> = {};
beforeAll(async () => {
  ctx = await createTestContext({ records });
});

describe('image.compare and image.concat', () => {
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

  it('concat joins the first batch then the second, broadcasting gray to colour, and refuses other sizes', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const gray = { images: tf.tensor4d([0.25], [1, 1, 1, 1]), meta: [{ seed: 1 }] };
    const colour = { images: tf.tensor4d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [2, 1, 1, 3]), meta: [{ seed: 2 }, { seed: 3 }] };
    const joined = await applyEditor(concat, ctx, [gray, colour]);
    expect(joined.images.shape).toEqual([3, 1, 1, 3]);
    expect(Array.from(joined.images.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([0.25, 0.25, 0.25, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(joined.meta).toEqual([{ seed: 1 }, { seed: 2 }, { seed: 3 }]);
    const wide = { images: tf.zeros([1, 1, 2, 1]) as never, meta: [{}] };
    await expect(applyEditor(concat, ctx, [gray, wide])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'from[1]' } });
    tf.dispose([gray.images, colour.images, joined.images, wide.images]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
