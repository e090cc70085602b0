import { createRandom, tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecordedModels, recordingTrainContext, scalingAllReduce, weightValues, type RecordedTraining } from '@atelier/core/testing';
import { buildVae } from './build-vae.js';
import { barsData, tinyHyperparameters } from '../__fixtures__/train-context.js';
import { vaeConditional } from './vae-conditional.js';
import { vaeConv } from './vae-conv.js';

beforeAll(async () => {
  await initEngine('cpu');
});

describe('VAE training', () => {
  it('reports finite losses whose reconstruction falls, checkpoints each epoch and leaks no tensor', async () => {
    const h = tinyHyperparameters({ previewEvery: 4 });
    const data = barsData(8, h);
    const counts: number[] = [];
    const run = recordingTrainContext(h, data, { epochs: 4, onProgress: () => counts.push(tf.memory().numTensors) });
    const before = tf.memory().numTensors;
    await vaeConv.train(run.ctx);
    expect(tf.memory().numTensors).toBe(before);
    // Constant from the second step on (Adam creates its slots on the first).
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(run.progress).toHaveLength(8);
    for (const p of run.progress) {
      for (const key of ['reconstruction', 'kl', 'total', 'elbo']) expect(Number.isFinite(p.losses[key])).toBe(true);
      expect(p.losses.elbo).toBeCloseTo(-(p.losses.reconstruction + p.losses.kl), 3);
    }
    const first = run.progress[0].losses.reconstruction;
    const last = run.progress.at(-1)!.losses.reconstruction;
    expect(last).toBeLessThan(first * 0.8);
    expect(run.saves.map((s) => [s.epoch, s.step, s.final])).toEqual([
      [1, 2, false],
      [2, 4, false],
      [3, 6, false],
      [4, 8, true],
    ]);
    expect(run.previews.map((p) => p.name)).toEqual(['reconstruction-step-4', 'reconstruction-step-8', 'reconstruction-final']);
    // Inputs above reconstructions: two rows of the eight sample images.
    expect(run.previews[0]).toMatchObject({ shape: [16, 28, 28, 1], columns: 8 });
  });

  it('honours maxSteps mid-epoch and resumes from the checkpoint with its step count', async () => {
    const h = tinyHyperparameters();
    const data = barsData(8, h);
    const first = recordingTrainContext(h, data, { epochs: 5, maxSteps: 3 });
    await vaeConv.train(first.ctx);
    expect(first.progress.map((p) => p.step)).toEqual([1, 2, 3]);
    const saved = first.saves.at(-1)!;
    expect(saved).toMatchObject({ epoch: 1, step: 3, final: true });
    const models = await loadRecordedModels(saved.artifacts);
    const resumed = recordingTrainContext(h, data, {
      epochs: 1,
      resume: { checkpoint: { metrics: saved.metrics } as never, models, epoch: saved.epoch, step: saved.step, state: saved.state ?? {} },
    });
    await vaeConv.train(resumed.ctx);
    expect(resumed.progress.map((p) => [p.epoch, p.step])).toEqual([
      [1, 4],
      [1, 5],
    ]);
    expect(resumed.saves.at(-1)).toMatchObject({ epoch: 2, step: 5, final: true });
  });

  it('stops at a cancel without saving past the last checkpoint', async () => {
    const h = tinyHyperparameters();
    const data = barsData(8, h);
    let run: RecordedTraining<typeof h> | undefined;
    run = recordingTrainContext(h, data, { epochs: 3, onProgress: (p) => p.step === 3 && run!.abort() });
    await vaeConv.train(run.ctx);
    expect(run.progress.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(run.saves.map((s) => s.step)).toEqual([2]);
  });

  it('trains the conditional family on labels and writes a latent grid for 2-D latents of conv models', async () => {
    const h = tinyHyperparameters({ latentSize: 2 });
    const data = barsData(8, h);
    const conditional = recordingTrainContext(h, data, { maxSteps: 2 });
    await vaeConditional.train(conditional.ctx);
    expect(conditional.saves).toHaveLength(1);
    expect(Number.isFinite(conditional.saves[0].metrics.elbo)).toBe(true);
    const conv = recordingTrainContext(h, data, { maxSteps: 1 });
    await vaeConv.train(conv.ctx);
    expect(conv.previews.find((p) => p.name === 'latent-grid')).toMatchObject({ shape: [225, 28, 28, 1], columns: 15 });
  });

  it('refuses to train the conditional family on unlabelled data, naming the data set', async () => {
    const h = tinyHyperparameters();
    const data = { ...barsData(4, h), labelNames: [] };
    await expect(vaeConditional.train(recordingTrainContext(h, data).ctx)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'dataset' } });
  });

  it('steps through ctx.allReduce with its loss parts alongside, and applies what it returns', async () => {
    const h = tinyHyperparameters();
    const exchange = scalingAllReduce(0);
    const run = recordingTrainContext(h, barsData(8, h), { epochs: 1, allReduce: exchange.allReduce });
    await vaeConv.train(run.ctx);
    const built = buildVae(h, { labelCount: 0, seed: createRandom(run.ctx.seed).nextSeed() });
    const variables = [...built.encoder.trainableWeights, ...built.decoder.trainableWeights].map((w) => w.originalName);
    expect(exchange.rounds).toHaveLength(run.progress.length);
    for (const round of exchange.rounds) {
      // One gradient per trainable weight (tfjs numbers unnamed layers per process), then the parts.
      expect(round).toHaveLength(variables.length + 4);
      expect(round.slice(variables.length)).toEqual(['#reconstruction', '#kl', '#total', '#loss']);
    }
    for (const p of run.progress) expect(p.losses.total).toBeCloseTo(p.losses.reconstruction + h.beta * p.losses.kl, 3);
    // Zeroed gradients: the weights saved are the weights built.
    const saved = await loadRecordedModels(run.saves[0].artifacts);
    for (const name of ['encoder', 'decoder'] as const) expect(weightValues(saved[name])).toEqual(weightValues(built[name]));
    for (const model of [...Object.values(saved), built.encoder, built.decoder]) model.dispose();
  });
});
