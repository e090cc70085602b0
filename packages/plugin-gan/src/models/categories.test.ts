import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckpointRecord, tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { loadRecordedModels, recordingTrainContext } from '@atelier/core/testing';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { discriminatorHeads } from './forward.js';
import { buildGan } from './gan-models.js';
import { createGanHandle } from './gan-handle.js';
import type { GanHyperparameters } from './hyperparameters.js';
import { drawLatents } from './latent-batch.js';
import { latentFromSeed } from './latents.js';
import { classLoss } from './losses.js';
import { trainGan } from './train-gan.js';

beforeAll(async () => {
  await initEngine('cpu');
});

describe('categorical latent code (InfoGAN)', () => {
  it('puts a one-hot category in the first components, seeded, and all categories come up', () => {
    const latents = Array.from({ length: 60 }, (_, seed) => latentFromSeed(seed, 8, undefined, 3));
    for (const latent of latents) {
      expect(latent.slice(0, 3).sort()).toEqual([0, 0, 1]);
      expect(latent.slice(3).every((v) => v !== 0 && v !== 1)).toBe(true);
    }
    expect(new Set(latents.map((latent) => latent.indexOf(1))).size).toBe(3);
    expect(latentFromSeed(5, 8, undefined, 3)).toEqual(latents[5]);
    // The noise part is the plain latent's, so a code changes only its own components.
    expect(latents[5].slice(3)).toEqual(latentFromSeed(5, 8).slice(3));

    const before = tf.memory().numTensors;
    const { z, code } = drawLatents(40, 8, 3, 1, false);
    const rows = z.arraySync();
    expect(rows.every((row) => row.slice(0, 3).sort().join() === '0,0,1')).toBe(true);
    expect(code!.arraySync()).toEqual(rows.map((row) => row.slice(0, 3)));
    expect(new Set(rows.map((row) => row.indexOf(1))).size).toBe(3);
    tf.dispose([z, code!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the category head on generated images so it learns to read the code, and frees what it made', async () => {
    const h = tinyHyperparameters({ latentCategories: 2, generatorLearningRate: 0.01, discriminatorLearningRate: 0.01 });
    const before = tf.memory().numTensors;
    const run = recordingTrainContext(h, squaresData(16, h), { epochs: 6, seed: 3 });
    await trainGan(run.ctx, false);
    expect(tf.memory().numTensors).toBe(before);
    const first = await loadRecordedModels(run.saves[0].artifacts);
    const last = await loadRecordedModels(run.saves[5].artifacts);
    expect(last.discriminator.outputs[0].shape).toEqual([null, 3]);
    // How well each checkpoint's head recovers the code of its generator's images.
    const codeLoss = (models: Record<string, tf.LayersModel>) =>
      tf.tidy(() => {
        const { z, code } = drawLatents(64, h.latentSize, 2, 11, false);
        const images = models.generator.predict(z) as tf.Tensor4D;
        return classLoss(discriminatorHeads(models.discriminator, images, null).classLogits!, code!).arraySync();
      });
    expect(codeLoss(last)).toBeLessThan(codeLoss(first));
    expect(codeLoss(last)).toBeLessThan(Math.log(2));
    for (const model of [...Object.values(first), ...Object.values(last)]) model.dispose();
  });

  it('draws coded latents from a coded checkpoint, and plain ones from a checkpoint that records no code', () => {
    const coded = tinyHyperparameters({ latentCategories: 3 });
    const handle = (hyperparameters: Partial<GanHyperparameters>) =>
      createGanHandle({ family: 'gan.dcgan', hyperparameters, labelNames: [] } as unknown as CheckpointRecord<GanHyperparameters>, buildGan(coded, 0, 1));
    const gan = handle(coded);
    expect(gan.latent(9)).toEqual(latentFromSeed(9, coded.latentSize, undefined, 3));
    expect(gan.latent(9).slice(0, 3).sort()).toEqual([0, 0, 1]);
    const { latentCategories: _, ...older } = coded;
    const plain = handle(older);
    expect(plain.latent(9)).toEqual(latentFromSeed(9, coded.latentSize));
    const images = gan.generate({ count: 2, seed: 4 });
    expect(images.images.shape).toEqual([2, 28, 28, 1]);
    images.images.dispose();
    gan.dispose();
    plain.dispose();
  });

  it('is refused on the conditional family, when it would take the whole latent, and when resuming a checkpoint without it, naming the field', async () => {
    const h = tinyHyperparameters({ latentCategories: 2 });
    const conditional = recordingTrainContext(h, squaresData(8, h), { epochs: 1 });
    await expect(trainGan(conditional.ctx, true)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'hyperparameters.latentCategories', limit: 0 } });
    const plain = recordingTrainContext(tinyHyperparameters(), squaresData(8, h), { epochs: 1 });
    await trainGan(plain.ctx, false);
    const resumed = recordingTrainContext(h, squaresData(8, h), {
      resume: { checkpoint: {} as never, models: await loadRecordedModels(plain.saves[0].artifacts), epoch: 1, step: 2, state: {} },
    });
    await expect(trainGan(resumed.ctx, false)).rejects.toMatchObject({ code: 'CHECKPOINT_INCOMPATIBLE', details: { path: 'hyperparameters.latentCategories', limit: 0 } });
    const whole = tinyHyperparameters({ latentCategories: 8 });
    const run = recordingTrainContext(whole, squaresData(8, whole), { epochs: 1 });
    await expect(trainGan(run.ctx, false)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'hyperparameters.latentCategories', limit: 7 } });
  });
});
