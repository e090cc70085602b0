import { type CheckpointRequirement, z } from '@atelier/plugin-api';
import { vaeConditional } from '../models/vae-conditional.js';
import { vaeConv } from '../models/vae-conv.js';

/** The checkpoints the VAE editors open: either family, able to encode. */
export const vaeCheckpoint: CheckpointRequirement = { families: [vaeConv.id, vaeConditional.id], capability: 'encode' };

export const groupSizeParam = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .default(100)
  .describe("Images per label taken from the checkpoint's data set to place a label in latent space (unconditional checkpoints).");
