import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeImage, writeCorruptFile, writeShapeImages } from './__fixtures__/images.js';
import { createTestAtelier, expectSucceeded, rowCounts, type TestAtelier } from './testing/index.js';

/** The use cases the CLI and the server share, with their rules, on a real home (SQLite, files, a worker). */
let atelier: TestAtelier;
let images: string[];
let corrupt: string;

const quick = () => ({ steps: [{ id: 'load', use: 'image.load', with: { paths: images } }] });
/** Valid, so it is queued; its file does not decode, so it fails in the worker. */
const failing = () => ({ steps: [{ id: 'load', use: 'image.load', with: { paths: [corrupt] } }] });

beforeAll(async () => {
  atelier = await createTestAtelier();
  images = await writeShapeImages(path.join(atelier.config.inputRoots[0], 'shapes'), { count: 2, width: 12, height: 10 });
  corrupt = await writeCorruptFile(path.join(atelier.config.inputRoots[0], 'bad'));
});
afterAll(() => atelier.cleanup());

describe('one "no such run" error', () => {
  it('is NOT_FOUND naming the id, from every use case that takes a run id', async () => {
    const notFound = { code: 'NOT_FOUND', message: 'No run "nope"', details: { path: 'id', id: 'nope' } };
    expect(() => atelier.run('nope')).toThrow(expect.objectContaining(notFound));
    expect(() => atelier.cancelRun('nope')).toThrow(expect.objectContaining(notFound));
    expect(() => atelier.deleteRun('nope')).toThrow(expect.objectContaining(notFound));
    await expect(atelier.retryRun('nope')).rejects.toMatchObject(notFound);
    await expect(atelier.queue.wait('nope')).rejects.toMatchObject(notFound);
    expect(() => atelier.runs.requeue('nope')).toThrow(expect.objectContaining(notFound));
  });
});

describe('run control', () => {
  it('refuses to delete a run while it is queued or running, then deletes it with its artifacts once finished', async () => {
    const run = await atelier.submitPipeline(quick());
    expect(() => atelier.deleteRun(run.id)).toThrow(expect.objectContaining({ code: 'CONFLICT', details: { path: 'id', status: expect.stringMatching(/^(queued|running)$/) } }));
    await expectSucceeded(atelier, run);
    const files = atelier.artifacts.list(run.id).map((a) => atelier.artifacts.absolutePath(a));
    expect(files.length).toBe(2);
    atelier.deleteRun(run.id);
    expect(atelier.runs.get(run.id)).toBeNull();
    expect(files.filter((file) => fs.existsSync(file))).toEqual([]);
  });

  it('retries a failed run and refuses to retry a succeeded one', async () => {
    const failed = await atelier.queue.wait((await atelier.submitPipeline(failing())).id);
    expect(failed.status).toBe('failed');
    const requeued = await atelier.retryRun(failed.id);
    expect(requeued).toMatchObject({ id: failed.id, status: 'queued' });
    expect((await atelier.queue.wait(failed.id)).status).toBe('failed');
    const succeeded = await expectSucceeded(atelier, await atelier.submitPipeline(quick()));
    await expect(atelier.retryRun(succeeded.id)).rejects.toMatchObject({ code: 'CONFLICT', details: { status: 'succeeded' } });
  });
});

describe('savePipeline', () => {
  it('saves a valid spec under its name and stores nothing for a bad name or an invalid spec', async () => {
    const before = rowCounts(atelier.home).pipelines;
    await expect(atelier.savePipeline('no spaces please', quick())).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(atelier.savePipeline('broken', { steps: [{ id: 'x', use: 'image.nothing' }] })).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      issues: [expect.objectContaining({ step: 'x', path: 'use' })],
    });
    expect(rowCounts(atelier.home).pipelines).toBe(before);
    const saved = await atelier.savePipeline('loader', quick());
    expect(saved.spec).toMatchObject({ name: 'loader', steps: quick().steps });
    expect(atelier.pipelines.get('loader')?.spec.name).toBe('loader');
  });
});

