import { AtelierError } from '@atelier/core';

/** A class given by index or by name → its index; a typed error naming `path` otherwise. */
export function resolveLabel(value: number | string, labelNames: string[], path: string): number {
  if (labelNames.length === 0) {
    throw new AtelierError('BAD_USER_INPUT', 'This checkpoint is unconditional: it takes no class labels', { path, limit: 0 });
  }
  const index = typeof value === 'number' ? value : labelNames.indexOf(value);
  if (!Number.isInteger(index) || index < 0 || index >= labelNames.length) {
    throw new AtelierError(
      'BAD_USER_INPUT',
      `Label ${JSON.stringify(value)} is not one of the checkpoint's ${labelNames.length} classes (0…${labelNames.length - 1}: ${labelNames.join(', ')})`,
      { path, limit: labelNames.length - 1 },
    );
  }
  return index;
}

/** A label vector: one-hot for a class, or a blend of two when editing along a class direction. */
export function labelVector(labelCount: number, weights: Record<number, number>): number[] {
  return Array.from({ length: labelCount }, (_, i) => weights[i] ?? 0);
}
