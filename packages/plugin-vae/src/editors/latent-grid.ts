import { AtelierError, checkImageCount, checkpointParam, decodedShape, defineEditor, labelParam, resolveLabel, tf, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import { latentGridCodes } from '../models/latent-grid.js';
import { vaeCheckpoint } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  steps: z.number().int().min(2).max(32).default(15).describe('Images per side: the output is steps² images, row-major (feed image.grid with columns = steps).'),
  extent: z.number().positive().max(5).default(2).describe('The lattice covers [−extent, extent] on both latent axes (prior standard deviations).'),
  label: labelParam.optional().describe('Conditional checkpoints: the label every image is decoded with (required for them).'),
});

type LatentGridParams = z.infer<typeof params>;

/**
 * The latentGrid output for 2-D latent models, as a source step so the picture is an ordinary step
 * artifact (each image, or one PNG after image.grid); training writes the same picture as a preview.
 */
export const latentGrid = defineEditor<LatentGridParams>({
  id: 'vae.latent-grid',
  title: 'VAE latent grid',
  description: 'Decodes an evenly spaced lattice of 2-D latent codes: the classic manifold picture. Needs latentSize 2.',
  params,
  inputs: 0,
  checkpoint: { ...vaeCheckpoint, capability: 'decode' },
  outputShape: (ctx, _inputs, p) => decodedShape(ctx.checkpoint(p.checkpoint), { count: p.steps ** 2 }, 'with.steps'),
  async apply(ctx, _batches, p) {
    checkImageCount(ctx, p.steps ** 2, 'steps');
    const { handle: vae } = await ctx.open<VaeHandle>(p.checkpoint);
    if (vae.latentSize !== 2) {
      throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `The latent grid needs a 2-D latent; this checkpoint's latentSize is ${vae.latentSize}`, {
        path: 'checkpoint',
        limit: 2,
      });
    }
    if (vae.conditional && p.label === undefined) {
      throw new AtelierError('BAD_USER_INPUT', 'A conditional checkpoint draws its grid for one label: set `label`', { path: 'label' });
    }
    const label = vae.conditional ? resolveLabel(p.label!, vae.labelNames, 'label') : undefined;
    const codes = latentGridCodes(p.steps, p.extent);
    try {
      const values = codes.arraySync();
      const images = tf.tidy(() => vae.decode(codes, label === undefined ? undefined : vae.oneHot(new Array<number>(p.steps ** 2).fill(label))));
      const meta = values.map((z) => ({ source: 'vae.latent-grid', latent: z }));
      return { images, meta, range: 'unit' };
    } finally {
      codes.dispose();
    }
  },
});
