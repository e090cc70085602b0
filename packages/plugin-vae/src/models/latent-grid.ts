import { type Tensor2D, tf } from '@atelier/plugin-api';

/**
 * Codes of the classic 2-D manifold picture: a `steps × steps` lattice over [−extent, extent]²,
 * row-major with the top row at the largest second coordinate so the grid reads like a plot.
 */
export function latentGridCodes(steps: number, extent: number): Tensor2D {
  const at = (i: number) => (steps === 1 ? 0 : -extent + (2 * extent * i) / (steps - 1));
  const values: number[] = [];
  for (let row = 0; row < steps; row++) {
    for (let col = 0; col < steps; col++) values.push(at(col), at(steps - 1 - row));
  }
  return tf.tensor2d(values, [steps * steps, 2]);
}
