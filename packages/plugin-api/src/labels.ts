import { z } from 'zod';
import { AtelierError } from './errors.js';

/** A class label by name (`"3"`, `"cat"`) or by index into the checkpoint's label names. */
export const labelParam = z.union([z.string().min(1), z.number().int().min(0)]).describe('Class name or index');
export type LabelParam = z.infer<typeof labelParam>;

/**
 * Index of a label among a checkpoint's names: a string is a name (`"7"` is the label named 7, wherever
 * it sits), a number an index. A typed error naming `path` and the known labels otherwise.
 */
export function resolveLabel(value: LabelParam, labelNames: readonly string[], path: string): number {
  if (labelNames.length === 0) {
    throw new AtelierError('BAD_USER_INPUT', `Label ${JSON.stringify(value)}: the checkpoint was trained without labels`, { path, limit: 0 });
  }
  const byName = typeof value === 'string' ? labelNames.indexOf(value) : -1;
  const index = byName >= 0 ? byName : typeof value === 'number' ? value : -1;
  if (!Number.isInteger(index) || index < 0 || index >= labelNames.length) {
    throw new AtelierError(
      'BAD_USER_INPUT',
      `Unknown label ${JSON.stringify(value)}; the checkpoint's ${labelNames.length} labels are ${labelNames.map((n, i) => `${i}: ${n}`).join(', ')}`,
      { path, limit: labelNames.length - 1 },
    );
  }
  return index;
}
