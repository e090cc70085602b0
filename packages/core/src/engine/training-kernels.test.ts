import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainingProbe } from './__fixtures__/training-probe.js';
import { initEngine } from './engine.js';
import { registerEngineKernels } from './register-kernels.js';
import { tf } from '@atelier/plugin-api';
import { trainingKernels } from './training-kernels.js';

beforeAll(async () => {
  await initEngine('wasm');
  await tf.setBackend('cpu');
  registerEngineKernels('cpu');
});

describe.each(['wasm', 'cpu'])('training kernels on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('registers every kernel the plugins train with', () => {
    const missing = trainingKernels.filter((name) => !tf.getKernel(name, backend));
    expect(missing).toEqual([]);
  });

  it('runs a training step through every layer, loss and optimizer without leaking tensors', async () => {
    const probe = createTrainingProbe();
    probe.step();
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => probe.step());
    expect(tf.memory().numTensors).toBe(before);
    probe.dispose();
    const dispatched = profile.kernelNames.filter((name) => !name.endsWith('__op'));
    // The list is what the probe dispatches; a kernel the probe starts using must be added to it.
    expect(dispatched.filter((name) => !(trainingKernels as readonly string[]).includes(name))).toEqual([]);
  });
});
