import { AtelierError, checkpointParam, decodedShape, defineEditor, deriveSeed, type EditorContext, labelParam, type OpenedCheckpoint, resolveLabel, z } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';
import { labelVector } from '../models/labels.js';
import { meanLatent, type Latent } from '../models/latents.js';
import { inputLabels } from './image-labels.js';
import { ganCheckpoint, inversionParams } from './params.js';
import { withPrepared } from './prepared.js';
import { recordResiduals } from './residual.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  direction: z.enum(['class', 'latent-mean']).default('latent-mean'),
  from: labelParam.describe('Class to move away from'),
  to: labelParam.describe('Class to move towards'),
  strength: z.number().min(-4).max(4).default(1).describe('How far along the direction (1: the full difference)'),
  dataset: z.string().min(1).optional().describe('Labelled data set whose classes define a latent-mean direction'),
  count: z.number().int().min(1).max(256).default(16).describe('Images of each class inverted for a latent-mean direction'),
  labels: z.array(labelParam).min(1).max(1024).optional().describe('Classes of the input images (conditional models; default: their meta labels)'),
  ...inversionParams,
});
type EditParams = z.infer<typeof params>;

/** Mean latent of the first `count` images of one data set class, inverted through the checkpoint. */
async function classMean(ctx: EditorContext, loaded: OpenedCheckpoint<GanHandle>, gan: GanHandle, p: EditParams, end: 'from' | 'to'): Promise<Latent> {
  const images = await ctx.dataset(p.dataset as string, { label: p[end], count: p.count });
  try {
    if (images.images.shape[0] === 0) {
      throw new AtelierError('BAD_USER_INPUT', `Data set ${p.dataset} has no images of class ${JSON.stringify(p[end])}`, { path: `with.${end}` });
    }
    const labels = gan.labelNames.length > 0 ? images.meta.map(() => resolveLabel(p[end], gan.labelNames, `with.${end}`)) : undefined;
    const { latents } = await withPrepared(loaded, images, (prepared) =>
      gan.invert(prepared, { labels, steps: p.steps, learningRate: p.learningRate, seed: deriveSeed(ctx.seed, end), signal: ctx.signal }),
    );
    return meanLatent(latents);
  } finally {
    images.images.dispose();
  }
}

export const edit = defineEditor<EditParams>({
  id: 'gan.edit',
  title: 'Edit in latent space (GAN)',
  description:
    'Inverts each input image, moves it along a direction and regenerates it. direction "class" (gan.conditional only): the latent is kept and the class input slides from `from` to `to` by `strength`. direction "latent-mean": the direction is mean latent(to) − mean latent(from), where the means come from inverting `count` images of each class of the labelled data set `dataset` (read through the run, so the step keeps a single input batch); the latent moves by strength × that difference.',
  params,
  inputs: 1,
  checkpoint: ganCheckpoint,
  outputShape: (ctx, [input], p) => decodedShape(ctx.checkpoint(p.checkpoint), input),
  async apply(ctx, [batch], p) {
    const loaded = await ctx.open<GanHandle>(p.checkpoint);
    const gan = loaded.handle;
    const classCount = gan.labelNames.length;
    if (p.direction === 'class' && classCount === 0) {
      throw new AtelierError('BAD_USER_INPUT', 'A class direction needs a gan.conditional checkpoint; use "latent-mean" with a data set', {
        path: 'with.direction',
      });
    }
    if (p.direction === 'latent-mean' && p.dataset === undefined) {
      throw new AtelierError('BAD_USER_INPUT', 'A latent-mean direction needs a labelled data set', { path: 'with.dataset' });
    }
    const from = p.direction === 'class' ? resolveLabel(p.from, gan.labelNames, 'with.from') : undefined;
    const to = p.direction === 'class' ? resolveLabel(p.to, gan.labelNames, 'with.to') : undefined;
    // A class edit inverts the images as members of `from`; otherwise each keeps its own class.
    const labels = from === undefined ? inputLabels(gan, batch, p.labels) : batch.meta.map(() => from);

    ctx.progress({ fraction: 0, message: 'inverting inputs' });
    const { latents, residuals } = await withPrepared(loaded, batch, (prepared) =>
      gan.invert(prepared, { labels, steps: p.steps, learningRate: p.learningRate, seed: ctx.seed, signal: ctx.signal }),
    );

    let edited = latents;
    let labelVectors = labels?.map((label) => labelVector(classCount, { [label]: 1 }));
    if (from !== undefined && to !== undefined) {
      const blend = from === to ? { [from]: 1 } : { [from]: 1 - p.strength, [to]: p.strength };
      labelVectors = latents.map(() => labelVector(classCount, blend));
    } else {
      ctx.progress({ fraction: 0.4, message: 'inverting the direction’s classes' });
      const scale = (latent: Latent) => latent.map((v) => v * p.strength);
      const [meanFrom, meanTo] = [await classMean(ctx, loaded, gan, p, 'from'), await classMean(ctx, loaded, gan, p, 'to')];
      edited = latents.map((latent) => gan.arithmetic(latent, scale(meanFrom), scale(meanTo)));
    }
    recordResiduals(ctx, residuals);
    const output = gan.decode(edited, labelVectors);
    output.meta = batch.meta.map((meta, i) => ({ ...meta, source: 'gan.edit', latent: edited[i], residual: residuals[i] }));
    return output;
  },
});
