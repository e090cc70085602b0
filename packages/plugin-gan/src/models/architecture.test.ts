import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor4D } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { recordingTrainContext } from '@atelier/core/testing';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { discriminatorHeads } from './forward.js';
import { buildGan, type GanModels } from './gan-models.js';
import { trainStep } from './train-step.js';

beforeAll(async () => {
  await initEngine('cpu');
});

const layerNames = (model: tf.LayersModel) => model.layers.map((layer) => layer.name);

describe('GAN architecture choices', () => {
  it('batch-normalises the generator unless generatorNorm is none', () => {
    const normalised = buildGan(tinyHyperparameters(), 0, 1);
    const plain = buildGan(tinyHyperparameters({ generatorNorm: 'none' }), 0, 1);
    expect(layerNames(normalised.generator).filter((name) => name.endsWith('_bn'))).toEqual(['g_dense_bn', 'g_up1_bn']);
    expect(layerNames(plain.generator).some((name) => name.endsWith('_bn'))).toBe(false);
    for (const models of [normalised, plain]) for (const model of Object.values(models)) model.dispose();
  });

  it('gives the conditional discriminator a class head (AC-GAN) that learns the real labels, and none at weight 0', async () => {
    const without = buildGan(tinyHyperparameters({ auxiliaryClassifier: 0 }), 2, 1);
    expect(without.discriminator.outputs[0].shape).toEqual([null, 1]);
    for (const model of Object.values(without)) model.dispose();

    const h = tinyHyperparameters({ discriminatorWidth: 8, discriminatorLearningRate: 2e-3 });
    const data = squaresData(16, h);
    const { ctx } = recordingTrainContext(h, data, { epochs: 1 });
    const models: GanModels = buildGan(h, 2, 3);
    expect(models.discriminator.outputs[0].shape).toEqual([null, 3]);
    const optimizers = { generator: tf.train.adam(h.generatorLearningRate, h.beta1), discriminator: tf.train.adam(h.discriminatorLearningRate, h.beta1) };
    const sample = data.sample(16);
    const oneHot = tf.tidy(() => tf.oneHot(tf.cast(sample.labels, 'int32'), 2).toFloat() as tf.Tensor2D);
    const accuracy = () =>
      tf.tidy(() => {
        const { classLogits } = discriminatorHeads(models.discriminator, sample.images as Tensor4D, oneHot);
        return tf.mean(tf.cast(tf.equal(tf.argMax(classLogits!, 1), tf.cast(sample.labels, 'int32')), 'float32')).dataSync()[0];
      });
    expect(accuracy()).toBeLessThan(1);
    for (let step = 0; step < 30; step++) {
      const { generator } = await trainStep(ctx, models, optimizers, { real: sample.images as Tensor4D, label: oneHot, latentSize: h.latentSize, latentCategories: 0, clusters: null, labelSmoothing: 0, auxiliaryWeight: 1, seeds: [step, step + 100], augment: 'none' });
      await generator.apply();
    }
    expect(accuracy()).toBe(1);
    tf.dispose([sample.images, sample.labels, oneHot]);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    for (const model of Object.values(models)) model.dispose();
  });
});
