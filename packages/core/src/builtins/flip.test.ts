import { beforeAll, describe, expect, it } from 'vitest';
import type { EditorContext } from '@atelier/plugin-api';
import { applyEditor, createTestContext, issuePaths, rampBatch } from './__fixtures__/context.js';
import { flip } from './flip.js';

let ctx: EditorContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('image.flip', () => {
  it('mirrors pixels left–right and top–bottom', async () => {
    const { tf } = ctx;
    const before = tf.memory().numTensors;
    const input = rampBatch(1, 3, 4, 3);
    const horizontal = await applyEditor(flip, ctx, [input], { direction: 'horizontal' });
    const vertical = await applyEditor(flip, ctx, [input], { direction: 'vertical' });
    const [source] = input.images.arraySync();
    const [h] = horizontal.images.arraySync();
    const [v] = vertical.images.arraySync();
    expect(h[1][0]).toEqual(source[1][3]);
    expect(v[0][2]).toEqual(source[2][2]);
    tf.dispose([input.images, horizontal.images, vertical.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names direction when it is not horizontal or vertical', () => {
    expect(issuePaths(flip.params, { direction: 'diagonal' })).toEqual(['direction']);
  });
});
