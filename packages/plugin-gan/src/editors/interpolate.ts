import { checkImageCount, checkpointParam, decodedShape, defineEditor, labelParam, resolveLabel, z } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';
import { ganCheckpoint, truncationParam } from './params.js';

const seedParam = z.number().int().min(0).max(2 ** 32 - 1);

const params = z.strictObject({
  checkpoint: checkpointParam,
  from: seedParam.describe('Latent seed of the first frame (e.g. the meta seed of a gan.generate image)'),
  to: seedParam.describe('Latent seed of the last frame'),
  frames: z.number().int().min(2).max(1024).default(8),
  mode: z.enum(['linear', 'spherical']).default('spherical'),
  label: labelParam.optional().describe('Class of every frame (conditional models; default the first class)'),
  truncation: truncationParam,
});

export const interpolate = defineEditor<z.infer<typeof params>>({
  id: 'gan.interpolate',
  title: 'Interpolate (GAN)',
  description: 'A strip of frames walking the latent space between two seeds, linearly or along the sphere (slerp).',
  params,
  inputs: 0,
  checkpoint: ganCheckpoint,
  outputShape: (ctx, _inputs, p) => decodedShape(ctx.checkpoint(p.checkpoint), { count: p.frames }, 'with.frames'),
  async apply(ctx, _batches, p) {
    checkImageCount(ctx, p.frames, 'with.frames');
    const { handle: gan } = await ctx.open<GanHandle>(p.checkpoint);
    const label = p.label === undefined ? undefined : resolveLabel(p.label, gan.labelNames, 'with.label');
    return gan.interpolate({ from: p.from, to: p.to, frames: p.frames, mode: p.mode, label, truncation: p.truncation });
  },
});
