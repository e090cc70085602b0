import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, expectSucceeded, type TestAtelier } from '@atelier/core/testing';

/**
 * K = 2 against K = 1 on real worker processes. The DCGAN is built without batch normalisation
 * (`generatorNorm: 'none'`; its statistics would be per shard), so the only difference two workers make is the order in which the two
 * half-batch gradients are summed: a few float32 ulps per step. Learning rates are 5e-5 rather than
 * the default 2e-4: Adam scales every element's step to about the learning rate whatever the
 * gradient's size, so an element whose gradient is near zero can turn ulp noise into a step of
 * ±lr; at 2e-4 one such event (step 11 of this run) moves weights by 5e-5 and they reach 6e-4 apart
 * by step 20, at 5e-5 they stay within 1e-8.
 */
const hyperparameters = { generatorNorm: 'none', latentSize: 8, generatorWidth: 8, discriminatorWidth: 8, batchSize: 16, previewEvery: 0, generatorLearningRate: 5e-5, discriminatorLearningRate: 5e-5 };

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)], workers: 2 });
  await importTestDigits(atelier, 'digits', 64);
});
afterAll(() => atelier.cleanup());

interface Trained {
  losses: { step: number; discriminator: number; generator: number }[];
  workers: number;
  weights: Record<string, Buffer>;
  topology: Record<string, Buffer>;
}

/** 20 steps (5 epochs of 64 images at batch 16) from seed 11 on `workers` workers. */
async function train(workers: number, name: string, extra: Record<string, unknown> = {}): Promise<Trained> {
  const run = await atelier.submitTraining({ family: 'gan.dcgan', dataset: 'digits', name, epochs: 5, seed: 11, workers, hyperparameters: { ...hyperparameters, ...extra } });
  const done = await expectSucceeded(atelier, run);
  const result = done.result as { losses: Trained['losses']; workers: number; checkpointId: string };
  const checkpoint = atelier.checkpoints.resolve(result.checkpointId);
  const folder = path.join(atelier.home, 'checkpoints', checkpoint.id);
  const weights = Object.fromEntries(checkpoint.models.map((model) => [model, fs.readFileSync(path.join(folder, model, 'weights.bin'))]));
  const topology = Object.fromEntries(checkpoint.models.map((model) => [model, fs.readFileSync(path.join(folder, model, 'model.json'))]));
  return { losses: result.losses, workers: result.workers, weights, topology };
}

const floats = (bytes: Buffer) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** Losses within 1e-3 relative at every step, weights within 1e-4 at the end, and training moved them. */
function expectSameTraining(one: Trained, two: Trained): void {
  expect(two.losses.map((point) => point.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  one.losses.forEach((point, i) => {
    for (const key of ['discriminator', 'generator'] as const) {
      expect(Math.abs(two.losses[i][key] - point[key])).toBeLessThanOrEqual(1e-3 * Math.abs(point[key]));
    }
  });
  expect(Object.keys(two.weights).sort()).toEqual(['discriminator', 'generator']);
  let largest = 0;
  for (const [model, bytes] of Object.entries(one.weights)) {
    const a = floats(bytes);
    const b = floats(two.weights[model]);
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  }
  expect(largest).toBeLessThanOrEqual(1e-4);
  // Training did move the weights, so the comparison above compares something.
  expect(one.losses[19].discriminator).not.toBe(one.losses[0].discriminator);
}

describe('gan.dcgan on two workers', () => {
  it('matches one worker step by step (losses within 1e-3 relative, weights within 1e-4) and repeats byte for byte', async () => {
    const one = await train(1, 'one-worker');
    const two = await train(2, 'two-workers');
    const again = await train(2, 'two-workers-again');
    expect([one.workers, two.workers, again.workers]).toEqual([1, 2, 2]);
    expectSameTraining(one, two);

    for (const model of Object.keys(two.weights)) {
      expect(again.weights[model].equals(two.weights[model])).toBe(true);
      expect(again.topology[model].toString()).toBe(two.topology[model].toString());
    }
  });

  it('matches one worker with a code of clusters: each shard labels its images as the whole set would', async () => {
    const clusters = { latentCategories: 3, latentCategoriesFrom: 'clusters' };
    const one = await train(1, 'clusters-one-worker', clusters);
    const two = await train(2, 'clusters-two-workers', clusters);
    expect(two.workers).toBe(2);
    expectSameTraining(one, two);
  });
});
