import { describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { applyEditor, createTestContext, rampBatch } from '@atelier/plugin-api/testing';
import { upscaleEditor } from './upscale.js';

describe('cnn.upscale', () => {
  it('refuses an output past the size limits before opening the checkpoint, naming the limit it crosses', async () => {
    const batch = rampBatch(1, 30, 30, 1);
    const before = tf.memory().numTensors;
    const opened: string[] = [];
    const ctx = createTestContext({
      limits: { maxImageSide: 64, maxImagePixels: 50 * 50 },
      checkpoint: async (ref) => {
        opened.push(ref);
        throw new Error('not reached');
      },
    });
    // 60×60 is inside 64 a side but past 2500 pixels: the pixel limit is the one to name.
    await expect(applyEditor(upscaleEditor, ctx, [batch], { checkpoint: 'r' })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 2500, setting: 'limits.maxImagePixels' },
    });
    const sideCtx = createTestContext({ limits: { maxImageSide: 50 } });
    await expect(applyEditor(upscaleEditor, sideCtx, [batch], { checkpoint: 'r' })).rejects.toMatchObject({ details: { limit: 50, setting: 'limits.maxImageSide' } });
    expect(opened).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    batch.images.dispose();
  });
});
