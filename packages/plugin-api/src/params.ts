import { z } from 'zod';

/** Parameter schemas most model-backed editors share; ids and names resolve through the checkpoint store. */
export const checkpointParam = z.string().min(1).describe('Checkpoint id or name (the newest of that name)');

/** An image count; the configured `limits.maxImagesPerStep` is checked with `checkImageCount` when it runs. */
export const countParam = (defaultCount = 16) => z.number().int().min(1).max(4096).default(defaultCount).describe('Number of images');

/**
 * The fields a failed parameter parse names, as dotted paths under `prefix` (`with.sigma`): a key a
 * strict schema does not know is its own field (`with.topk`), where zod reports it on the object.
 */
export function paramIssues(prefix: string, error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const at = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: `Unrecognized key: "${key}"` }));
    return [{ path: at.join('.'), message: issue.message }];
  });
}
