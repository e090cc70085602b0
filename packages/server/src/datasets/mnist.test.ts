import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, type TestAtelier } from '@atelier/core/testing';
import { importMnist } from './mnist.js';

describe('importMnist', () => {
  let atelier: TestAtelier;
  beforeAll(async () => {
    atelier = await createTestAtelier();
  });
  afterAll(() => atelier.cleanup());

  it('imports MNIST digits in a balanced, deterministic order and loads them by label', async () => {
    const { datasets } = atelier;
    const record = await importMnist(datasets, { name: 'digits', limit: 30 });
    expect(record).toMatchObject({ source: 'mnist', count: 30, width: 28, height: 28, channels: 1, labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    const all = datasets.load('digits');
    expect([...all.labels]).toEqual(Array.from({ length: 30 }, (_, i) => i % 10));
    expect(all.pixels.length).toBe(30 * 784);
    // Real digits: mostly background with some bright strokes.
    const first = all.pixels.subarray(0, 784);
    expect(Math.max(...first)).toBeGreaterThan(200);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(400);

    const threes = datasets.load('digits', { label: '3' });
    expect(threes.count).toBe(3);
    expect([...threes.labels]).toEqual([3, 3, 3]);
    expect(threes.pixels.subarray(0, 784)).toEqual(all.pixels.subarray(3 * 784, 4 * 784));
  });

  it('splits MNIST 9 : 1 per digit into disjoint train and holdout parts, and refuses other splits and limits', async () => {
    const { datasets } = atelier;
    const train = await importMnist(datasets, { name: 'train', split: 'train' });
    const holdout = await importMnist(datasets, { name: 'holdout', split: 'holdout' });
    expect(train.count + holdout.count).toBe(10_000);
    const counts = (labels: ArrayLike<number>) => Array.from({ length: 10 }, (_, d) => Array.from(labels).filter((l) => l === d).length);
    const trainCounts = counts(datasets.load('train').labels);
    counts(datasets.load('holdout').labels).forEach((held, digit) => {
      // Every 10th sample of each digit is held out.
      expect(held).toBe(Math.floor((held + trainCounts[digit]) / 10));
    });
    // No held-out image is among the training images.
    const key = (pixels: Uint8Array, i: number) => Buffer.from(pixels.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const trained = datasets.load('train');
    const seen = new Set(Array.from({ length: trained.count }, (_, i) => key(trained.pixels, i)));
    const held = datasets.load('holdout');
    expect(Array.from({ length: held.count }, (_, i) => key(held.pixels, i)).filter((k) => seen.has(k))).toEqual([]);
    await expect(importMnist(datasets, { name: 'bad', split: 'test' as never })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'split' } });
    await expect(importMnist(datasets, { name: 'bad', limit: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'limit' } });
    expect(datasets.get('bad')).toBeNull();
  });
});
