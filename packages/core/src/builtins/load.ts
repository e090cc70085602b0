import { z } from 'zod';
import { decodeImages } from '../image/codec.js';
import { checkImageCount, defineEditor, type EditorContext, type ImageBatch, type OutputShape, type ShapeContext } from '@atelier/plugin-api';
import { pixelSize } from './params.js';

/** Schema cap: the default `limits.maxImagesPerStep`; validation checks the configured one. */
const maxCount = 1024;

const params = z
  .strictObject({
    paths: z.array(z.string().min(1)).min(1).max(maxCount).optional(),
    dataset: z.string().min(1).optional(),
    count: z.number().int().min(1).max(maxCount).default(16),
    label: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    offset: z.number().int().min(0).optional(),
    width: pixelSize.optional(),
    height: pixelSize.optional(),
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    fit: z.enum(['fill', 'contain', 'cover']).default('fill'),
  })
  .refine((p) => (p.paths === undefined) !== (p.dataset === undefined), {
    message: 'give exactly one of `paths` (image files) or `dataset` (a stored data set name)',
    path: ['paths'],
  })
  .refine((p) => (p.width === undefined) === (p.height === undefined), {
    message: '`width` and `height` are given together',
    path: ['width'],
  });

type LoadParams = z.infer<typeof params>;

/** Files are read at their own size unless one is asked for; a data set's record knows its size. */
function loadShape(ctx: ShapeContext, p: LoadParams): OutputShape {
  const setBy = { count: p.paths ? 'with.paths' : 'with.count', width: 'with.width', height: 'with.height' };
  const channels = p.channels ?? null;
  if (p.paths !== undefined) return { count: p.paths.length, width: p.width ?? null, height: p.height ?? null, channels, setBy };
  const record = ctx.dataset(p.dataset as string);
  const available = record ? Math.max(0, record.count - (p.offset ?? 0)) : p.count;
  return {
    count: Math.min(p.count, available),
    // A label filter keeps only that label's images, which the record does not count.
    ...(p.label !== undefined ? { countIsMaximum: true } : {}),
    width: p.width ?? record?.width ?? null,
    height: p.height ?? record?.height ?? null,
    channels: channels ?? record?.channels ?? null,
    setBy,
  };
}

/** Data sets come at their stored size; the image preprocessors bring them to the asked size and channels. */
async function conform(ctx: EditorContext, batch: ImageBatch, p: LoadParams): Promise<ImageBatch> {
  const steps: Array<[string, Record<string, unknown>]> = [];
  if (p.width !== undefined) steps.push(['image.resize', { width: p.width, height: p.height, fit: p.fit }]);
  if (p.channels !== undefined) steps.push([p.channels === 1 ? 'image.grayscale' : 'image.rgb', {}]);
  let current = batch;
  for (const [id, stepParams] of steps) {
    const next = await ctx.preprocess(id, current, stepParams);
    current.images.dispose();
    current = next;
  }
  return current;
}

export const load = defineEditor<LoadParams>({
  id: 'image.load',
  title: 'Load images',
  description: 'Reads PNG, JPEG or WebP files from the allowed input folders (config `inputRoots`), or images of a stored data set, as a batch.',
  params,
  inputs: 0,
  outputShape: (ctx, _inputs, p) => loadShape(ctx, p),
  async apply(ctx, _batches, p) {
    if (p.paths !== undefined) {
      checkImageCount(ctx, p.paths.length, 'paths');
      const files: Buffer[] = [];
      for (const [i, file] of p.paths.entries()) files.push(await ctx.readInput(file, `paths.${i}`));
      return decodeImages(files, { width: p.width, height: p.height, channels: p.channels, fit: p.fit, limits: ctx.limits, sources: p.paths });
    }
    checkImageCount(ctx, p.count, 'count');
    const batch = await ctx.dataset(p.dataset as string, { count: p.count, label: p.label, offset: p.offset });
    return conform(ctx, batch, p);
  },
});
