import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { PipelineInvalidError } from '@atelier/plugin-api';
import { withoutPngText } from '../image/png-text.js';
import { createTestAtelier, importTestDigits, expectSucceeded, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let images: string[];
let inputs: string;

beforeAll(async () => {
  atelier = await createTestAtelier();
  // The home's `inputs/` folder: the one place image.load may read from by default.
  inputs = atelier.config.inputRoots[0];
  images = await writeShapeImages(inputs, { count: 3, width: 40, height: 30 });
});

afterAll(async () => {
  await atelier.cleanup();
});

/** The images without their text chunks, which name the run. */
const artifactBytes = (runId: string) =>
  atelier.artifacts.list(runId).map((a) => withoutPngText(fs.readFileSync(atelier.artifacts.absolutePath(a))));

describe('pipelines', () => {
  it('loads, resizes, blurs and grids images, recording the run, its steps and artifacts', async () => {
    const run = await atelier.submitPipeline({
      name: 'tour',
      seed: 7,
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images } },
        { id: 'resize', use: 'image.resize', with: { width: 32, height: 32 } },
        { id: 'blur', use: 'image.blur', with: { sigma: 1.5 } },
        { id: 'grid', use: 'image.grid', with: { columns: 3 } },
      ],
    });
    expect(run.status).toBe('queued');
    const done = await expectSucceeded(atelier, run);
    expect(done.seed).toBe(7);
    expect(done.engine?.backend).toBe('wasm');
    const steps = atelier.runs.steps(run.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['load', 'succeeded'],
      ['resize', 'succeeded'],
      ['blur', 'succeeded'],
      ['grid', 'succeeded'],
    ]);
    expect(steps.every((s) => s.durationMs !== null && s.durationMs >= 0)).toBe(true);
    const artifacts = atelier.artifacts.list(run.id);
    expect(artifacts.filter((a) => a.stepId === 'blur').map((a) => [a.width, a.height])).toEqual([[32, 32], [32, 32], [32, 32]]);
    const grid = artifacts.find((a) => a.stepId === 'grid')!;
    expect(grid.width).toBeGreaterThanOrEqual(96);
    for (const artifact of artifacts) {
      const file = fs.readFileSync(atelier.artifacts.absolutePath(artifact));
      expect(file.subarray(1, 4).toString()).toBe('PNG');
      expect(file.length).toBe(artifact.bytes);
    }
    // The run computed in a worker process, whose engine freed every step's tensors.
    expect(atelier.pool.tensorCounts()).toEqual([{ pid: expect.any(Number), tensors: 0 }]);
  });

  it('does not store the images of a step that says save: false', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images.slice(0, 2) }, save: false },
        { id: 'flip', use: 'image.flip', with: { direction: 'horizontal' } },
      ],
    });
    await expectSucceeded(atelier, run);
    expect(atelier.artifacts.list(run.id).map((a) => a.stepId)).toEqual(['flip', 'flip']);
  });

  it('gives identical noise bytes for the same seed and different bytes for another', async () => {
    const spec = (seed: number) => ({
      seed,
      steps: [
        { id: 'load', use: 'image.load', with: { paths: [images[0]] }, save: false },
        { id: 'noise', use: 'image.noise', with: { amount: 0.2 } },
      ],
    });
    const first = await expectSucceeded(atelier, await atelier.submitPipeline(spec(11)));
    const again = await expectSucceeded(atelier, await atelier.submitPipeline(spec(11)));
    const other = await expectSucceeded(atelier, await atelier.submitPipeline(spec(12)));
    expect(artifactBytes(first.id)[0].equals(artifactBytes(again.id)[0])).toBe(true);
    expect(artifactBytes(first.id)[0].equals(artifactBytes(other.id)[0])).toBe(false);
  });

  it('feeds a step from an earlier step named in `from`, not only the previous one', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: [images[1]] }, save: false },
        { id: 'gray', use: 'image.grayscale', with: {} },
        { id: 'flip', use: 'image.flip', with: { direction: 'vertical' }, from: ['load'] },
      ],
    });
    await expectSucceeded(atelier, run);
    const meta = atelier.runs.steps(run.id);
    expect(meta.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const flipped = atelier.artifacts.list(run.id).find((a) => a.stepId === 'flip')!;
    const { channels } = await import('sharp').then((m) => m.default(atelier.artifacts.absolutePath(flipped)).metadata());
    expect(channels).toBe(3);
  });

  it('reports every mistake of a spec at once and writes nothing', async () => {
    const runsBefore = atelier.runs.list().totalCount;
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images } },
        { id: 'blur', use: 'image.blur', with: { sigma: -3 } },
        { id: 'oops', use: 'image.nope', with: {} },
        { id: 'grid', use: 'image.grid', with: { columns: 2 }, from: ['later'] },
        { id: 'later', use: 'image.flip', with: { direction: 'horizontal' } },
      ],
    };
    const issues = await atelier.validatePipeline(spec);
    expect(issues.map((i) => [i.step, i.path, i.code])).toEqual([
      ['blur', 'with.sigma', 'INVALID_PARAM'],
      ['oops', 'use', 'UNKNOWN_COMPONENT'],
      ['grid', 'from[0]', 'LATER_STEP'],
    ]);
    const error = await atelier.submitPipeline(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineInvalidError);
    expect((error as PipelineInvalidError).issues).toHaveLength(3);
    expect(atelier.runs.list().totalCount).toBe(runsBefore);
  });

  it('names an unknown data set and an unknown checkpoint before running', async () => {
    const issues = await atelier.validatePipeline({
      steps: [{ id: 'load', use: 'image.load', with: { dataset: 'nowhere', count: 4 } }],
    });
    expect(issues).toEqual([expect.objectContaining({ step: 'load', path: 'with.dataset', code: 'DATASET_NOT_FOUND' })]);
  });

  it('fails a run on a corrupt image with IMAGE_INVALID naming the file', async () => {
    const corrupt = path.join(inputs, 'corrupt.png');
    fs.writeFileSync(corrupt, 'not an image at all');
    const run = await atelier.submitPipeline({ steps: [{ id: 'load', use: 'image.load', with: { paths: [corrupt] } }] });
    const done = await atelier.queue.wait(run.id);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('IMAGE_INVALID');
    expect(done.error?.message).toContain('corrupt.png');
    expect(atelier.runs.steps(run.id)[0]).toMatchObject({ status: 'failed', error: { code: 'IMAGE_INVALID' } });
    expect(atelier.artifacts.list(run.id)).toHaveLength(0);
  });

  it('runs image.load from a stored data set with a label filter', async () => {
    await importTestDigits(atelier, 'digits', 100);
    const run = await atelier.submitPipeline({
      steps: [{ id: 'sevens', use: 'image.load', with: { dataset: 'digits', count: 3, label: 7 } }],
    });
    await expectSucceeded(atelier, run);
    const step = atelier.runs.steps(run.id)[0];
    expect(step.imageMeta.map((m) => m.label)).toEqual([7, 7, 7]);
  });

  it('cancels a queued run by id without running it', async () => {
    const slow = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images } },
        { id: 'blur', use: 'image.blur', with: { sigma: 2 } },
      ],
    });
    const queued = await atelier.submitPipeline({ steps: [{ id: 'load', use: 'image.load', with: { paths: images } }] });
    expect(atelier.queue.cancel(queued.id)).toBe(true);
    expect((await atelier.queue.wait(queued.id)).status).toBe('canceled');
    await atelier.queue.wait(slow.id);
    expect(atelier.artifacts.list(queued.id)).toHaveLength(0);
  });
});
