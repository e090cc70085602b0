import { tf, type Tensor4D } from '@atelier/plugin-api';

/** A rectangle in pixels. */
export interface PixelRect {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** A `[n, height, width, 1]` mask, 1 inside each image's rectangles (missing pixels), 0 elsewhere. */
export function rectangleMask(height: number, width: number, rects: PixelRect[][]): Tensor4D {
  const values = new Float32Array(rects.length * height * width);
  rects.forEach((imageRects, image) => {
    for (const rect of imageRects) {
      for (let y = Math.max(0, rect.top); y < Math.min(height, rect.top + rect.height); y++) {
        const row = (image * height + y) * width;
        values.fill(1, row + Math.max(0, rect.left), row + Math.min(width, rect.left + rect.width));
      }
    }
  });
  return tf.tensor4d(values, [rects.length, height, width, 1]);
}
