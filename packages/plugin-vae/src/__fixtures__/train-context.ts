import type { TrainingData } from '@atelier/plugin-api';
import { memoryTrainingData } from '@atelier/core/testing';
import { vaeHyperparameters, type VaeHyperparameters } from '../models/hyperparameters.js';

/** Tiny networks for tests: seconds on the CPU backend. */
export function tinyHyperparameters(overrides: Partial<VaeHyperparameters> = {}): VaeHyperparameters {
  return vaeHyperparameters.parse({ latentSize: 4, widths: [4, 8], batchSize: 4, learningRate: 0.01, previewEvery: 0, ...overrides });
}

/**
 * `count` images in [0, 1]: a bright bar on a dark ground, horizontal for label 0 and vertical for
 * label 1, at a position that varies per image — structure a VAE picks up in a few steps.
 */
export function barsData(count: number, h: VaeHyperparameters): TrainingData {
  const size = h.imageSize;
  const pixels = new Float32Array(count * size * size * h.channels);
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  labels.forEach((label, n) => {
    const at = 4 + ((n * 5) % (size - 12));
    for (let a = at; a < at + 4; a++)
      for (let b = 2; b < size - 2; b++)
        for (let c = 0; c < h.channels; c++) {
          const [y, x] = label === 0 ? [a, b] : [b, a];
          pixels[((n * size + y) * size + x) * h.channels + c] = 1;
        }
  });
  return memoryTrainingData({ pixels, labels, shape: [count, size, size, h.channels], labelNames: ['horizontal', 'vertical'], range: 'unit' });
}
