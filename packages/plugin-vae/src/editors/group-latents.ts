import { AtelierError, type EditorContext, type Tensor2D, tf } from '@atelier/plugin-api';
import { prepareImages, type OpenVae } from './prepare-images.js';

/**
 * Latent means of up to `count` images of one label from the checkpoint's own data set: the group a
 * label-wise edit of an unconditional VAE is measured against (conditional ones take the label itself). A new `[k, latent]` tensor.
 */
export async function groupLatents(ctx: EditorContext, open: OpenVae, label: number, count: number, path: string): Promise<Tensor2D> {
  const { record } = open;
  if (!record.dataset) {
    throw new AtelierError('BAD_USER_INPUT', `Checkpoint "${record.name}" records no data set to take labelled groups from`, {
      path: 'checkpoint',
    });
  }
  const group = await ctx.dataset(record.dataset, { label, count });
  try {
    if (group.images.shape[0] === 0) {
      throw new AtelierError('BAD_USER_INPUT', `Data set "${record.dataset}" has no image labelled "${record.labelNames[label]}"`, { path });
    }
    const images = await prepareImages(open, group);
    try {
      return tf.tidy(() => open.handle.encode(images).mean);
    } finally {
      images.dispose();
    }
  } finally {
    group.images.dispose();
  }
}
