import { afterAll, beforeAll, expect, it } from 'vitest';
import { initEngine } from './engine.js';
import { copyValuesInto } from './tensor-values.js';
import { tf } from '@atelier/plugin-api';

beforeAll(async () => {
  await initEngine('wasm');
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

it.each(['wasm', 'cpu'])('copies a tensor’s values into an array at an offset on %s, reading each tensor’s own bytes', async (backend) => {
  await tf.setBackend(backend);
  // Computed tensors, so each sits wherever the backend put its output.
  const a = tf.tidy(() => tf.range(0, 5).mul(2));
  const b = tf.tidy(() => tf.tensor2d([[1.5, -2], [3, 4.25]]).neg());
  const target = new Float32Array(10).fill(-1);
  copyValuesInto(a, target, 1);
  copyValuesInto(b, target, 6);
  expect(Array.from(target)).toEqual([-1, 0, 2, 4, 6, 8, -1.5, 2, -3, -4.25]);
  // The copy is the caller's: changing it leaves the tensor alone.
  target.fill(0);
  expect(Array.from(a.dataSync())).toEqual([0, 2, 4, 6, 8]);
  tf.dispose([a, b]);
});
