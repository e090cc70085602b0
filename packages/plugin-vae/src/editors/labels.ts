import { AtelierError, type ImageMeta, type LabelParam, resolveLabel } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';

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
    return resolveLabel(value, vae.labelNames, 'label');
  });
}
