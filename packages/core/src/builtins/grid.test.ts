import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { grid } from './grid.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.grid', () => {
  it('outputs one image holding the whole batch', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(6, 4, 5, 3);
    const output = await applyEditor(grid, ctx, [input], { columns: 2, padding: 1 });
    // 3 rows × 2 columns of 4×5 images with 1 pixel padding.
    expect(output.images.shape).toEqual([1, 3 * 5 + 1, 2 * 6 + 1, 3]);
    expect(output.meta).toHaveLength(1);
    tf.dispose([input.images, output.images]);
    expect(tf.memory().numTensors).toBe(before);
    expect(issuePaths(grid.params, { columns: 0 })).toEqual(['columns']);
  });
});
