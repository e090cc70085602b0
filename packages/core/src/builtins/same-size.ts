import { AtelierError, type ImageBatch } from '@atelier/plugin-api';

/**
 * Refuses batches of different counts or sizes at run time, for inputs whose size validation could
 * not know (files read at their own size). Channels may differ: one gray batch broadcasts.
 */
export function checkSameSize(use: string, batches: ImageBatch[]): void {
  const [count, height, width] = batches[0].images.shape;
  batches.slice(1).forEach((batch, k) => {
    const [n, h, w] = batch.images.shape;
    if (n !== count || h !== height || w !== width) {
      throw new AtelierError('BAD_USER_INPUT', `${use}: input ${k + 2} is ${n} × ${w}×${h} images and input 1 is ${count} × ${width}×${height}; inputs must agree`, {
        path: `from[${k + 1}]`,
      });
    }
  });
}
