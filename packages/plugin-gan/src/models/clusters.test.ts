import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { loadRecordedModels, recordingTrainContext, testDigits } from '@atelier/core/testing';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { ImageClusters } from './clusters.js';
import { drawLatents } from './latent-batch.js';
import { trainGan } from './train-gan.js';

beforeAll(async () => {
  await initEngine('cpu');
});

const clusterOf = (clusters: ImageClusters, images: tf.Tensor4D) => tf.tidy(() => Array.from(tf.argMax(clusters.assign(images), 1).dataSync()));

describe('equal-size clusters of the training images', () => {
  it('splits real digits into equal clusters that mostly hold one digit, the same way every time, and frees its tensors', () => {
    const { pixels, labels } = testDigits(1000);
    const count = labels.length;
    const images = tf.tensor4d(Float32Array.from(pixels, (p) => (p / 255) * 2 - 1), [count, 28, 28, 1]);
    const before = tf.memory().numTensors;
    const clusters = ImageClusters.fit(images, 10, 5);
    const members = clusterOf(clusters, images);
    const sizes = Array.from({ length: 10 }, (_, k) => members.filter((m) => m === k).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(95);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(105);
    // The share of images that are their cluster's commonest digit; a random equal split gives about 0.15.
    const purity = sizes.reduce((sum, _, k) => sum + Math.max(...Array.from({ length: 10 }, (__, d) => members.filter((m, i) => m === k && labels[i] === d).length)), 0) / count;
    expect(purity).toBeGreaterThan(0.5);
    const again = ImageClusters.fit(images, 10, 5);
    expect(clusterOf(again, images)).toEqual(members);
    // Assignment is per image: a batch's rows get the clusters they get in the whole set.
    const slice = images.slice(100, 32);
    expect(clusterOf(clusters, slice)).toEqual(members.slice(100, 132));
    tf.dispose([slice]);
    clusters.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
  });
});

describe('gan.dcgan with latentCategoriesFrom "clusters"', () => {
  it('conditions the discriminator on the clusters and teaches the generator to draw the cluster of its code', async () => {
    const h = tinyHyperparameters({ latentCategories: 2, latentCategoriesFrom: 'clusters', generatorLearningRate: 0.01, discriminatorLearningRate: 0.01 });
    const data = squaresData(16, h);
    const before = tf.memory().numTensors;
    const run = recordingTrainContext(h, data, { epochs: 6, seed: 3 });
    await trainGan(run.ctx, false);
    expect(tf.memory().numTensors).toBe(before);

    const models = await loadRecordedModels(run.saves[5].artifacts);
    expect(models.discriminator.inputs.map((input) => input.shape)).toEqual([[null, 28, 28, 1], [null, 2]]);
    expect(models.generator.inputs).toHaveLength(1);
    // The run's own clusters: the same images and seed fit the same ones.
    const all = data.sample(16);
    const clusters = ImageClusters.fit(all.images, 2, deriveSeed(3, 'clusters'));
    expect(new Set(clusterOf(clusters, all.images)).size).toBe(2);
    const { asked, got } = tf.tidy(() => {
      const { z, code } = drawLatents(64, h.latentSize, 2, 11, false);
      return { asked: Array.from(tf.argMax(code!, 1).dataSync()), got: clusterOf(clusters, models.generator.predict(z) as tf.Tensor4D) };
    });
    // Category k draws cluster k (an InfoGAN code would pick its own pairing, this one 50% of the time).
    expect(new Set(asked).size).toBe(2);
    expect(got.filter((cluster, i) => cluster === asked[i]).length / got.length).toBeGreaterThanOrEqual(0.9);
    tf.dispose([all.images, all.labels]);
    clusters.dispose();
    for (const model of Object.values(models)) model.dispose();
  });

  it('is refused with fewer than 2 clusters, more clusters than images, and when resuming an InfoGAN checkpoint, naming the field', async () => {
    const one = tinyHyperparameters({ latentCategories: 1, latentCategoriesFrom: 'clusters' });
    await expect(trainGan(recordingTrainContext(one, squaresData(8, one), { epochs: 1 }).ctx, false)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'hyperparameters.latentCategories', limit: 2 },
    });
    const many = tinyHyperparameters({ latentCategories: 6, latentCategoriesFrom: 'clusters' });
    await expect(trainGan(recordingTrainContext(many, squaresData(4, many), { epochs: 1 }).ctx, false)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'hyperparameters.latentCategories', limit: 4 },
    });
    const infogan = tinyHyperparameters({ latentCategories: 2 });
    const coded = recordingTrainContext(infogan, squaresData(8, infogan), { epochs: 1 });
    await trainGan(coded.ctx, false);
    const clustered = tinyHyperparameters({ latentCategories: 2, latentCategoriesFrom: 'clusters' });
    const resumed = recordingTrainContext(clustered, squaresData(8, clustered), {
      resume: { checkpoint: {} as never, models: await loadRecordedModels(coded.saves[0].artifacts), epoch: 1, step: 2, state: {} },
    });
    await expect(trainGan(resumed.ctx, false)).rejects.toMatchObject({
      code: 'CHECKPOINT_INCOMPATIBLE',
      details: { path: 'hyperparameters.latentCategoriesFrom', limit: 0 },
    });
  });
});
