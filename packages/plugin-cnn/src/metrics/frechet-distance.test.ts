import { describe, expect, it } from 'vitest';
import { createRandom } from '@atelier/plugin-api';
import { frechetDistance } from './frechet-distance.js';
import { symmetricEigen } from './symmetric-eigen.js';

function gaussianRows(count: number, dim: number, seed: number, shift = 0, scale = 1): Float64Array {
  const random = createRandom(seed);
  const rows = new Float64Array(count * dim);
  for (let i = 0; i < rows.length; i++) {
    // Box–Muller from the seeded stream.
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    rows[i] = shift + scale * normal;
  }
  return rows;
}

describe('symmetricEigen', () => {
  it('decomposes a symmetric matrix: A·v = λ·v for every pair', () => {
    const n = 6;
    const random = createRandom(1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random.next() - 0.5;
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * n + k], 9);
      }
    }
  });
});

describe('frechetDistance', () => {
  it('is 0 between a set and itself', () => {
    const rows = gaussianRows(50, 4, 2);
    expect(frechetDistance(rows, 50, rows, 50, 4)).toBeCloseTo(0, 6);
  });

  it('matches the closed form in one dimension: (μ₁ − μ₂)² + (σ₁ − σ₂)²', () => {
    const a = gaussianRows(400, 1, 3, 0, 1);
    const b = gaussianRows(400, 1, 4, 2, 3);
    const stats = (r: Float64Array) => {
      const mean = r.reduce((s, v) => s + v, 0) / r.length;
      return { mean, sd: Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / (r.length - 1)) };
    };
    const [x, y] = [stats(a), stats(b)];
    expect(frechetDistance(a, 400, b, 400, 1)).toBeCloseTo((x.mean - y.mean) ** 2 + (x.sd - y.sd) ** 2, 6);
  });

  it('grows as the sets drift apart', () => {
    const base = gaussianRows(100, 8, 5);
    const near = gaussianRows(100, 8, 6, 0.1);
    const far = gaussianRows(100, 8, 7, 1, 2);
    expect(frechetDistance(base, 100, far, 100, 8)).toBeGreaterThan(4 * frechetDistance(base, 100, near, 100, 8));
  });
});
