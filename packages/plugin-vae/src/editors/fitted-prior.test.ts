import { tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cholesky, sampleLatentMixture, type LatentMixture } from './fitted-prior.js';

beforeAll(async () => {
  await initEngine('cpu');
});

function product(lower: Float32Array, size: number): number[] {
  return Array.from({ length: size * size }, (_, at) => {
    const [row, col] = [Math.floor(at / size), at % size];
    let sum = 0;
    for (let k = 0; k < size; k++) sum += lower[row * size + k] * lower[col * size + k];
    return sum;
  });
}

/** Two well-separated 2-D components: the first wide along x, the second tilted. */
function twoComponents(): LatentMixture {
  return {
    labels: [3, 8],
    weights: [0.25, 0.75],
    means: tf.tensor2d([[-10, 0], [10, 5]]),
    scales: tf.tensor3d([[[2, 0], [0, 0.5]], [[1, 0], [0.8, 0.6]]]),
  };
}

describe('fitted latent prior', () => {
  it('factors a covariance so that L·Lᵀ gives it back, and stays finite where a latent never varies', () => {
    const covariance = [4, 2, 0.4, 2, 3, 0.1, 0.4, 0.1, 1];
    const lower = cholesky(covariance, 3);
    expect(lower[1]).toBe(0);
    expect(Math.max(...product(lower, 3).map((v, i) => Math.abs(v - covariance[i])))).toBeLessThan(1e-5);
    const flat = cholesky([1, 0, 0, 0], 2);
    expect(Array.from(flat).every(Number.isFinite)).toBe(true);
    expect(flat[3]).toBeLessThan(1e-5);
  });

  it('draws each component by its weight with its own mean and covariance, seeded, and frees its tensors', () => {
    const mixture = twoComponents();
    const before = tf.memory().numTensors;
    const samples = sampleLatentMixture(mixture, 4000, 7, 1);
    const again = sampleLatentMixture(mixture, 4000, 7, 1);
    expect(tf.memory().numTensors).toBe(before + 2);
    const values = samples.arraySync();
    expect(again.arraySync()).toEqual(values);
    tf.dispose([samples, again]);

    const second = values.filter(([x]) => x > 0);
    expect(second.length / values.length).toBeCloseTo(0.75, 1);
    const moments = (points: number[][]) => {
      const mean = [0, 1].map((d) => points.reduce((s, p) => s + p[d], 0) / points.length);
      const cov = (a: number, b: number) => points.reduce((s, p) => s + (p[a] - mean[a]) * (p[b] - mean[b]), 0) / (points.length - 1);
      return { mean, cov: [cov(0, 0), cov(0, 1), cov(1, 1)] };
    };
    const tilted = moments(second);
    expect(tilted.mean[0]).toBeCloseTo(10, 0);
    expect(tilted.mean[1]).toBeCloseTo(5, 0);
    // Σ = L·Lᵀ for L = [[1, 0], [0.8, 0.6]]: [[1, 0.8], [0.8, 1]].
    expect(tilted.cov[0]).toBeCloseTo(1, 0.5);
    expect(tilted.cov[1]).toBeCloseTo(0.8, 0.5);
    expect(tilted.cov[2]).toBeCloseTo(1, 0.5);
    const wide = moments(values.filter(([x]) => x < 0));
    expect(wide.cov[0] / wide.cov[2]).toBeGreaterThan(10);
    tf.dispose([mixture.means, mixture.scales]);
  });

  it('takes the asked-for label’s component, scales the spread by the temperature, and refuses a label it never saw', () => {
    const mixture = twoComponents();
    const pinned = sampleLatentMixture(mixture, 50, 1, 1, Array.from({ length: 50 }, (_, i) => (i % 2 ? 8 : 3)));
    pinned.arraySync().forEach(([x], i) => expect(Math.sign(x)).toBe(i % 2 ? 1 : -1));
    const cold = sampleLatentMixture(mixture, 20, 1, 0, Array(20).fill(8));
    expect(new Set(cold.arraySync().map((p) => p.join()))).toEqual(new Set(['10,5']));
    expect(() => sampleLatentMixture(mixture, 2, 1, 1, [3, 5])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ path: 'priorSize' }) }));
    tf.dispose([pinned, cold, mixture.means, mixture.scales]);
  });
});
