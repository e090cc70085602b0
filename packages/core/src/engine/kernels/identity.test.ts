import { beforeAll, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { tf } from '@atelier/plugin-api';
import { identityConfig } from './identity.js';

beforeAll(async () => {
  await initEngine('wasm');
});

it('clones on WASM by sharing the data, which outlives the original and is freed with the last holder', () => {
  expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(identityConfig.kernelFunc);
  const before = tf.memory();
  const x = tf.tensor([1.5, -2, 3, 4e-39], [2, 2]);
  const copy = tf.clone(x);
  // One buffer for both: a copying Identity would make a second.
  expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
  x.dispose();
  expect(Array.from(copy.dataSync())).toEqual(Array.from(new Float32Array([1.5, -2, 3, 4e-39])));
  expect(copy.shape).toEqual([2, 2]);
  copy.dispose();
  expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  expect(tf.memory().numTensors).toBe(before.numTensors);
});

it('keeps the gradients tfjs computes from the tensors it cloned for the backward pass', () => {
  const x = tf.tensor([0.5, -1, 2, -3]);
  const before = tf.memory().numTensors;
  // d/dx Σ (x·x)·x = 3x², through saved clones of x and x·x.
  const gradient = tf.grad((input: tf.Tensor) => tf.mul(tf.mul(input, input), input).sum())(x);
  expect(Array.from(gradient.dataSync())).toEqual([0.75, 3, 12, 27]);
  gradient.dispose();
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});
