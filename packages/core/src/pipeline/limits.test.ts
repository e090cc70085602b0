import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { createTestAtelier, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let images: string[];
let inputs: string;

beforeAll(async () => {
  // other.tile declares no output shape.
  const plugins = [new URL('./__fixtures__/tile-plugin.ts', import.meta.url)];
  atelier = await createTestAtelier({ limits: { maxImagesPerRun: 5, maxImageSide: 64 }, plugins });
  // The home's `inputs/` folder: the one place image.load may read from by default.
  inputs = atelier.config.inputRoots[0];
  images = await writeShapeImages(inputs, { count: 3, width: 32, height: 32 });
});
afterAll(async () => {
  await atelier.cleanup();
});

// Declared shapes are refused at validation (validate-shapes.test.ts); these are the checks after compute.
describe('run limits on components that declare no shape', () => {
  it('stops a run that would store more images than the per-run limit, keeping what it stored', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images } },
        { id: 'flip', use: 'other.tile', with: { times: 1 } },
      ],
    });
    const done = await atelier.queue.wait(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { step: 'flip', limit: 5 } });
    expect(atelier.artifacts.list(run.id).map((a) => a.stepId)).toEqual(['load', 'load', 'load']);
  });

  it('refuses a step output larger than the image size limit and frees it', async () => {
    const fits = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: [images[0]] }, save: false },
        { id: 'wide', use: 'other.tile', with: { times: 2 } },
      ],
    });
    expect((await atelier.queue.wait(fits.id)).status).toBe('succeeded');
    const [{ tensors: settled }] = atelier.pool.tensorCounts();
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: [images[0]] }, save: false },
        { id: 'wide', use: 'other.tile', with: { times: 4 } },
      ],
    });
    const done = await atelier.queue.wait(run.id);
    expect(done.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { step: 'wide', limit: 64 } });
    expect(atelier.artifacts.list(run.id)).toHaveLength(0);
    // The refused output was freed in the worker: its engine holds what it held after the run that fit.
    expect(atelier.pool.tensorCounts()).toEqual([{ pid: expect.any(Number), tensors: settled }]);
  });
});
