import type { ImageBatch, tf as TF } from '@atelier/plugin-api';
import type { LoadedImages } from '../contracts/records.js';

/** Stored uint8 pixels → a unit-range ImageBatch, labels in the metadata. */
export function datasetToBatch(tf: typeof TF, name: string, loaded: LoadedImages): ImageBatch {
  const { count, height, width, channels } = loaded;
  const images = tf.tidy(() => tf.tensor4d(loaded.pixels, [count, height, width, channels], 'int32').toFloat().div(255)) as ImageBatch['images'];
  const meta = Array.from({ length: count }, (_, i) => {
    const label = loaded.labels[i];
    return label >= 0 ? { source: `dataset:${name}`, label, labelName: loaded.labelNames[label] } : { source: `dataset:${name}` };
  });
  return { images, meta, range: 'unit' };
}
