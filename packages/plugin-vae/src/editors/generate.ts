import { checkImageCount, decodedShape, defineEditor, labelParam, resolveLabel, tf, z } from '@atelier/core';
import type { EditorContext, Tensor4D } from '@atelier/core';
import { groupLatents } from './group-latents.js';
import { openVae, vaeCheckpoint, type OpenVae } from './prepare-images.js';
import { checkpointParam, groupSizeParam } from './params.js';

const params = z.object({
  checkpoint: checkpointParam,
  count: z.number().int().min(1).max(1024).default(16),
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
    const open = await openVae(ctx, p.checkpoint);
    const { handle: vae } = open;
    const chosen = p.labels?.map((label, i) => resolveLabel(label, vae.labelNames, `labels.${i}`));
    const labels = chosen
      ? Array.from({ length: p.count }, (_, i) => chosen[i % chosen.length])
      : vae.conditional
        ? Array.from({ length: p.count }, () => Math.floor(ctx.random.next() * vae.labelNames.length))
        : undefined;
    let images: Tensor4D;
    if (!labels) images = vae.generate(p.count, ctx.seed, undefined, p.temperature);
    else if (vae.conditional) images = tf.tidy(() => vae.generate(p.count, ctx.seed, vae.oneHot(labels), p.temperature));
    else images = await sampleLabelGroups(ctx, open, labels, p.groupSize, p.temperature);
    const meta = Array.from({ length: p.count }, (_, i) => ({
      seed: ctx.seed,
      source: 'vae.generate',
      ...(labels ? { label: labels[i], labelName: vae.labelNames[labels[i]] } : {}),
    }));
    return { images, meta, range: 'unit' };
  },
});

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
