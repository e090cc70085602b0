import { AtelierError, type ImageBatch, type OpenedCheckpoint, type Tensor4D } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';

/** A VAE checkpoint as `ctx.open<VaeHandle>` gives it. */
export type OpenVae = OpenedCheckpoint<VaeHandle>;

/**
 * The batch as the checkpoint's training data was (size, channels, [0, 1]); a new tensor the caller
 * disposes. The checkpoint's chain resizes and converts; anything it leaves unfit is a clear error.
 */
export async function prepareImages(open: OpenVae, batch: ImageBatch): Promise<Tensor4D> {
  const prepared = await open.prepare(batch);
  const [, height, width, channels] = prepared.images.shape;
  const { spec } = open.handle;
  if (height !== spec.height || width !== spec.width || channels !== spec.channels || (prepared.range ?? 'unit') !== 'unit') {
    if (prepared.images !== batch.images) prepared.images.dispose();
    throw new AtelierError(
      'IMAGE_INVALID',
      `Images are ${width}×${height}×${channels} after the checkpoint's preprocessing; the model takes ${spec.width}×${spec.height}×${spec.channels} in [0, 1]`,
      { path: 'input', limit: `${spec.width}x${spec.height}x${spec.channels}` },
    );
  }
  // Never hand back the caller's input tensor: the editor disposes what this returns.
  return prepared.images === batch.images ? (batch.images.clone() as Tensor4D) : prepared.images;
}
