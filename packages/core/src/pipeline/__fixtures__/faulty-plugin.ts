import { z } from 'zod';
import { defineEditor, definePlugin, type ImageBatch, type Tensor4D, tf } from '@atelier/plugin-api';

const editor = (id: string, apply: (batches: ImageBatch[]) => Promise<ImageBatch>) =>
  defineEditor({ id, title: id, description: id, params: z.object({}), inputs: 1, apply: (_ctx, batches) => apply(batches) });

/** Components returning malformed batches; each step must fail naming the component, leaking nothing. */
export default definePlugin({
  name: 'faulty',
  version: '0.0.0',
  editors: [
    editor('faulty.rank3', async () => ({ images: tf.zeros([2, 4, 4]) as unknown as Tensor4D, meta: [{}, {}] })),
    editor('faulty.symmetric', async ([batch]) => ({ images: batch.images.clone(), meta: batch.meta, range: 'symmetric' })),
    editor('faulty.same-tensor', async ([batch]) => ({ images: batch.images, meta: [] })),
  ],
});
