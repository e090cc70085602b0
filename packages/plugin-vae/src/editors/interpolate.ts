import { AtelierError, checkImageCount, checkpointParam, decodedShape, defineEditor, labelParam, type Tensor2D, tf, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import { imageLabels } from './labels.js';
import { prepareImages } from './prepare-images.js';
import { vaeCheckpoint } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  frames: z
    .number()
    .int()
    .min(2)
    .max(64)
    .default(8)
    .describe('Frames from one input image to the next, both ends included; n inputs give (n − 1)·(frames − 1) + 1 images.'),
  label: labelParam.optional().describe("Conditional checkpoints: the label of every image (default: each image's own label, blended along the way)."),
});

type InterpolateParams = z.infer<typeof params>;

export const interpolate = defineEditor<InterpolateParams>({
  id: 'vae.interpolate',
  title: 'Interpolate in VAE latent space',
  description: 'Walks in a straight line between the latent means of consecutive input images and decodes each frame.',
  params,
  inputs: 1,
  checkpoint: vaeCheckpoint,
  outputShape: (ctx, [input], p) => {
    const walk = input.count === null || input.count < 2 ? null : (input.count - 1) * (p.frames - 1) + 1;
    return decodedShape(ctx.checkpoint(p.checkpoint), { count: walk, countIsMaximum: input.countIsMaximum }, 'with.frames');
  },
  async apply(ctx, [batch], p) {
    const count = batch.images.shape[0];
    if (count < 2) {
      throw new AtelierError('BAD_USER_INPUT', `Interpolation needs at least two input images; got ${count}`, { path: 'input', limit: 2 });
    }
    const weights = walkWeights(count, p.frames);
    checkImageCount(ctx, weights.length, 'frames');
    const open = await ctx.open<VaeHandle>(p.checkpoint);
    const { handle: vae } = open;
    const labels = imageLabels(vae, batch.meta, p.label);
    const images = await prepareImages(open, batch);
    try {
      const output = tf.tidy(() => {
        // Each frame is a convex mix of the inputs: a [frames, inputs] matrix times their latents (and labels).
        const mix = tf.tensor2d(weights.map((w) => w.row));
        const oneHot = labels && vae.oneHot(labels);
        const latents = mix.matMul(vae.encode(images, oneHot).mean) as Tensor2D;
        return vae.decode(latents, oneHot && (mix.matMul(oneHot) as Tensor2D));
      });
      const meta = weights.map((w) => ({ source: 'vae.interpolate', from: w.from, to: w.from + 1, t: w.t }));
      return { images: output, meta, range: 'unit' };
    } finally {
      images.dispose();
    }
  },
});

/** Rows of the mixing matrix for a walk through `count` images; shared ends are not repeated. */
function walkWeights(count: number, frames: number): { from: number; t: number; row: number[] }[] {
  const rows: { from: number; t: number; row: number[] }[] = [];
  for (let from = 0; from < count - 1; from++) {
    for (let f = from === 0 ? 0 : 1; f < frames; f++) {
      const t = f / (frames - 1);
      const row = new Array<number>(count).fill(0);
      row[from] = 1 - t;
      row[from + 1] = t;
      rows.push({ from, t, row });
    }
  }
  return rows;
}
