import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { encodePng, parseBackendChoice, type RunRecord } from '@atelier/core';
import { createTestAtelier, importTestDigits, expectSucceeded, imageDigest, type TestAtelier } from '@atelier/core/testing';

// CPU by default; ATELIER_TEST_BACKEND=wasm runs the same checks on the WASM engine.
/** Tiny networks: each training below runs a few steps in seconds. */
const tiny = { latentSize: 8, generatorWidth: 4, discriminatorWidth: 4, batchSize: 8, previewEvery: 0 };


let atelier: TestAtelier;
let dcgan: string;
let conditional: string;

async function train(family: string, dataset: string, hyperparameters: Record<string, unknown> = tiny): Promise<RunRecord> {
  return expectSucceeded(atelier, await atelier.submitTraining({ family, dataset, maxSteps: 3, seed: 1, hyperparameters }));
}

async function runPipeline(spec: Record<string, unknown>): Promise<RunRecord> {
  return atelier.queue.wait((await atelier.submitPipeline(spec)).id);
}

const artifactHashes = (run: RunRecord, stepId: string) =>
  atelier.artifacts
    .list(run.id)
    .filter((a) => a.stepId === stepId)
    .map((a) => imageDigest(atelier, a));

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('./index.ts', import.meta.url), new URL('./__fixtures__/other-plugin.ts', import.meta.url)], backend: parseBackendChoice(process.env.ATELIER_TEST_BACKEND ?? 'wasm') });
  await importTestDigits(atelier, 'digits', 40);
  dcgan = (await train('gan.dcgan', 'digits')).result.checkpointId as string;
  conditional = (await train('gan.conditional', 'digits')).result.checkpointId as string;
});

afterAll(async () => {
  await atelier?.cleanup();
});

