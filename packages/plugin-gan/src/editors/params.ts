import { type CheckpointRequirement, type EditorContext, type OpenedCheckpoint, z } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';

/** Parameter schemas the GAN editors share. */
export const checkpointParam = z.string().min(1).describe('Checkpoint id or name of a gan.dcgan or gan.conditional model');
export const truncationParam = z
  .number()
  .positive()
  .max(4)
  .optional()
  .describe('Redraw latent components beyond ±truncation (smaller: more typical, less varied images)');
export const inversionParams = {
  steps: z.number().int().min(1).max(5000).default(200).describe('Optimisation steps of the inversion'),
  learningRate: z.number().positive().max(1).default(0.05).describe('Adam learning rate on z'),
};

export const ganCheckpoint: CheckpointRequirement = { families: ['gan.dcgan', 'gan.conditional'], capability: 'generate' };

/** A GAN checkpoint through core's `ctx.open`, typed as the families' own handle. */
export function openGan(ctx: EditorContext, ref: string): Promise<OpenedCheckpoint<GanHandle>> {
  return ctx.open<'generate', GanHandle>(ref, 'generate', { families: ganCheckpoint.families });
}
