import { z } from '@atelier/plugin-api';

export const checkpointParam = z.string().min(1).describe('Id or name of a vae.conv or vae.conditional checkpoint.');

export const groupSizeParam = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .default(100)
  .describe("Images per label taken from the checkpoint's data set to place a label in latent space (unconditional checkpoints).");
