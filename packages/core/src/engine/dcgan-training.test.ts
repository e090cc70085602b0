import { beforeAll, expect, it } from 'vitest';
import { createDcgan } from './__fixtures__/dcgan.js';
import { initEngine } from './engine.js';
import { tf } from '@atelier/plugin-api';

beforeAll(async () => {
  await initEngine('wasm');
});

it('trains the DCGAN on WASM: finite losses, every weight moves, no tensor left behind', () => {
  const gan = createDcgan();
  const real = tf.randomUniform([8, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
  const weights = () => [...gan.generator.getWeights(), ...gan.discriminator.getWeights()].map((w) => w.dataSync().slice());
  const before = weights();
  gan.step(real);
  const tensors = tf.memory().numTensors;
  const { dLoss, gLoss } = gan.step(real);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(Number.isFinite(dLoss) && Number.isFinite(gLoss)).toBe(true);
  const after = weights();
  after.forEach((w, i) => expect(w.some((v, j) => v !== before[i][j]), `weight ${i}`).toBe(true));
  const images = gan.generate(4);
  expect(images.shape).toEqual([4, 28, 28, 1]);
  tf.dispose([images, real]);
  gan.dispose();
});

it('takes the data-parallel step (real images ahead, the generator update left in flight) with the bits of one summed loss', async () => {
  const real = tf.randomUniform([8, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
  const weightBytes = (gan: ReturnType<typeof createDcgan>) =>
    [...gan.generator.getWeights(), ...gan.discriminator.getWeights()].map((w) => Buffer.from((w.dataSync() as Float32Array).buffer));
  const minimized = createDcgan(5);
  for (let step = 0; step < 3; step++) minimized.step(real);
  const reduced = createDcgan(5);
  const identity = async <T>(tensors: T) => tensors;
  await reduced.reducedStep(real, identity);
  await reduced.flush();
  // Counted once Adam has made its moments.
  const tensors = tf.memory().numTensors;
  for (let step = 1; step < 3; step++) await reduced.reducedStep(real, identity);
  await reduced.flush();
  expect(tf.memory().numTensors).toBe(tensors);
  const expected = weightBytes(minimized);
  weightBytes(reduced).forEach((bytes, i) => expect(bytes.equals(expected[i]), `weight ${i}`).toBe(true));
  real.dispose();
  minimized.dispose();
  reduced.dispose();
});
