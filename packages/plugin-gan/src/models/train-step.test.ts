import { beforeAll, expect, it } from 'vitest';
import { tf, type Tensor, type Tensor4D } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { weightValues } from '@atelier/core/testing';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { buildGan } from './gan-models.js';
import { trainStep, type StepInput } from './train-step.js';

beforeAll(async () => {
  await initEngine('cpu');
});

it('leaves its generator update in flight, and the next step computes its real-image gradients while that update travels', async () => {
  const h = tinyHyperparameters();
  const models = buildGan(h, 0, 3);
  const optimizers = { generator: tf.train.adam(h.generatorLearningRate, h.beta1), discriminator: tf.train.adam(h.discriminatorLearningRate, h.beta1) };
  const sample = squaresData(8, h).sample(8);
  const input = (step: number): StepInput => ({
    real: sample.images as Tensor4D,
    label: null,
    latentSize: h.latentSize,
    latentCategories: 0,
    clusters: null,
    labelSmoothing: 0,
    auxiliaryWeight: 0,
    seeds: [step, step + 100],
    augment: 'none',
  });
  // The generator's rounds wait for `release`, as they would for a slower worker.
  const generatorNames = new Set(models.generator.trainableWeights.map((weight) => (weight.read() as tf.Variable).name));
  const rounds: string[][] = [];
  const held: (() => void)[] = [];
  const release = () => held.shift()!();
  const allReduce = <T extends Record<string, Tensor>>(tensors: T): Promise<T> => {
    rounds.push(Object.keys(tensors));
    if (!rounds.at(-1)!.some((name) => generatorNames.has(name))) return Promise.resolve(tensors);
    return new Promise((resolve) => held.push(() => resolve(tensors)));
  };

  const built = weightValues(models.generator);
  const first = await trainStep({ allReduce }, models, optimizers, input(0));
  expect(rounds).toHaveLength(2);
  expect(held).toHaveLength(1);
  expect(weightValues(models.generator)).toEqual(built);

  const tensors = tf.memory().numTensors;
  let during = { rounds: 0, tensors: 0 };
  const second = await trainStep({ allReduce }, models, optimizers, input(1), async () => {
    during = { rounds: rounds.length, tensors: tf.memory().numTensors - tensors };
    release();
    await first.generator.apply();
  });
  // The discriminator's round waited for the previous step to finish; its gradients on real
  // images (one per weight, and the loss) were computed before.
  expect(during).toEqual({ rounds: 2, tensors: models.discriminator.trainableWeights.length + 1 });
  expect(rounds.map((names) => names.some((name) => generatorNames.has(name)))).toEqual([false, true, false, true]);
  expect(weightValues(models.generator)).not.toEqual(built);
  expect(Number.isFinite(second.discriminator)).toBe(true);
  release();
  await second.generator.apply();

  tf.dispose([sample.images, sample.labels]);
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
  for (const model of Object.values(models)) model.dispose();
});
