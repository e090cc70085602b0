import { checkImageCount, checkpointParam, countParam, decodedShape, defineEditor, labelParam, resolveLabel, z } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';
import { ganCheckpoint, truncationParam } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  count: countParam(16),
  labels: z.array(labelParam).min(1).max(1024).optional().describe('Classes, cycled over the images (conditional models only)'),
  truncation: truncationParam,
});

export const generate = defineEditor<z.infer<typeof params>>({
  id: 'gan.generate',
  title: 'Generate (GAN)',
  description:
    'Samples images from a GAN checkpoint. Image i uses a latent seeded from the step seed and i (stored as its meta seed), so the same run seed gives the same pixels; conditional models cycle through all classes unless labels are given.',
  params,
  inputs: 0,
  checkpoint: ganCheckpoint,
  outputShape: (ctx, _inputs, p) => decodedShape(ctx.checkpoint(p.checkpoint), { count: p.count }, 'with.count'),
  async apply(ctx, _batches, p) {
    checkImageCount(ctx, p.count, 'with.count');
    const { handle: gan } = await ctx.open<GanHandle>(p.checkpoint);
    const labels = p.labels?.map((label, i) => resolveLabel(label, gan.labelNames, `with.labels.${i}`));
    return gan.generate({ count: p.count, seed: ctx.seed, labels, truncation: p.truncation });
  },
});
