import { symmetricEigen } from './symmetric-eigen.js';

/** Mean and covariance (n − 1 denominator) of `count` row-major vectors of `dim` values. */
function moments(rows: ArrayLike<number>, count: number, dim: number): { mean: Float64Array; covariance: Float64Array } {
  const mean = new Float64Array(dim);
  for (let r = 0; r < count; r++) for (let i = 0; i < dim; i++) mean[i] += rows[r * dim + i] / count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < dim; i++) centred[i] = rows[r * dim + i] - mean[i];
    for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) covariance[i * dim + j] += (centred[i] * centred[j]) / (count - 1);
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) covariance[i * dim + j] = covariance[j * dim + i];
  return { mean, covariance };
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const aik = a[i * n + k];
    if (aik !== 0) for (let j = 0; j < n; j++) out[i * n + j] += aik * b[k * n + j];
  }
  return out;
}

/**
 * Fréchet distance between Gaussians fitted to two embedding sets (the FID formula):
 * |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½). tr((Σ₁Σ₂)^½) is the sum of square roots of the eigenvalues
 * of Σ₁^½ Σ₂ Σ₁^½, which is symmetric, so only symmetric eigen-decompositions are needed.
 * Each set needs at least 2 vectors.
 */
export function frechetDistance(a: ArrayLike<number>, aCount: number, b: ArrayLike<number>, bCount: number, dim: number): number {
  const x = moments(a, aCount, dim);
  const y = moments(b, bCount, dim);
  let distance = 0;
  for (let i = 0; i < dim; i++) distance += (x.mean[i] - y.mean[i]) ** 2 + x.covariance[i * dim + i] + y.covariance[i * dim + i];
  const { values, vectors } = symmetricEigen(x.covariance, dim);
  const root = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) {
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += vectors[i * dim + k] * Math.sqrt(Math.max(values[k], 0)) * vectors[j * dim + k];
    root[i * dim + j] = sum;
  }
  const product = symmetricEigen(multiply(multiply(root, y.covariance, dim), root, dim), dim).values;
  for (const value of product) distance -= 2 * Math.sqrt(Math.max(value, 0));
  // Rounding can leave a tiny negative distance between identical sets.
  return Math.max(distance, 0);
}
