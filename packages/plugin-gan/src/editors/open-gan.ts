import { AtelierError } from '@atelier/core';
import type { CheckpointRequirement, EditorContext, LoadedCheckpoint } from '@atelier/core';
import { isGanHandle, type GanHandle } from '../models/gan-handle.js';

export const ganCheckpoint: CheckpointRequirement = { families: ['gan.dcgan', 'gan.conditional'], capability: 'generate' };

/** Opens the step's checkpoint through core (which checks family and capability) as a GanHandle. */
export async function openGan(ctx: EditorContext, ref: string): Promise<{ loaded: LoadedCheckpoint; gan: GanHandle }> {
  const loaded = await ctx.checkpoint(ref, ganCheckpoint);
  if (!isGanHandle(loaded.model)) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint ${ref} (${loaded.record.family}) is not a GAN`, {
      path: 'with.checkpoint',
    });
  }
  return { loaded, gan: loaded.model };
}