describe('plugin-gan through core', () => {
  it('records the training: losses, a final preview, a tfjs checkpoint with quality metrics', async () => {
    const record = atelier.checkpoints.resolve(dcgan);
    expect(record.family).toBe('gan.dcgan');
    expect(record.models.sort()).toEqual(['discriminator', 'generator']);
    expect(record.step).toBe(3);
    for (const key of ['discriminatorAccuracy', 'pixelMeanDistance', 'pixelStdDistance', 'discriminatorLoss', 'generatorLoss']) {
      expect(Number.isFinite(record.metrics[key])).toBe(true);
    }
    const run = atelier.runs.get(record.runId!)!;
    expect((run.result.losses as unknown[]).length).toBe(3);
    expect(atelier.artifacts.list(run.id).some((a) => a.kind === 'preview')).toBe(true);
  });

  it('gan.generate → image.grid: same checkpoint and seed give identical PNG bytes, another seed differs', async () => {
    const spec = (seed: number) => ({
      seed,
      steps: [
        { id: 'gen', use: 'gan.generate', with: { checkpoint: dcgan, count: 4 } },
        { id: 'grid', use: 'image.grid' },
      ],
    });
    const [a, b, c] = [await runPipeline(spec(5)), await runPipeline(spec(5)), await runPipeline(spec(6))];
    for (const run of [a, b, c]) expect(run.status).toBe('succeeded');
    expect(artifactHashes(a, 'grid')).toHaveLength(1);
    expect(artifactHashes(b, 'grid')).toEqual(artifactHashes(a, 'grid'));
    expect(artifactHashes(c, 'grid')).not.toEqual(artifactHashes(a, 'grid'));
  });

  it('reports bad parameters before compute, each naming its field', async () => {
    const issues = async (params: Record<string, unknown>) =>
      atelier.validatePipeline({ seed: 1, steps: [{ id: 'gen', use: 'gan.generate', with: params }] });
    expect(await issues({ checkpoint: dcgan, count: 0 })).toMatchObject([{ step: 'gen', path: 'with.count' }]);
    expect(await issues({ checkpoint: dcgan, count: 2000 })).toMatchObject([{ step: 'gen', path: 'with.count' }]);
    expect(await issues({ checkpoint: 'no-such-checkpoint' })).toMatchObject([{ path: 'with.checkpoint', code: 'CHECKPOINT_NOT_FOUND' }]);
    const stub = (await expectSucceeded(atelier, await atelier.submitTraining({ family: 'other.stub', dataset: 'digits' }))).result.checkpointId;
    expect(await issues({ checkpoint: stub })).toMatchObject([{ path: 'with.checkpoint', code: 'CHECKPOINT_INCOMPATIBLE' }]);
  });

  it('refuses a label out of range, and labels on an unconditional checkpoint, naming the field', async () => {
    const generate = (checkpoint: string) => runPipeline({ seed: 1, steps: [{ id: 'gen', use: 'gan.generate', with: { checkpoint, labels: [10] } }] });
    const outOfRange = await generate(conditional);
    expect(outOfRange.status).toBe('failed');
    expect(outOfRange.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'with.labels.0', limit: 9 } });
    expect((await generate(dcgan)).error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'with.labels.0', limit: 0 } });
  });

  it('conditional: generate a class, interpolate, invert with a residual, edit along the class direction and a latent-mean one', async () => {
    const run = await runPipeline({
      seed: 3,
      steps: [
        { id: 'gen', use: 'gan.generate', with: { checkpoint: conditional, count: 2, labels: ['3'] } },
        { id: 'inv', use: 'gan.invert', with: { checkpoint: conditional, steps: 5 } },
        { id: 'edit', use: 'gan.edit', from: ['gen'], with: { checkpoint: conditional, direction: 'class', from: 3, to: 5, steps: 5 } },
        { id: 'mean', use: 'gan.edit', from: ['gen'], with: { checkpoint: conditional, dataset: 'digits', from: 1, to: 7, count: 2, steps: 3 } },
        { id: 'walk', use: 'gan.interpolate', with: { checkpoint: conditional, from: 1, to: 2, frames: 3, label: 7 } },
      ],
    });
    expect(run.status).toBe('succeeded');
    const steps = Object.fromEntries(atelier.runs.steps(run.id).map((s) => [s.stepId, s]));
    expect(steps.gen.imageMeta.map((m) => m.labelName)).toEqual(['3', '3']);
    expect(steps.inv.records.residual).toMatchObject({ mean: expect.any(Number) });
    expect(steps.inv.imageMeta[0].latent).toHaveLength(tiny.latentSize);
    expect(steps.edit.imageMeta).toHaveLength(2);
    expect(steps.mean.imageMeta.map((m) => m.label)).toEqual([3, 3]);
    expect(steps.walk.imageMeta.map((m) => m.frame)).toEqual([0, 1, 2]);
  });

  it('dcgan: edit along the difference of mean latents of two data set classes; a class direction is refused', async () => {
    const edit = (w: Record<string, unknown>) =>
      runPipeline({
        seed: 4,
        steps: [
          { id: 'gen', use: 'gan.generate', with: { checkpoint: dcgan, count: 2 } },
          { id: 'edit', use: 'gan.edit', with: { checkpoint: dcgan, from: 1, to: 7, count: 2, steps: 3, ...w } },
        ],
      });
    const run = await edit({ dataset: 'digits' });
    expect(run.status).toBe('succeeded');
    expect(artifactHashes(run, 'edit')).toHaveLength(2);
    expect((await edit({})).error).toMatchObject({ details: { path: 'with.dataset' } });
    expect((await edit({ direction: 'class' })).error).toMatchObject({ details: { path: 'with.direction' } });
  });

  it('cancel keeps the last epoch’s checkpoint; a resume continues from it', async () => {
    // 40 digits at batch 8: 5 steps an epoch; cancel during the second epoch.
    const run = await atelier.submitTraining({ family: 'gan.dcgan', dataset: 'digits', epochs: 3, seed: 2, hyperparameters: tiny });
    const unsubscribe = atelier.events.subscribe(run.id, (event) => {
      if (event.type === 'training' && event.progress.step === 7) atelier.queue.cancel(run.id);
    });
    const canceled = await atelier.queue.wait(run.id);
    unsubscribe();
    expect(canceled.status).toBe('canceled');
    const kept = atelier.checkpoints.list({ runId: run.id });
    expect(kept.map((c) => [c.epoch, c.step])).toEqual([[1, 5]]);

    const resumed = await expectSucceeded(
      atelier,
      await atelier.submitTraining({ family: 'gan.dcgan', dataset: 'digits', epochs: 1, resume: kept[0].id, hyperparameters: tiny }),
    );
    expect(atelier.checkpoints.resolve(resumed.result.checkpointId as string)).toMatchObject({ epoch: 2, step: 10 });
  });

  it('trains on a folder of RGB shapes at 32×32 and keeps 3 channels', async () => {
    const images = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const pixels = tf.tidy(() => {
          const colour = tf.tensor1d([i % 2, (i >> 1) % 2, 1 - (i % 2)]).reshape([1, 1, 1, 3]);
          const square = tf.pad(tf.ones([1, 12, 12, 1]), [[0, 0], [2 * i, 18 - 2 * i], [4, 16], [0, 0]]);
          return tf.mul(square, colour) as tf.Tensor4D;
        });
        const data = await encodePng({ images: pixels, meta: [{}] }, 0);
        pixels.dispose();
        return { data };
      }),
    );
    await atelier.datasets.importImages('shapes', images);
    const run = await train('gan.dcgan', 'shapes', { ...tiny, imageSize: 32, channels: 3 });
    const record = atelier.checkpoints.resolve(run.result.checkpointId as string);
    expect(record.dataSpec).toMatchObject({ width: 32, height: 32, channels: 3 });
    const gen = await runPipeline({ seed: 1, steps: [{ id: 'gen', use: 'gan.generate', with: { checkpoint: record.id, count: 2 } }] });
    expect(gen.status).toBe('succeeded');
    expect(atelier.artifacts.list(gen.id).map((a) => [a.width, a.height])).toEqual([[32, 32], [32, 32]]);
  });
});