describe('data set imports and uploads', () => {
  it('refuses a folder import by a relative path, naming the field, and stores nothing', async () => {
    const before = rowCounts(atelier.home);
    await expect(atelier.importDataset({ source: 'folder', name: 'rel', path: 'inputs' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'path' } });
    expect(rowCounts(atelier.home)).toEqual(before);
    const record = await atelier.importDataset({ source: 'folder', name: 'shapes', path: path.dirname(images[0]) });
    expect(record).toMatchObject({ name: 'shapes', count: 2, source: 'folder' });
  });

  it('decodes base64 and bytes alike, and refuses a whole upload with one bad image before writing', async () => {
    const png = await shapeImage(0, { width: 8, height: 8 });
    const before = rowCounts(atelier.home);
    await expect(atelier.uploadImages('up', [{ data: png.toString('base64') }, { data: 'not base64!' }])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'images.1.data' },
    });
    await expect(atelier.uploadImages('up', [{ data: Buffer.from('GIF89a') }])).rejects.toMatchObject({ code: 'IMAGE_INVALID', details: { path: 'images.0.data' } });
    await expect(atelier.uploadImages('up', [])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'images' } });
    expect(rowCounts(atelier.home)).toEqual(before);
    const record = await atelier.uploadImages('up', [{ data: `data:image/png;base64,${png.toString('base64')}`, label: 'a' }, { data: png }]);
    expect(record).toMatchObject({ name: 'up', count: 2, labelNames: ['a'] });
  });

  it('holds a PNG to re-run to the upload limits: IMAGE_INVALID for one that is not an image', async () => {
    await expect(atelier.imageProvenance(Buffer.from('plain text'))).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    const run = await expectSucceeded(atelier, await atelier.submitPipeline({ ...quick(), seed: 3 }));
    const png = fs.readFileSync(atelier.artifacts.absolutePath(atelier.artifacts.list(run.id)[0]));
    expect(await atelier.imageProvenance(png.toString('base64'))).toMatchObject({ runId: run.id, seed: 3 });
  });
});

describe("the home's disk budget", () => {
  it('refuses every new run (what the CLI and GraphQL submit alike) while the home is over it, storing nothing', async () => {
    const full = await createTestAtelier({ limits: { maxHomeBytes: 1024 } });
    try {
      const overBudget = { code: 'LIMIT_EXCEEDED', details: { limit: 1024, setting: 'limits.maxHomeBytes' } };
      const before = rowCounts(full.home);
      await expect(full.submitPipeline(quick())).rejects.toMatchObject(overBudget);
      await expect(full.submitBatch(quick(), { seeds: [1, 2] })).rejects.toMatchObject(overBudget);
      await expect(full.submitTraining({ family: 'gan.dcgan', dataset: 'digits' })).rejects.toMatchObject(overBudget);
      expect(rowCounts(full.home)).toEqual(before);
      expect(before.runs).toBe(0);
    } finally {
      await full.cleanup();
    }
  });
});

describe('the shutdown interrupt', () => {
  it("marks this process's running run interrupted at once, without waiting for it, so retryRun can queue it again", async () => {
    const slow = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images }, save: false },
        { id: 'big', use: 'image.resize', with: { width: 512, height: 512 }, save: false },
        ...Array.from({ length: 20 }, (_, i) => ({ id: `blur${i}`, use: 'image.blur', with: { sigma: 4 }, save: false })),
      ],
    });
    const running = new Promise<void>((resolve) => {
      const stop = atelier.events.subscribe(slow.id, (event) => event.type === 'step' && event.status === 'running' && (stop(), resolve()));
    });
    await running;
    expect(atelier.interruptRunning()).toEqual([slow.id]);
    expect(atelier.run(slow.id)).toMatchObject({ status: 'interrupted', error: { code: 'INTERRUPTED' } });
    expect(atelier.interruptRunning()).toEqual([]);
  });
});
