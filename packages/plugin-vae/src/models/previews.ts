import { tf, type TrainContext } from '@atelier/plugin-api';
import { latentGridCodes } from './latent-grid.js';
import type { VaeHandle } from './vae-handle.js';

const previewCount = 8;
const gridSteps = 15;

/** Training preview: the first data images on the top row, the model's reconstructions below. */
export async function previewReconstruction(ctx: TrainContext<unknown>, vae: VaeHandle, name: string): Promise<void> {
  const sample = ctx.data.sample(Math.min(previewCount, ctx.data.size));
  const count = sample.images.shape[0];
  const images = tf.tidy(() => {
    const labels = vae.conditional ? vae.oneHot(Array.from(sample.labels.dataSync())) : undefined;
    return tf.concat([sample.images, vae.reconstruct(sample.images, labels)]);
  });
  sample.images.dispose();
  sample.labels.dispose();
  const meta = Array.from({ length: 2 * count }, (_, i) => ({ source: i < count ? 'input' : 'reconstruction' }));
  try {
    await ctx.preview(name, { images, meta, range: 'unit' }, { columns: count });
  } finally {
    images.dispose();
  }
}

/** The 2-D manifold picture of an unconditional model with a 2-D latent, written at the end of training. */
export async function previewLatentGrid(ctx: TrainContext<unknown>, vae: VaeHandle): Promise<void> {
  const images = tf.tidy(() => vae.decode(latentGridCodes(gridSteps, 2)));
  try {
    const meta = Array.from({ length: gridSteps ** 2 }, () => ({ source: 'latent-grid' }));
    await ctx.preview('latent-grid', { images, meta, range: 'unit' }, { columns: gridSteps });
  } finally {
    images.dispose();
  }
}
