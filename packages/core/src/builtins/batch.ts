import type { ImageBatch, ImageMeta, Tensor4D, tf as Tf, ValueRange } from '@atelier/plugin-api';

/**
 * A new batch around freshly made pixels, with its own copy of each image's metadata, so a later
 * step that annotates its output never writes into an earlier step's batch.
 */
export function withImages(batch: ImageBatch, images: Tensor4D, meta: ImageMeta[] = batch.meta.map((m) => ({ ...m }))): ImageBatch {
  return batch.range === undefined ? { images, meta } : { images, meta, range: batch.range };
}

/** A pixel value given in [0, 1] (a fill, a background) expressed in the batch's own range. */
export function pixelValue(unit: number, range: ValueRange | undefined): number {
  return range === 'symmetric' ? unit * 2 - 1 : unit;
}

/** Clips to the valid pixel values of the range; call inside `tf.tidy`. */
export function clipToRange(tf: typeof Tf, images: Tensor4D, range: ValueRange | undefined): Tensor4D {
  return tf.clipByValue(images, pixelValue(0, range), 1);
}
