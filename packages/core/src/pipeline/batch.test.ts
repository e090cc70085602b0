import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { createTestAtelier, rowCounts, type TestAtelier } from '../testing/index.js';
import { parseSeeds } from './sweep.js';

let atelier: TestAtelier;
let images: string[];

beforeAll(async () => {
  atelier = await createTestAtelier({ limits: { maxBatchRuns: 12 } });
  images = await writeShapeImages(atelier.config.inputRoots[0], { count: 1, width: 16, height: 12 });
});

afterAll(async () => {
  await atelier.cleanup();
});

const spec = () => ({
  name: 'sweep',
  steps: [
    { id: 'load', use: 'image.load', with: { paths: images }, save: false },
    { id: 'sharpen', use: 'image.sharpen', with: { sigma: 1 } },
  ],
});
const grid = (values: unknown[]) => ({ seeds: parseSeeds('1..4'), params: [{ path: 'steps.sharpen.with.sigma', values }] });
const counts = () => {
  const { runs, batches } = rowCounts(atelier.home);
  return { runs, batches };
};

/** Raw RGB pixels of a stored PNG, or of a region of it. */
const pixels = (file: string, region?: { left: number; top: number; width: number; height: number }) =>
  (region ? sharp(fs.readFileSync(file)).extract(region) : sharp(fs.readFileSync(file))).removeAlpha().raw().toBuffer();

describe('batches', () => {
  it('lays a finished batch out as one contact sheet: a row per value, a column per seed', async () => {
    const sweep = { seeds: [1, 2], params: [{ path: 'steps.sharpen.with.sigma', values: [0.5, 3] }], contactSheet: true };
    const { batch, runs } = await atelier.submitBatch(spec(), sweep);
    const sheet = await atelier.contactSheet(batch.id);
    expect(sheet).toMatchObject({ status: 'succeeded', name: `contact-sheet-${batch.id}` });
    expect(atelier.batches.get(batch.id)?.sweep.contactSheetRunId).toBe(sheet!.id);
    const [grid] = atelier.artifacts.list(sheet!.id);
    // Two 16×12 columns and two rows, with the grid's 2 px padding.
    expect([grid.width, grid.height]).toEqual([2 * 18 + 2, 2 * 14 + 2]);
    const imageOf = (seed: number, sigma: number) => {
      const run = runs.find((r) => r.seed === seed && (r.spec.steps as { with: { sigma?: number } }[])[1].with.sigma === sigma)!;
      return atelier.artifacts.absolutePath(atelier.artifacts.list(run.id)[0]);
    };
    const cell = (row: number, column: number) => pixels(atelier.artifacts.absolutePath(grid), { left: 2 + column * 18, top: 2 + row * 14, width: 16, height: 12 });
    expect(await cell(0, 1)).toEqual(await pixels(imageOf(2, 0.5)));
    expect(await cell(1, 0)).toEqual(await pixels(imageOf(1, 3)));
    expect(await cell(0, 1)).not.toEqual(await cell(1, 0));

    const plain = await atelier.submitBatch(spec(), { seeds: [1] });
    expect(await atelier.contactSheet(plain.batch.id)).toBeNull();
  });

  it('expands seeds 1..4 × three sigmas into 12 runs under one batch, each with its own values', async () => {
    const { batch, runs } = await atelier.submitBatch(spec(), grid([0.5, 1, 2]));
    expect(batch.size).toBe(12);
    expect(runs.every((run) => run.batchId === batch.id && run.name === 'sweep')).toBe(true);
    const made = runs.map((run) => `${run.seed}:${(run.spec.steps as { with: { sigma: number } }[])[1].with.sigma}`);
    expect(new Set(made).size).toBe(12);
    expect(made.slice(0, 3)).toEqual(['1:0.5', '1:1', '1:2']);
    expect(atelier.batches.runsOf(batch.id).map((run) => run.id)).toEqual(runs.map((run) => run.id));
    const done = await Promise.all(runs.map((run) => atelier.queue.wait(run.id)));
    expect(done.map((run) => run.status)).toEqual(Array(12).fill('succeeded'));
  });

  it('zips lists of one length instead of multiplying them', async () => {
    const { runs } = await atelier.submitBatch(spec(), {
      mode: 'zip',
      params: [
        { path: 'steps.sharpen.with.sigma', values: [0.5, 2] },
        { path: 'steps.sharpen.with.amount', values: [1, 3] },
      ],
    });
    expect(runs.map((run) => (run.spec.steps as { with: Record<string, number> }[])[1].with)).toEqual([
      { sigma: 0.5, amount: 1 },
      { sigma: 2, amount: 3 },
    ]);
    // Swept parameters without swept seeds share one seed.
    expect(new Set(runs.map((run) => run.seed)).size).toBe(1);
    await Promise.all(runs.map((run) => atelier.queue.wait(run.id)));
  });

  it('cancels the queued runs of a batch as a whole', async () => {
    const { batch, runs } = await atelier.submitBatch(spec(), grid([0.5, 1, 2]));
    atelier.cancelBatch(batch.id);
    const done = await Promise.all(runs.map((run) => atelier.queue.wait(run.id)));
    // At most the one run a worker had already taken may finish; every other was still queued.
    expect(done.filter((run) => run.status === 'canceled').length).toBeGreaterThanOrEqual(11);
    expect(done.every((run) => run.status === 'canceled' || run.status === 'succeeded')).toBe(true);
  });

  it('refuses a batch over the limit, or with an invalid run, before anything is queued', async () => {
    const before = counts();
    await expect(atelier.submitBatch(spec(), grid([0.5, 1, 2, 4]))).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 12, setting: 'limits.maxBatchRuns' },
    });
    await expect(atelier.submitBatch(spec(), grid([1, -3]))).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      issues: [expect.objectContaining({ step: 'sharpen', path: 'with.sigma', message: expect.stringContaining('sigma=-3') })],
    });
    await expect(atelier.submitBatch(spec(), { params: [{ path: 'steps.nope.with.sigma', values: [1] }] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'params[0].path' },
    });
    expect(counts()).toEqual(before);
  });
});
