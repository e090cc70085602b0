import { checkImageCount, checkpointParam, countParam, decodedShape, defineEditor, type EditorContext, labelParam, resolveLabel, type Tensor4D, tf, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import { fitLatentMixture, sampleLatentMixture } from './fitted-prior.js';
import { groupLatents } from './group-latents.js';
import type { OpenVae } from './prepare-images.js';
import { groupSizeParam, vaeCheckpoint } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  count: countParam(16),
  labels: z
    .array(labelParam)
    .min(1)
    .max(1024)
    .optional()
    .describe(
      'Labels (names or indices), cycled: image i gets labels[i mod length]. A conditional checkpoint decodes with them ' +
        '(uniformly random labels when absent); an unconditional one samples N(mean, variance) of the latents of that ' +
        "label's images in its data set.",
    ),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .default(1)
    .describe('Spread of the sampled latents (their standard deviation around the prior’s or the label’s mean): below 1 gives cleaner, less varied digits; 1 samples the prior.'),
  prior: z
    .enum(['standard', 'fitted'])
    .default('standard')
    .describe(
      'Where latents are drawn from when no label group places them: standard is N(0, I); fitted is a mixture of full-covariance ' +
        "Gaussians, one per label, fitted to the latent means of the checkpoint's data set (its first priorSize images), so fewer " +
        'samples land between digits where the decoder never trained. A conditional VAE draws each image from its label’s Gaussian.',
    ),
  priorSize: z.number().int().min(2).max(10000).default(2000).describe('Images of the data set the fitted prior is fitted on.'),
  groupSize: groupSizeParam,
});

type GenerateParams = z.infer<typeof params>;

export const generate = defineEditor<GenerateParams>({
  id: 'vae.generate',
  title: 'Generate with a VAE',
  description: 'Decodes seeded samples from the prior (or from a label) into new images.',
  params,
  inputs: 0,
  checkpoint: vaeCheckpoint,
  outputShape: (ctx, _inputs, p) => decodedShape(ctx.checkpoint(p.checkpoint), { count: p.count }, 'with.count'),
  async apply(ctx, _batches, p) {
    checkImageCount(ctx, p.count, 'count');
    const open = await ctx.open<VaeHandle>(p.checkpoint);
    const { handle: vae } = open;
    const chosen = p.labels?.map((label, i) => resolveLabel(label, vae.labelNames, `labels.${i}`));
    const labels = chosen
      ? Array.from({ length: p.count }, (_, i) => chosen[i % chosen.length])
      : vae.conditional
        ? Array.from({ length: p.count }, () => Math.floor(ctx.random.next() * vae.labelNames.length))
        : undefined;
    let images: Tensor4D;
    if (labels && !vae.conditional) images = await sampleLabelGroups(ctx, open, labels, p.groupSize, p.temperature);
    else if (p.prior === 'fitted') images = await sampleFittedPrior(ctx, open, p, labels);
    else images = tf.tidy(() => vae.generate(p.count, ctx.seed, labels && vae.oneHot(labels), p.temperature));
    const meta = Array.from({ length: p.count }, (_, i) => ({
      seed: ctx.seed,
      source: 'vae.generate',
      ...(labels ? { label: labels[i], labelName: vae.labelNames[labels[i]] } : {}),
    }));
    return { images, meta, range: 'unit' };
  },
});

async function sampleFittedPrior(ctx: EditorContext, open: OpenVae, p: GenerateParams, labels: number[] | undefined): Promise<Tensor4D> {
  const mixture = await fitLatentMixture(ctx, open, p.priorSize);
  try {
    return tf.tidy(() => open.handle.decode(sampleLatentMixture(mixture, p.count, ctx.seed, p.temperature, labels), labels && open.handle.oneHot(labels)));
  } finally {
    tf.dispose([mixture.means, mixture.scales]);
  }
}

/** An unconditional VAE has no label input: sample near where each label's images sit in latent space. */
async function sampleLabelGroups(ctx: EditorContext, open: OpenVae, labels: number[], groupSize: number, temperature: number): Promise<Tensor4D> {
  const moments = new Map<number, { mean: tf.Tensor1D; std: tf.Tensor1D }>();
  try {
    for (const label of new Set(labels)) {
      const latents = await groupLatents(ctx, open, label, groupSize, 'labels');
      moments.set(
        label,
        tf.tidy(() => {
          const { mean, variance } = tf.moments(latents, 0);
          return { mean: mean as tf.Tensor1D, std: tf.sqrt(variance) as tf.Tensor1D };
        }),
      );
      latents.dispose();
    }
    return tf.tidy(() => {
      const mean = tf.stack(labels.map((l) => moments.get(l)!.mean));
      const std = tf.stack(labels.map((l) => moments.get(l)!.std));
      const noise = tf.randomNormal(mean.shape, 0, temperature, 'float32', ctx.seed);
      return open.handle.decode(mean.add(std.mul(noise)) as tf.Tensor2D);
    });
  } finally {
    for (const m of moments.values()) tf.dispose([m.mean, m.std]);
  }
}
