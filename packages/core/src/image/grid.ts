import type { ImageBatch, tf as Tf } from '@atelier/plugin-api';

export interface GridOptions {
  /** Images per row; default ceil(sqrt(n)). */
  columns?: number;
  /** Pixels between images and around the sheet; default 2. */
  padding?: number;
  /** Gray level of the padding and of empty cells, in [0, 1]; default 0. */
  background?: number;
}

/** Columns and rows of the sheet for `count` images. */
export function gridLayout(count: number, columns?: number): { columns: number; rows: number } {
  const used = Math.max(1, Math.min(count, columns ?? Math.ceil(Math.sqrt(count))));
  return { columns: used, rows: Math.ceil(count / used) };
}

/**
 * Lays a batch out as one contact-sheet image (row-major, like torchvision's `make_grid`): a sheet
 * of `rows × columns` cells, each image with `padding` pixels around it. Returns a new batch.
 */
export function makeGrid(tf: typeof Tf, batch: ImageBatch, options: GridOptions = {}): ImageBatch {
  const [count, height, width, channels] = batch.images.shape;
  const { columns, rows } = gridLayout(count, options.columns);
  const padding = options.padding ?? 2;
  const unit = options.background ?? 0;
  // The padding is a pixel value, so it lives in the batch's own range.
  const background = batch.range === 'symmetric' ? unit * 2 - 1 : unit;
  const sheet = tf.tidy(() => {
    const cellHeight = height + padding;
    const cellWidth = width + padding;
    // Each cell carries padding above and left of its image; the sheet adds it below and right.
    const cells = tf.pad(batch.images, [[0, rows * columns - count], [padding, 0], [padding, 0], [0, 0]], background);
    const laidOut = cells
      .reshape([rows, columns, cellHeight, cellWidth, channels])
      .transpose([0, 2, 1, 3, 4])
      .reshape([rows * cellHeight, columns * cellWidth, channels]);
    return tf.pad(laidOut, [[0, padding], [0, padding], [0, 0]], background).expandDims(0) as Tf.Tensor4D;
  });
  return {
    images: sheet,
    meta: [{ grid: { count, columns, rows, padding }, sources: batch.meta.map((m) => m.source ?? null) }],
    range: batch.range,
  };
}
