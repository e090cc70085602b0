import { AtelierError, z } from '@atelier/core';
import type { ImageMeta } from '@atelier/core';
import type { VaeHandle } from '../models/vae-handle.js';

/** A label by name (`"3"`, `"cat"`) or by index into the checkpoint's label names. */
export const labelParam = z.union([z.string().min(1), z.number().int().min(0)]);
export type LabelParam = z.infer<typeof labelParam>;

/** Index of a label among the checkpoint's names; a name wins over an index-looking string. */
export function labelIndex(names: string[], value: LabelParam, path: string): number {
  const byName = typeof value === 'string' ? names.indexOf(value) : -1;
  const index = byName >= 0 ? byName : typeof value === 'number' ? value : -1;
  if (index < 0 || index >= names.length) {
    const known = names.length > 0 ? names.join(', ') : 'none: the checkpoint was trained without labels';
    throw new AtelierError('BAD_USER_INPUT', `Unknown label ${JSON.stringify(value)}; the checkpoint knows ${known}`, {
      path,
      limit: names.join('|'),
    });
  }
  return index;
}

/**
 * Labels of input images for a conditional checkpoint: the `label` parameter for all of them, else
 * each image's own label from its metadata. Undefined for an unconditional checkpoint.
 */
export function imageLabels(vae: VaeHandle, meta: ImageMeta[], param: LabelParam | undefined): number[] | undefined {
  if (!vae.conditional) return undefined;
  return meta.map((m) => {
    const value = param ?? m.labelName ?? m.label;
    if (value === undefined) {
      throw new AtelierError('BAD_USER_INPUT', 'A conditional checkpoint needs each image\'s label: set `label` or load labelled images', {
        path: 'label',
      });
    }
    return labelIndex(vae.labelNames, value, 'label');
  });
}
