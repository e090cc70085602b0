import type { TrainingData } from '@atelier/plugin-api';
import { memoryTrainingData } from '@atelier/core/testing';
import { ganHyperparameters, type GanHyperparameters } from '../models/hyperparameters.js';

/** Tiny networks for tests: seconds on the CPU backend. */
export function tinyHyperparameters(overrides: Partial<GanHyperparameters> = {}): GanHyperparameters {
  return ganHyperparameters.parse({ latentSize: 8, generatorWidth: 4, discriminatorWidth: 4, batchSize: 4, previewEvery: 0, ...overrides });
}

/**
 * `count` images in [-1, 1]: a bright square whose corner depends on the label, on a dark ground —
 * data with structure a GAN can start to learn, made by code rather than stored.
 */
export function squaresData(count: number, h: GanHyperparameters, labelCount = 2): TrainingData {
  const size = h.imageSize;
  const pixels = new Float32Array(count * size * size * h.channels).fill(-1);
  const labels = Array.from({ length: count }, (_, i) => i % labelCount);
  labels.forEach((label, n) => {
    const offset = (label % 2) * (size / 2);
    for (let y = 0; y < size / 2; y++)
      for (let x = 0; x < size / 2; x++)
        for (let c = 0; c < h.channels; c++) pixels[((n * size + y + offset) * size + x + offset) * h.channels + c] = 1;
  });
  return memoryTrainingData({
    pixels,
    labels,
    shape: [count, size, size, h.channels],
    labelNames: Array.from({ length: labelCount }, (_, i) => `class-${i}`),
    range: 'symmetric',
  });
}
