import { afterAll, beforeAll, expect, it } from 'vitest';
import { random, randomValues } from '../__fixtures__/conv-reference.js';
import { initEngine } from '../engine.js';
import { registerEngineKernels } from '../register-kernels.js';
import { tf } from '@atelier/plugin-api';
import { leakyReluGradConfig } from './leaky-relu-grad.js';

beforeAll(async () => {
  await initEngine('wasm');
  registerEngineKernels('cpu');
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

it.each(['wasm', 'cpu'])('gives LeakyRelu the gradient tfjs ships, bit for bit, on %s', async (backend) => {
  await tf.setBackend(backend);
  expect(tf.getGradient(tf.LeakyRelu)?.gradFunc).toBe(leakyReluGradConfig.gradFunc);
  const next = random(31);
  // Zeros included: x = 0 takes the α side, as in tfjs.
  const values = randomValues(4000, next).map((v, i) => (i % 10 === 0 ? 0 : v));
  const x = tf.tensor(values, [40, 100]);
  const dy = tf.tensor(randomValues(4000, next), [40, 100]);
  const before = tf.memory().numTensors;
  const alpha = 0.2;
  const gradient = tf.grad((input: tf.Tensor) => tf.leakyRelu(input, alpha).mul(dy).sum())(x);
  const shipped = tf.tidy(() => tf.where(tf.greater(x, 0), dy, tf.mul(dy, alpha)));
  expect(new Uint32Array(gradient.dataSync().buffer)).toEqual(new Uint32Array(shipped.dataSync().buffer));
  tf.dispose([gradient, shipped]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, dy]);
});
