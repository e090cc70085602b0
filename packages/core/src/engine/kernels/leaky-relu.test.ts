import { beforeAll, expect, it } from 'vitest';
import { random, randomValues } from '../__fixtures__/conv-reference.js';
import { initEngine } from '../engine.js';
import { tf } from '@atelier/plugin-api';
import { leakyReluConfig } from './leaky-relu.js';

beforeAll(async () => {
  await initEngine('wasm');
});

/** tfjs-wasm's kernel per value: x < 0 ? α·x : x, the product rounded once to float32. */
function shippedLeakyRelu(values: ArrayLike<number>, alpha: number): Float32Array {
  const alpha32 = Math.fround(alpha);
  return Float32Array.from(values, (x) => (x < 0 ? Math.fround(alpha32 * x) : x));
}

const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

it('runs LeakyRelu on WASM with the bits of the shipped kernel, signed zeros and infinities included, without leaks', () => {
  expect(tf.getKernel(tf.LeakyRelu, 'wasm')?.kernelFunc).toBe(leakyReluConfig.kernelFunc);
  const next = random(47);
  const special = [0, -0, Infinity, -Infinity, 1e-40, -1e-40, 3.4e38, -3.4e38];
  const values = Float32Array.from(randomValues(6000, next), (v, i) => (i < special.length ? special[i] : v * 10));
  const before = tf.memory().numTensors;
  for (const alpha of [0.2, 0.01, 0.3333]) {
    const out = tf.tidy(() => tf.leakyRelu(tf.tensor(values, [2, 30, 25, 4]), alpha));
    expect(out.dtype).toBe('float32');
    expect(bits(out.dataSync() as Float32Array)).toEqual(bits(shippedLeakyRelu(values, alpha)));
    out.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
});

it('returns float32 for int32 input, as tfjs does, and handles an empty tensor', () => {
  const ints = [-7, -1, 0, 1, 5, -2147483, 16777216];
  const out = tf.tidy(() => tf.leakyRelu(tf.tensor(ints, [ints.length], 'int32'), 0.2));
  expect(out.dtype).toBe('float32');
  expect(bits(out.dataSync() as Float32Array)).toEqual(bits(shippedLeakyRelu(ints, 0.2)));
  out.dispose();
  const empty = tf.tidy(() => tf.leakyRelu(tf.zeros([0, 3]), 0.2));
  expect(empty.shape).toEqual([0, 3]);
  empty.dispose();
});
