import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { mask } from './mask.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.mask', () => {
  it('zeroes the rectangle, keeps every other pixel and records meta.mask', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(2, 5, 6, 1);
    const rect = { x: 1, y: 2, width: 3, height: 2 };
    const output = await applyEditor(mask, ctx, [input], rect);
    const source = input.images.arraySync();
    const out = output.images.arraySync();
    for (let n = 0; n < 2; n++) {
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 6; x++) {
          const inside = x >= 1 && x < 4 && y >= 2 && y < 4;
          expect(out[n][y][x][0]).toBe(inside ? 0 : source[n][y][x][0]);
        }
      }
    }
    expect(output.meta).toEqual([
      { source: 'ramp-0', mask: rect },
      { source: 'ramp-1', mask: rect },
    ]);
    expect(input.meta[0]).not.toHaveProperty('mask');
    tf.dispose([input.images, output.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fills with the given value and refuses rectangles outside the image', async () => {
    const input = rampBatch(1, 4, 4, 3);
    const output = await applyEditor(mask, ctx, [input], { x: 0, y: 0, width: 1, height: 1, fill: 1 });
    expect([...output.images.dataSync().slice(0, 3)]).toEqual([1, 1, 1]);
    await expect(applyEditor(mask, ctx, [input], { x: 0, y: 0, width: 1, height: 5 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'height', limit: 4 },
    });
    ctx.tf.dispose([input.images, output.images]);
    expect(issuePaths(mask.params, { x: 0, y: 0, width: 1, height: 1, fill: 2 })).toEqual(['fill']);
  });
});
