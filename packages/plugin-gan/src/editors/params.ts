import { AtelierError, z } from '@atelier/core';
import type { Limits } from '@atelier/core';

/** Parameter schemas the GAN editors share. */
export const checkpointParam = z.string().min(1).describe('Checkpoint id or name of a gan.dcgan or gan.conditional model');
export const labelParam = z.union([z.number().int().min(0), z.string().min(1)]).describe('Class index or name');
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

/** The schema caps counts at 1024; the configured per-step limit may be lower. */
export function checkCount(count: number, limits: Limits, path: string): void {
  if (count > limits.maxImagesPerStep) {
    throw new AtelierError('LIMIT_EXCEEDED', `${count} images exceed this server's limit of ${limits.maxImagesPerStep} per step`, {
      path,
      limit: limits.maxImagesPerStep,
    });
  }
}
