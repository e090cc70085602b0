import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { loadRecordedModels, recordingTrainContext, scalingAllReduce, weightValues } from '@atelier/core/testing';
import { buildGan } from './gan-models.js';
import { squaresData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { trainGan } from './train-gan.js';

beforeAll(async () => {
  await initEngine('cpu');
});

describe('trainGan', () => {
  it('trains the dcgan: finite, moving losses, progress per step, a checkpoint per epoch with quality metrics', async () => {
    const h = tinyHyperparameters();
    const run = recordingTrainContext(h, squaresData(8, h), { epochs: 2 });
    const result = await trainGan(run.ctx, false);

    expect(run.progress.map((p) => [p.epoch, p.step])).toEqual([[0, 1], [0, 2], [1, 3], [1, 4]]);
    const dLosses = run.progress.map((p) => p.losses.discriminator);
    const gLosses = run.progress.map((p) => p.losses.generator);
    for (const loss of [...dLosses, ...gLosses]) expect(Number.isFinite(loss)).toBe(true);
    expect(new Set(dLosses).size).toBeGreaterThan(1);
    expect(new Set(gLosses).size).toBeGreaterThan(1);
    expect(run.progress.every((p) => p.totalSteps === 4 && (p.imagesPerSecond as number) > 0)).toBe(true);

    expect(run.saves.map((s) => [s.epoch, s.step, s.final])).toEqual([[1, 2, false], [2, 4, true]]);
    expect(Object.keys(run.saves[0].artifacts).sort()).toEqual(['discriminator', 'generator']);
    const metrics = run.saves[1].metrics;
    expect(metrics.discriminatorAccuracy).toBeGreaterThanOrEqual(0);
    expect(metrics.discriminatorAccuracy).toBeLessThanOrEqual(1);
    for (const key of ['pixelMeanDistance', 'pixelStdDistance', 'discriminatorLoss', 'generatorLoss']) {
      expect(Number.isFinite(metrics[key])).toBe(true);
    }
    expect(result.metrics).toEqual(metrics);
    expect(run.previews).toEqual([{ name: 'preview-step-4', shape: [16, 28, 28, 1] }]);
  });

  it.each([
    ['unconditional', false],
    ['conditional', true],
  ])('keeps the tensor count constant across steps (%s), previews every N steps, and frees everything it made', async (_name, conditional) => {
    const h = tinyHyperparameters({ previewEvery: 2 });
    const before = tf.memory().numTensors;
    const run = recordingTrainContext(h, squaresData(16, h, conditional ? 2 : 1), { epochs: 2 });
    const counts: number[] = [];
    run.ctx.progress = () => counts.push(tf.memory().numTensors);
    await trainGan(run.ctx, conditional);
    expect(counts).toHaveLength(8);
    // A step's progress comes while the next step holds its discriminator's gradients on real
    // images, except after an epoch's last step (4 steps an epoch).
    expect(new Set([0, 1, 2, 4, 5, 6].map((i) => counts[i])).size).toBe(1);
    expect(counts[7]).toBe(counts[3]);
    expect(tf.memory().numTensors).toBe(before);
    expect(run.previews.map((p) => p.name)).toEqual(['preview-step-2', 'preview-step-4', 'preview-step-6', 'preview-step-8']);
  });

  it('is reproducible from the seed and honours maxSteps with a final save mid-epoch', async () => {
    const h = tinyHyperparameters();
    const losses = async (seed: number) => {
      const run = recordingTrainContext(h, squaresData(16, h), { epochs: 3, maxSteps: 3, seed });
      await trainGan(run.ctx, false);
      expect(run.saves.map((s) => [s.epoch, s.step, s.final])).toEqual([[0, 3, true]]);
      return run.progress.map((p) => p.losses);
    };
    const first = await losses(1);
    expect(await losses(1)).toEqual(first);
    expect(await losses(2)).not.toEqual(first);
  });

  it('stops on cancel, keeping the checkpoint of the last finished epoch and dropping the update in flight', async () => {
    const h = tinyHyperparameters();
    const before = tf.memory().numTensors;
    const run = recordingTrainContext(h, squaresData(8, h), { epochs: 5 });
    run.ctx.progress = (p) => {
      if (p.step === 3) run.abort();
    };
    await trainGan(run.ctx, false);
    expect(run.saves.map((s) => s.step)).toEqual([2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a checkpoint: counters carry on; a latent size that differs from the checkpoint’s is refused', async () => {
    const h = tinyHyperparameters();
    const first = recordingTrainContext(h, squaresData(8, h), { epochs: 1 });
    await trainGan(first.ctx, false);
    const saved = first.saves[0];
    const models = await loadRecordedModels(saved.artifacts);
    const resumed = recordingTrainContext(h, squaresData(8, h), {
      epochs: 1,
      resume: { checkpoint: {} as never, models, epoch: saved.epoch, step: saved.step, state: saved.state ?? {} },
    });
    await trainGan(resumed.ctx, false);
    expect(resumed.progress.map((p) => [p.epoch, p.step])).toEqual([[1, 3], [1, 4]]);
    expect(resumed.saves.map((s) => [s.epoch, s.step, s.final])).toEqual([[2, 4, true]]);
    expect(() => models.generator.predict(tf.zeros([1, h.latentSize]))).toThrow(/disposed/);

    const other = recordingTrainContext(tinyHyperparameters({ latentSize: 6 }), squaresData(8, h), {
      resume: { checkpoint: {} as never, models: await loadRecordedModels(saved.artifacts), epoch: 1, step: 2, state: {} },
    });
    await expect(trainGan(other.ctx, false)).rejects.toMatchObject({
      code: 'CHECKPOINT_INCOMPATIBLE',
      details: { path: 'hyperparameters.latentSize', limit: 8 },
    });
  });

  it('trains the conditional family on labelled 32×32 RGB data and refuses unlabelled data naming the field', async () => {
    const h = tinyHyperparameters({ imageSize: 32, channels: 3 });
    const run = recordingTrainContext(h, squaresData(8, h, 2), { epochs: 1 });
    await trainGan(run.ctx, true);
    expect(run.progress.every((p) => Number.isFinite(p.losses.generator))).toBe(true);
    const { generator, discriminator } = run.saves[0].artifacts;
    expect(JSON.stringify(generator.modelTopology)).toContain('"label"');
    expect(JSON.stringify(discriminator.modelTopology)).toContain('d_projection');

    const unlabelled = recordingTrainContext(h, squaresData(8, h, 1), { epochs: 1 });
    await expect(trainGan(unlabelled.ctx, true)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'dataset', limit: 2 } });
  });

  it('steps each network through ctx.allReduce and applies what it returns', async () => {
    const h = tinyHyperparameters();
    const exchange = scalingAllReduce(0);
    const run = recordingTrainContext(h, squaresData(8, h), { epochs: 1, allReduce: exchange.allReduce });
    await trainGan(run.ctx, false);
    const built = buildGan(h, 0, run.ctx.seed);
    const names = (model: tf.LayersModel) => model.trainableWeights.map((w) => w.originalName).concat('#loss');
    // Two steps, a discriminator round then a generator round each, with the batch loss alongside
    // (tfjs suffixes variable names with a per-process counter).
    expect(exchange.rounds.map((round) => round.map((name) => name.replace(/_\d+$/, '')))).toEqual([names(built.discriminator), names(built.generator), names(built.discriminator), names(built.generator)]);
    expect(run.progress.every((p) => Number.isFinite(p.losses.discriminator) && Number.isFinite(p.losses.generator))).toBe(true);
    // Zeroed gradients: the weights saved are the weights built.
    const saved = await loadRecordedModels(run.saves[0].artifacts);
    for (const name of ['generator', 'discriminator'] as const) expect(weightValues(saved[name])).toEqual(weightValues(built[name]));
    for (const model of [...Object.values(saved), ...Object.values(built)]) model.dispose();
  });
});
