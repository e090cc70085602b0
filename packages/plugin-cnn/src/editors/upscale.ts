import { checkImageSize, checkpointParam, defineEditor, tf, times, z } from '@atelier/plugin-api';
import type { RestorerHandle } from '../models/restorer-handle.js';
import { checkRestoreTask, restorerRequirement } from './restorer-task.js';

const params = z.strictObject({ checkpoint: checkpointParam });

export const upscaleEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.upscale',
  title: 'Upscale ×2',
  description:
    'Doubles width and height: a bilinear ×2 resize, then a cnn.restorer checkpoint trained for `upscale2x` restores the detail the resize blurred.',
  params,
  inputs: 1,
  checkpoint: restorerRequirement,
  outputShape: (_ctx, [input]) => ({ ...input, width: times(input.width, 2), height: times(input.height, 2) }),
  async apply(ctx, [batch], { checkpoint }) {
    const [, height, width] = batch.images.shape;
    // Before compute: an input of a size validation could not know must not make a huge tensor.
    checkImageSize(ctx.limits, 2 * width, 2 * height, `Upscaling ${width}×${height} gives`, { step: ctx.stepId, path: 'from' });
    const { handle: restorer } = await ctx.open<RestorerHandle>(checkpoint);
    checkRestoreTask(ctx, checkpoint, restorer, 'upscale2x');
    const resized = tf.image.resizeBilinear(batch.images, [2 * height, 2 * width]);
    try {
      return { images: restorer.restore(resized), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
    } finally {
      resized.dispose();
    }
  },
});
