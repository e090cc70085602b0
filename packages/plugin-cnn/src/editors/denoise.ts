import { checkpointParam, defineEditor, keepsInputShape, z } from '@atelier/plugin-api';
import type { RestorerHandle } from '../models/restorer-handle.js';
import { checkRestoreTask, restorerRequirement } from './restorer-task.js';

const params = z.strictObject({ checkpoint: checkpointParam });

export const denoiseEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.denoise',
  title: 'Denoise',
  description: 'Removes noise with a cnn.restorer checkpoint trained for `denoise`; size and channels stay as they are.',
  params,
  inputs: 1,
  checkpoint: restorerRequirement,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], { checkpoint }) {
    const { handle: restorer } = await ctx.open<RestorerHandle>(checkpoint);
    checkRestoreTask(ctx, checkpoint, restorer, 'denoise');
    return { images: restorer.restore(batch.images), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});
