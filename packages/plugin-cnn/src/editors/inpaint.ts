import { AtelierError, checkpointParam, defineEditor, keepsInputShape, maskFromImage, tf, z } from '@atelier/plugin-api';
import { rectangleMask } from '../models/restorer-mask.js';
import type { RestorerHandle } from '../models/restorer-handle.js';
import { checkRestoreTask, restorerRequirement } from './restorer-task.js';

const fraction = z.number().min(0).max(1);
/** A rectangle in fractions of the image, so one spec fits images of any size. */
const region = z.strictObject({ x: fraction, y: fraction, width: fraction, height: fraction });

const params = z.strictObject({
  checkpoint: checkpointParam,
  /** Regions to fill (the mask), the same for every image of the batch; not needed with a mask image as second input. */
  regions: z.array(region).min(1).max(32).optional(),
});

export const inpaintEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.inpaint',
  title: 'Inpaint',
  description:
    'Fills the masked regions (a mask image as second input, light where to fill, or rectangles in fractions of the image) with a cnn.restorer checkpoint trained for `inpaint`; pixels outside the mask stay exactly as they are.',
  params,
  inputs: 1,
  maxInputs: 2,
  inputNames: ['image', 'mask'],
  checkpoint: restorerRequirement,
  outputShape: keepsInputShape,
  async apply(ctx, [batch, maskImage], { checkpoint, regions }) {
    if (!maskImage && !regions) throw new AtelierError('BAD_USER_INPUT', 'Give regions, or a mask image as second input', { path: 'regions' });
    const { handle: restorer } = await ctx.open<RestorerHandle>(checkpoint);
    checkRestoreTask(ctx, checkpoint, restorer, 'inpaint');
    const [count, height, width] = batch.images.shape;
    const rects = (regions ?? []).map((r) => ({
      top: Math.floor(r.y * height),
      left: Math.floor(r.x * width),
      height: Math.ceil(r.height * height),
      width: Math.ceil(r.width * width),
    }));
    const mask = maskImage ? maskFromImage(tf, maskImage, batch) : rectangleMask(height, width, Array.from({ length: count }, () => rects));
    try {
      return { images: restorer.restore(batch.images, mask), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
    } finally {
      mask.dispose();
    }
  },
});
