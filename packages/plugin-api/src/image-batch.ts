import type { Tensor4D } from './tf.js';

/** What a run knows about one image besides its pixels; classifiers add labels and scores here. */
export interface ImageMeta {
  seed?: number;
  label?: number;
  labelName?: string;
  source?: string;
  [key: string]: unknown;
}

/** Value range of the pixels: `unit` is [0, 1] (between pipeline steps), `symmetric` is [-1, 1]. */
export type ValueRange = 'unit' | 'symmetric';

/**
 * Images between steps: a float32 `[n, h, w, c]` tensor (c = 1 or 3) plus one metadata entry per
 * image. Pipeline steps always exchange `unit` batches; `symmetric` only appears inside a model's
 * preprocessing chain. Whoever creates the tensor owns it and disposes it.
 */
export interface ImageBatch {
  images: Tensor4D;
  meta: ImageMeta[];
  range?: ValueRange;
}
