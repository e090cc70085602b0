import { z } from 'zod';

/** Parameter schemas most model-backed editors share; ids and names resolve through the checkpoint store. */
export const checkpointParam = z.string().min(1).describe('Checkpoint id or name (the newest of that name)');

/** An image count; the configured `limits.maxImagesPerStep` is checked with `checkImageCount` when it runs. */
export const countParam = (defaultCount = 16) => z.number().int().min(1).max(4096).default(defaultCount).describe('Number of images');
