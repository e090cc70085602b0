import type { CheckpointRecord } from './records.js';
import type { ImageShape, OutputShape, ShapeContext } from './types.js';

/** A batch validation knows nothing about: what a component that declares no shape produces. */
export const unknownShape: ImageShape = { count: null, width: null, height: null, channels: null };

/** The declaration of a component whose output has its (first) input's shape: pixel edits, classifiers. */
export function keepsInputShape(_ctx: ShapeContext, inputs: ImageShape | ImageShape[]): OutputShape {
  return { ...((Array.isArray(inputs) ? inputs[0] : inputs) ?? unknownShape) };
}

/** A product of sizes, unknown when either is. */
export function times(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a * b;
}

/**
 * Images a checkpoint's model draws or redraws: `count` of them at the size and channels it was
 * trained on (its data spec), which the parameter `with.checkpoint` chooses.
 */
export function decodedShape(record: CheckpointRecord | null, count: Pick<ImageShape, 'count' | 'countIsMaximum'>, countSetBy?: string): OutputShape {
  const spec = record?.dataSpec;
  return {
    count: count.count,
    ...(count.countIsMaximum ? { countIsMaximum: true } : {}),
    width: spec?.width ?? null,
    height: spec?.height ?? null,
    channels: spec?.channels ?? null,
    setBy: { ...(countSetBy ? { count: countSetBy } : {}), width: 'with.checkpoint', height: 'with.checkpoint' },
  };
}
