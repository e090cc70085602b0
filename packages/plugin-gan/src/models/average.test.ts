import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { loadRecordedModels, recordingTrainContext, weightValues } from '@atelier/core/testing';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { buildGan } from './gan-models.js';
import { trainGan } from './train-gan.js';

beforeAll(async () => {
  await initEngine('cpu');
});

/** One step per epoch (4 images, batch 4), so the per-epoch checkpoints of a plain run are the weights after every step. */
const steps = 4;
const decay = 0.9;

async function train(generatorAverage: number) {
  const h = tinyHyperparameters({ generatorAverage });
  const run = recordingTrainContext(h, squaresData(4, h), { epochs: steps, seed: 7 });
  await trainGan(run.ctx, false);
  return { h, run, final: await loadRecordedModels(run.saves[steps - 1].artifacts) };
}

describe('generator average', () => {
  it('saves the moving average of the trained weights as the generator and the trained weights beside it', async () => {
    const plain = await train(0);
    const averaged = await train(decay);
    expect(Object.keys(plain.final).sort()).toEqual(['discriminator', 'generator']);
    expect(Object.keys(averaged.final).sort()).toEqual(['discriminator', 'generator', 'trainedGenerator']);

    // Averaging only watches training: the trained weights are those of the plain run.
    expect(weightValues(averaged.final.trainedGenerator)).toEqual(weightValues(plain.final.generator));

    let expected = weightValues(buildGan(averaged.h, 0, 7).generator);
    for (let step = 0; step < steps; step++) {
      const live = weightValues((await loadRecordedModels(plain.run.saves[step].artifacts)).generator);
      const d = Math.min(decay, (1 + step) / (10 + step));
      expected = expected.map((value, i) => d * value + (1 - d) * live[i]);
    }
    const actual = weightValues(averaged.final.generator);
    expect(actual.length).toBe(expected.length);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    expect(actual).not.toEqual(weightValues(averaged.final.trainedGenerator));
  });

  it('measures batch statistics on the averaged generator and samples reproducibly from it', async () => {
    const first = await train(decay);
    const second = await train(decay);
    const statistics = (model: tf.LayersModel) => model.weights.filter((w) => /moving_(mean|variance)/.test(w.originalName));
    const measured = statistics(first.final.generator);
    expect(measured.length).toBeGreaterThan(0);
    // Fresh layers hold mean 0 and variance 1: measured ones moved off both.
    expect(Array.from(measured[0].read().dataSync()).some((v) => v !== 0)).toBe(true);
    const z = tf.randomNormal([3, first.h.latentSize], 0, 1, 'float32', 3);
    const sample = (model: tf.LayersModel) => Array.from((model.predict(z) as tf.Tensor).dataSync());
    expect(sample(second.final.generator)).toEqual(sample(first.final.generator));
    expect(sample(first.final.generator)).not.toEqual(sample(first.final.trainedGenerator));
    z.dispose();
  });

  it('resumes an averaging checkpoint: trains its trained generator on, keeps averaging, frees what it loaded', async () => {
    const { h, run } = await train(decay);
    const before = tf.memory().numTensors;
    const models = await loadRecordedModels(run.saves[1].artifacts);
    const loadedAverage = weightValues(models.generator);
    const resumed = recordingTrainContext(h, squaresData(4, h), {
      epochs: 1,
      seed: 7,
      resume: { checkpoint: {} as never, models, epoch: 2, step: 2, state: {} },
    });
    await trainGan(resumed.ctx, false);
    expect(tf.memory().numTensors).toBe(before);
    const saved = await loadRecordedModels(resumed.saves[0].artifacts);
    expect(Object.keys(saved).sort()).toEqual(['discriminator', 'generator', 'trainedGenerator']);
    // Training went on from the trained weights (step 3 of the uninterrupted run's), not from the average.
    expect(weightValues(saved.trainedGenerator)).not.toEqual(weightValues(saved.generator));
    expect(weightValues(saved.trainedGenerator)).not.toEqual(loadedAverage);
  });
});
