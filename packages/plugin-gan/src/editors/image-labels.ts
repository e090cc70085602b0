import { AtelierError, type ImageBatch, resolveLabel } from '@atelier/plugin-api';
import type { GanHandle } from '../models/gan-handle.js';

/**
 * The class of each input image for a conditional inversion: the `labels` parameter (cycled) when
 * given, else each image's meta label (data set images carry one). Undefined for unconditional models.
 */
export function inputLabels(gan: GanHandle, batch: ImageBatch, labels: (number | string)[] | undefined): number[] | undefined {
  if (gan.labelNames.length === 0) return undefined;
  return batch.meta.map((meta, i) => {
    if (labels) return resolveLabel(labels[i % labels.length], gan.labelNames, `with.labels.${i % labels.length}`);
    if (meta.label === undefined) {
      throw new AtelierError('BAD_USER_INPUT', `Image ${i} has no class label; a conditional GAN needs one per image to invert it`, {
        path: 'with.labels',
      });
    }
    return resolveLabel(meta.label, gan.labelNames, `with.labels`);
  });
}
