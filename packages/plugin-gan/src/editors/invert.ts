import { checkpointParam, decodedShape, defineEditor, labelParam, z } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';
import { labelVector } from '../models/labels.js';
import { inputLabels } from './image-labels.js';
import { ganCheckpoint, inversionParams } from './params.js';
import { withPrepared } from './prepared.js';
import { recordResiduals } from './residual.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  ...inversionParams,
  labels: z.array(labelParam).min(1).max(1024).optional().describe('Classes of the input images (conditional models; default: their meta labels)'),
});

export const invert = defineEditor<z.infer<typeof params>>({
  id: 'gan.invert',
  title: 'Invert (GAN)',
  description:
    'Projects each input image into the latent space by optimising z against the pixel error, and outputs the generator’s reconstruction. Each image’s meta gets its latent and residual (mean squared error in [0, 1] units); the step records the residuals.',
  params,
  inputs: 1,
  checkpoint: ganCheckpoint,
  outputShape: (ctx, [input], p) => decodedShape(ctx.checkpoint(p.checkpoint), input),
  async apply(ctx, [batch], p) {
    const loaded = await ctx.open<GanHandle>(p.checkpoint);
    const gan = loaded.handle;
    const labels = inputLabels(gan, batch, p.labels);
    const { latents, residuals } = await withPrepared(loaded, batch, (prepared) =>
      gan.invert(prepared, { labels, steps: p.steps, learningRate: p.learningRate, seed: ctx.seed, signal: ctx.signal }),
    );
    recordResiduals(ctx, residuals);
    const output = gan.decode(latents, labels?.map((label) => labelVector(gan.labelNames.length, { [label]: 1 })));
    output.meta = batch.meta.map((meta, i) => ({ ...meta, source: 'gan.invert', latent: latents[i], residual: residuals[i] }));
    return output;
  },
});
