import { checkpointParam, decodedShape, defineEditor, labelParam, tf, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import { imageLabels } from './labels.js';
import { prepareImages } from './prepare-images.js';
import { vaeCheckpoint } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  label: labelParam.optional().describe("Conditional checkpoints: the label of every image (default: each image's own label)."),
});

export const reconstruct = defineEditor<z.infer<typeof params>>({
  id: 'vae.reconstruct',
  title: 'Reconstruct with a VAE',
  description: "Encodes each image and decodes its latent mean: the model's reading of the image, at the model's size.",
  params,
  inputs: 1,
  checkpoint: vaeCheckpoint,
  outputShape: (ctx, [input], p) => decodedShape(ctx.checkpoint(p.checkpoint), input),
  async apply(ctx, [batch], p) {
    const open = await ctx.open<VaeHandle>(p.checkpoint);
    const { handle: vae } = open;
    const labels = imageLabels(vae, batch.meta, p.label);
    const images = await prepareImages(open, batch);
    try {
      const output = tf.tidy(() => vae.reconstruct(images, labels && vae.oneHot(labels)));
      return { images: output, meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
    } finally {
      images.dispose();
    }
  },
});
