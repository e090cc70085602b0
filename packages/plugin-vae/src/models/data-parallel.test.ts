import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, expectSucceeded, type TestAtelier } from '@atelier/core/testing';

/**
 * vae.conv on two worker processes against one: the sampling layer's ε is drawn for the global
 * batch and sliced (`shardRandomNormal`), so each step's losses agree up to float32 summation order.
 */
const hyperparameters = { latentSize: 4, widths: [4, 8], batchSize: 8, learningRate: 0.001, previewEvery: 0 };

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)], workers: 2 });
  await importTestDigits(atelier, 'digits', 32);
});
afterAll(() => atelier.cleanup());

async function losses(workers: number): Promise<{ reconstruction: number; kl: number }[]> {
  const run = await atelier.submitTraining({ family: 'vae.conv', dataset: 'digits', epochs: 2, seed: 9, workers, hyperparameters });
  const done = await expectSucceeded(atelier, run);
  expect(done.result.workers).toBe(workers);
  return done.result.losses as { reconstruction: number; kl: number }[];
}

describe('vae.conv on two workers', () => {
  it('gives the losses of one worker at every step (within 1e-3 relative)', async () => {
    const one = await losses(1);
    const two = await losses(2);
    expect(one).toHaveLength(8);
    expect(two).toHaveLength(8);
    one.forEach((point, i) => {
      for (const key of ['reconstruction', 'kl'] as const) expect(Math.abs(two[i][key] - point[key])).toBeLessThanOrEqual(1e-3 * Math.abs(point[key]));
    });
  });
});
