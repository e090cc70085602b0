import { AtelierError } from './errors.js';
import type { Limits } from './types.js';

/**
 * Refuses a step that would produce more images than the configured per-step limit, before any
 * compute, naming the field that asked for them. Schemas cap counts statically; this is the server's.
 */
export function checkImageCount(ctx: { limits: Limits; stepId?: string }, count: number, path: string): void {
  const limit = ctx.limits.maxImagesPerStep;
  if (count > limit) {
    throw new AtelierError('LIMIT_EXCEEDED', `${path} asks for ${count} images; a step may produce at most ${limit}`, {
      step: ctx.stepId,
      path,
      limit,
    });
  }
}
