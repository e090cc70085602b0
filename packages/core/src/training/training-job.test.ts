import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, expectSucceeded, imageDigest, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('./__fixtures__/autoencoder-plugin.ts', import.meta.url)] });
  await importTestDigits(atelier, 'digits', 64);
});
afterAll(() => atelier.cleanup());

describe('training jobs', () => {
  it('trains a family on a data set, records losses, previews and a checkpoint with its chain', async () => {
    const run = await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', epochs: 2, seed: 3, name: 'ae' });
    const done = await expectSucceeded(atelier, run);
    const result = done.result as { checkpointId: string; losses: { mse: number; step: number }[]; metrics: { mse: number } };
    expect(result.losses).toHaveLength(8);
    expect(result.losses.every((point) => Number.isFinite(point.mse))).toBe(true);
    expect(result.losses[7].mse).toBeLessThan(result.losses[0].mse);
    const checkpoint = atelier.checkpoints.resolve('ae');
    expect(checkpoint.id).toBe(result.checkpointId);
    expect(checkpoint).toMatchObject({ family: 'test.autoencoder', dataset: 'digits', epoch: 1, step: 8, labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    expect(checkpoint.preprocess.map((p) => p.use)).toEqual(['image.resize', 'image.grayscale', 'image.normalize']);
    expect(atelier.checkpoints.list({ runId: run.id })).toHaveLength(2);
    const previews = atelier.artifacts.list(run.id).filter((a) => a.kind === 'preview');
    expect(previews.map((a) => a.name)).toEqual(['epoch-0.png', 'epoch-1.png']);
    expect(fs.existsSync(atelier.artifacts.absolutePath(previews[0]))).toBe(true);
    // Training ran in the worker process; its engine holds nothing once the run is over.
    expect(atelier.pool.tensorCounts()).toEqual([{ pid: expect.any(Number), tensors: 0 }]);
  });

  it('fails a resume whose checkpoint files are gone without leaking the prepared data', async () => {
    const base = await expectSucceeded(atelier, await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', maxSteps: 1, name: 'ae-gone' }));
    const record = atelier.checkpoints.resolve(base.result.checkpointId as string);
    fs.rmSync(`${atelier.home}/${record.path}`, { recursive: true, force: true });
    const resumed = await atelier.queue.wait((await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', maxSteps: 1, resume: record.id })).id);
    expect(resumed.status).toBe('failed');
    expect(resumed.error).toMatchObject({ code: 'STORAGE_ERROR', details: { path: 'checkpoint' } });
    expect(atelier.pool.tensorCounts()).toEqual([{ pid: expect.any(Number), tensors: 0 }]);
  });

  it('re-applies the recorded chain to pipeline images passing through the checkpoint', async () => {
    const run = await atelier.submitPipeline({
      seed: 1,
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2, width: 20, height: 20, channels: 3 } },
        { id: 'restore', use: 'test.reconstruct', with: { checkpoint: 'ae' } },
      ],
    });
    await expectSucceeded(atelier, run);
    const restored = atelier.artifacts.list(run.id).filter((a) => a.stepId === 'restore');
    expect(restored.map((a) => [a.width, a.height])).toEqual([[8, 8], [8, 8]]);
  });

  it('records training-only augmentations in the chain and skips them when the checkpoint is used', async () => {
    const run = await atelier.submitTraining({
      family: 'test.autoencoder',
      dataset: 'digits',
      maxSteps: 2,
      seed: 5,
      name: 'ae-augmented',
      preprocess: [{ use: 'augment.flip' }, { use: 'augment.crop', with: { padding: 2 } }],
    });
    await expectSucceeded(atelier, run);
    const checkpoint = atelier.checkpoints.resolve('ae-augmented');
    expect(checkpoint.preprocess.map((p) => p.use)).toEqual(['image.resize', 'image.grayscale', 'augment.flip', 'augment.crop', 'image.normalize']);
    const reconstruct = (checkpointName: string) =>
      atelier.submitPipeline({
        seed: 2,
        steps: [
          { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2 }, save: false },
          { id: 'restore', use: 'test.reconstruct', with: { checkpoint: checkpointName } },
        ],
      });
    // Were the random flips applied at inference, two seeds' worth of runs could differ; they must not.
    const first = await expectSucceeded(atelier, await reconstruct('ae-augmented'));
    const again = await expectSucceeded(atelier, await atelier.submitPipeline({ ...(first.spec as object), seed: 99 }));
    const images = (id: string) => atelier.artifacts.list(id).map((a) => imageDigest(atelier, a));
    expect(images(again.id)).toEqual(images(first.id));
  });

  it('gives the same losses for the same seed', async () => {
    const losses = async () => {
      const run = await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', maxSteps: 3, seed: 9, name: 'ae-seeded' });
      return ((await expectSucceeded(atelier, run)).result as { losses: { mse: number }[] }).losses.map((p) => p.mse);
    };
    expect(await losses()).toEqual(await losses());
  });

  it('resumes from a checkpoint where it left off', async () => {
    const run = await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', epochs: 1, resume: 'ae', name: 'ae-more' });
    await expectSucceeded(atelier, run);
    expect(atelier.checkpoints.resolve('ae-more')).toMatchObject({ epoch: 2, step: 12 });
  });

  it('cancels a running training and keeps the last good checkpoint', async () => {
    const run = await atelier.submitTraining({ family: 'test.autoencoder', dataset: 'digits', epochs: 1000, name: 'ae-canceled', hyperparameters: { batchSize: 32 } });
    await new Promise<void>((resolve) => {
      const stop = atelier.events.subscribe(run.id, (event) => {
        if (event.type === 'training' && event.progress.epoch >= 1) {
          stop();
          resolve();
        }
      });
    });
    expect(atelier.queue.cancel(run.id)).toBe(true);
    const done = await atelier.queue.wait(run.id);
    expect(done.status).toBe('canceled');
    expect(done.result.checkpointId).toBe(atelier.checkpoints.resolve('ae-canceled').id);
  });

  it('refuses a bad request before storing anything, naming every field', async () => {
    const count = atelier.runs.list().totalCount;
    const error = await atelier
      .submitTraining({ family: 'test.autoencoder', dataset: 'nope', hyperparameters: { hidden: 0 }, preprocess: [{ use: 'augment.none' }] })
      .catch((e: unknown) => e as { code: string; details: { problems: { path: string }[] } });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((error as { details: { problems: { path: string }[] } }).details.problems.map((p) => p.path)).toEqual([
      'dataset',
      'hyperparameters.hidden',
      'preprocess[0].use',
    ]);
    expect(atelier.runs.list().totalCount).toBe(count);
  });
});
