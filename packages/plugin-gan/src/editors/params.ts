import { type CheckpointRequirement, z } from '@atelier/plugin-api';

/** Parameter schemas the GAN editors share. */
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
