import { checkImageCount, checkpointParam, decodedShape, defineEditor, type EditorContext, labelParam, resolveLabel, type Tensor2D, tf, times, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import { groupLatents } from './group-latents.js';
import { prepareImages, type OpenVae } from './prepare-images.js';
import { groupSizeParam, vaeCheckpoint } from './params.js';

const unitStrength = z.number().min(0).max(1);

const params = z
  .strictObject({
    checkpoint: checkpointParam,
    from: labelParam.describe("The label the input images show (e.g. 3); conditional checkpoints encode with it."),
    to: labelParam.describe('The label to move toward (e.g. 8).'),
    strength: z
      .union([unitStrength, z.array(unitStrength).min(1).max(64)])
      .default(1)
      .describe(
        '0 keeps the image, 1 moves it the whole way: unconditional checkpoints add strength × (mean latent of `to` − ' +
          'mean latent of `from`, over the data set); conditional ones decode with the label blend ' +
          '(1 − strength)·from + strength·to. A list gives one output per strength.',
      ),
    frames: z
      .number()
      .int()
      .min(2)
      .max(64)
      .optional()
      .describe('With a single strength: that many outputs per image at strengths evenly spaced from 0 to `strength`.'),
    groupSize: groupSizeParam,
  })
  .refine((p) => p.frames === undefined || !Array.isArray(p.strength), {
    message: '`frames` spreads a single strength; give either a strength list or frames',
    path: ['frames'],
  });

type AttributeParams = z.infer<typeof params>;

export const attribute = defineEditor<AttributeParams>({
  id: 'vae.attribute',
  title: 'Shift toward another label',
  description:
    'Moves each image along the latent direction from one labelled group to another (or, for a conditional VAE, to the ' +
    'target label) and decodes; outputs are image-major, each image followed by its strengths in order.',
  params,
  inputs: 1,
  checkpoint: vaeCheckpoint,
  outputShape: (ctx, [input], p) => {
    const count = { count: times(input.count, strengthList(p).length), countIsMaximum: input.countIsMaximum };
    return decodedShape(ctx.checkpoint(p.checkpoint), count, Array.isArray(p.strength) ? 'with.strength' : 'with.frames');
  },
  async apply(ctx, [batch], p) {
    const strengths = strengthList(p);
    const count = batch.images.shape[0];
    checkImageCount(ctx, count * strengths.length, Array.isArray(p.strength) ? 'strength' : 'frames');
    const open = await ctx.open<VaeHandle>(p.checkpoint);
    const { handle: vae } = open;
    const from = resolveLabel(p.from, vae.labelNames, 'from');
    const to = resolveLabel(p.to, vae.labelNames, 'to');
    const direction = vae.conditional ? null : await labelDirection(ctx, open, from, to, p.groupSize);
    const images = await prepareImages(open, batch);
    try {
      const output = tf.tidy(() => {
        // Row r = image ⌊r / S⌋ at strength r mod S.
        const rows = Array.from({ length: count * strengths.length }, (_, r) => Math.floor(r / strengths.length));
        const s = tf.tensor2d(rows.map((_, r) => strengths[r % strengths.length]), [rows.length, 1]);
        const source = vae.conditional ? vae.oneHot(new Array<number>(count).fill(from)) : undefined;
        const latents = tf.gather(vae.encode(images, source).mean, rows);
        if (direction) return vae.decode(latents.add(s.mul(direction)) as Tensor2D);
        const [fromRow, toRow] = [vae.oneHot([from]), vae.oneHot([to])];
        return vae.decode(latents as Tensor2D, fromRow.mul(tf.sub(1, s)).add(toRow.mul(s)) as Tensor2D);
      });
      const meta = Array.from({ length: count * strengths.length }, (_, r) => ({
        source: 'vae.attribute',
        image: Math.floor(r / strengths.length),
        from: vae.labelNames[from],
        to: vae.labelNames[to],
        strength: strengths[r % strengths.length],
      }));
      return { images: output, meta, range: 'unit' };
    } finally {
      images.dispose();
      direction?.dispose();
    }
  },
});

function strengthList(p: AttributeParams): number[] {
  if (Array.isArray(p.strength)) return p.strength;
  const frames = p.frames;
  if (frames === undefined) return [p.strength];
  return Array.from({ length: frames }, (_, i) => (p.strength as number) * (i / (frames - 1)));
}

/** Mean latent of the `to` group minus that of the `from` group: a `[1, latent]` tensor. */
async function labelDirection(ctx: EditorContext, open: OpenVae, from: number, to: number, groupSize: number): Promise<tf.Tensor2D> {
  const fromLatents = await groupLatents(ctx, open, from, groupSize, 'from');
  try {
    const toLatents = await groupLatents(ctx, open, to, groupSize, 'to');
    try {
      return tf.tidy(() => toLatents.mean(0, true).sub(fromLatents.mean(0, true)) as tf.Tensor2D);
    } finally {
      toLatents.dispose();
    }
  } finally {
    fromLatents.dispose();
  }
}
