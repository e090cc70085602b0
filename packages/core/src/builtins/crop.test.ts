import { beforeAll, describe, expect, it } from 'vitest';
import { AtelierError, type EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { crop } from './crop.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.crop', () => {
  it('keeps exactly the rectangle', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(2, 6, 8, 1);
    const output = await applyEditor(crop, ctx, [input], { x: 3, y: 1, width: 4, height: 2 });
    expect(output.images.shape).toEqual([2, 2, 4, 1]);
    const source = input.images.arraySync();
    expect(output.images.arraySync()[1][1][0][0]).toBe(source[1][2][3][0]);
    tf.dispose([input.images, output.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a rectangle that leaves the image, naming the field and the limit', async () => {
    const input = rampBatch(1, 6, 8, 1);
    const error = await applyEditor(crop, ctx, [input], { x: 5, y: 0, width: 4, height: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtelierError);
    expect((error as AtelierError).details).toMatchObject({ path: 'width', limit: 3 });
    await expect(applyEditor(crop, ctx, [input], { x: 0, y: 6, width: 1, height: 1 })).rejects.toMatchObject({ details: { path: 'y', limit: 5 } });
    input.images.dispose();
    expect(issuePaths(crop.params, { x: -1, y: 0, width: 1, height: 1 })).toEqual(['x']);
    expect(issuePaths(crop.params, { x: 0, y: 0, width: 0, height: 1 })).toEqual(['width']);
  });
});
