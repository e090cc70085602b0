import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shapeImage } from '../__fixtures__/images.js';
import { tf, type Tensor4D } from '../engine/tf.js';
import { defineEditor, definePlugin } from '../plugins/define-plugin.js';
import type { EditorContext } from '../plugins/types.js';
import type { ImageBatch } from '../image/image-batch.js';
import { createTestAtelier, type TestAtelier } from '../testing/index.js';

const editor = (id: string, apply: (ctx: EditorContext, batches: ImageBatch[]) => Promise<ImageBatch>) =>
  defineEditor({ id, title: id, description: id, params: z.object({}), inputs: 1, apply: (ctx, batches) => apply(ctx, batches) });

const faulty = definePlugin({
  name: 'faulty',
  version: '0.0.0',
  editors: [
    editor('faulty.rank3', async () => ({ images: tf.zeros([2, 4, 4]) as unknown as Tensor4D, meta: [{}, {}] })),
    editor('faulty.symmetric', async (_ctx, [batch]) => ({ images: batch.images.clone(), meta: batch.meta, range: 'symmetric' })),
    editor('faulty.same-tensor', async (_ctx, [batch]) => ({ images: batch.images, meta: [] })),
  ],
});

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [faulty] });
  const images = await Promise.all([0, 1].map(async (i) => ({ data: await shapeImage(i, { width: 8, height: 8, channels: 1 }) })));
  await atelier.datasets.importImages('blobs', images);
});

afterAll(async () => {
  await atelier?.cleanup();
});

describe('a step whose component returns a malformed batch', () => {
  it.each(['faulty.rank3', 'faulty.symmetric', 'faulty.same-tensor'])('%s fails with PLUGIN_FAILED naming it, stores nothing and leaks nothing', async (use) => {
    const before = tf.memory().numTensors;
    const submitted = await atelier.submitPipeline({
      seed: 1,
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'blobs', count: 2 }, save: false },
        { id: 'bad', use },
      ],
    });
    const run = await atelier.queue.wait(submitted.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_FAILED', details: { step: 'bad', component: use } });
    expect(atelier.artifacts.list(run.id)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
