import { defineEditor, keepsInputShape, z } from '@atelier/plugin-api';
import { openRestorerCheckpoint, restorerRequirement } from './restorer-task.js';

const params = z.object({ checkpoint: z.string().min(1) });

export const denoiseEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.denoise',
  title: 'Denoise',
  description: 'Removes noise with a cnn.restorer checkpoint trained for `denoise`; size and channels stay as they are.',
  params,
  inputs: 1,
  checkpoint: restorerRequirement,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], { checkpoint }) {
    const restorer = await openRestorerCheckpoint(ctx, checkpoint, 'denoise');
    return { images: restorer.restore(batch.images), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});
