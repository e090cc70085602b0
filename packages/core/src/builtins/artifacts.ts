import { z } from 'zod';
import { decodeImages } from '../image/codec.js';
import { checkImageCount, defineEditor } from '@atelier/plugin-api';
import { pixelSize } from './params.js';

/** Schema cap: the default `limits.maxImagesPerStep`; validation checks the configured one. */
const maxCount = 1024;

const params = z
  .strictObject({
    /** Stored image artifacts (PNGs of earlier runs), in order. */
    ids: z.array(z.string().min(1)).min(1).max(maxCount),
    width: pixelSize.optional(),
    height: pixelSize.optional(),
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
  })
  .refine((p) => (p.width === undefined) === (p.height === undefined), {
    message: '`width` and `height` are given together',
    path: ['width'],
  });

export const artifacts = defineEditor<z.infer<typeof params>>({
  id: 'image.artifacts',
  title: 'Load stored images',
  description: 'Reads images earlier runs stored (by artifact id) as one batch, e.g. to lay out a contact sheet of a batch.',
  params,
  inputs: 0,
  // Stored images keep their own size unless one is asked for; it is checked once they are read.
  outputShape: (_ctx, _inputs, p) => ({ count: p.ids.length, width: p.width ?? null, height: p.height ?? null, channels: p.channels ?? null, setBy: { count: 'with.ids', width: 'with.width', height: 'with.height' } }),
  async apply(ctx, _batches, p) {
    checkImageCount(ctx, p.ids.length, 'ids');
    const files = await Promise.all(p.ids.map((id) => ctx.artifact(id)));
    return decodeImages(files, { width: p.width, height: p.height, channels: p.channels, limits: ctx.limits, sources: p.ids.map((id) => `artifact:${id}`) });
  },
});
