import { AtelierError } from '@atelier/core';
import type { EditorContext } from '@atelier/core';

/** Refuses a step that would produce more images than the run's limit, naming the field that sets it. */
export function checkOutputCount(ctx: EditorContext, count: number, path: string): void {
  const limit = ctx.limits.maxImagesPerStep;
  if (count > limit) {
    throw new AtelierError('LIMIT_EXCEEDED', `This step would produce ${count} images; the limit is ${limit}`, { path, limit });
  }
}
