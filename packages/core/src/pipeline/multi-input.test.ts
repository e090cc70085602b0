import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { PipelineInvalidError } from '@atelier/plugin-api';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let images: string[];

beforeAll(async () => {
  atelier = await createTestAtelier();
  images = await writeShapeImages(atelier.config.inputRoots[0], { count: 2, width: 20, height: 16 });
});

afterAll(async () => {
  await atelier.cleanup();
});

const load = (id: string, width: number, height: number, channels = 3) => ({ id, use: 'image.load', with: { paths: images, width, height, channels }, save: false });

async function refused(spec: Record<string, unknown>) {
  const before = atelier.runs.list().totalCount;
  const error = await atelier.submitPipeline(spec).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PipelineInvalidError);
  expect(atelier.runs.list().totalCount).toBe(before);
  return (error as PipelineInvalidError).issues;
}

describe('multi-input steps', () => {
  it('refuses image.blend of a 48×40 and a 32×32 batch at validation, naming the step and the input', async () => {
    const issues = await refused({
      steps: [load('wide', 48, 40), load('square', 32, 32), { id: 'mix', use: 'image.blend', from: ['wide', 'square'], with: { alpha: 0.5 } }],
    });
    expect(issues).toEqual([
      expect.objectContaining({ step: 'mix', path: 'from[1]', code: 'INPUT_SIZE_MISMATCH', message: expect.stringContaining('32×32') }),
    ]);
  });

  it('refuses a mask of the wrong size or count for image.composite', async () => {
    const issues = await refused({
      steps: [
        load('image', 24, 20),
        load('mask', 12, 10, 1),
        { id: 'few', use: 'image.load', with: { paths: images.slice(0, 1), width: 24, height: 20 }, save: false },
        { id: 'paste', use: 'image.composite', from: ['image', 'mask', 'few'] },
      ],
    });
    expect(issues.map((i) => [i.step, i.path, i.code])).toEqual([
      ['paste', 'from[1]', 'INPUT_SIZE_MISMATCH'],
      ['paste', 'from[2]', 'INPUT_COUNT_MISMATCH'],
    ]);
    expect(issues[0].message).toContain('mask ("mask")');
  });

  it('blends and composites batches of one size, reporting their shapes before compute', async () => {
    const spec = {
      steps: [
        load('a', 24, 20),
        { id: 'b', use: 'image.flip', with: { direction: 'horizontal' }, save: false },
        { id: 'mix', use: 'image.blend', from: ['a', 'b'], with: { alpha: 0.5 } },
        load('mask', 24, 20, 1),
        { id: 'paste', use: 'image.composite', from: ['a', 'mask', 'mix'] },
      ],
    };
    const { issues, steps } = await atelier.checkPipeline(spec);
    expect(issues).toEqual([]);
    expect(steps.find((s) => s.step === 'paste')?.shape).toEqual({ count: 2, width: 24, height: 20, channels: 3 });
    const run = await expectSucceeded(atelier, await atelier.submitPipeline(spec));
    const stored = atelier.artifacts.list(run.id);
    expect(stored.map((a) => [a.stepId, a.width, a.height])).toEqual([
      ['mix', 24, 20],
      ['mix', 24, 20],
      ['paste', 24, 20],
      ['paste', 24, 20],
    ]);
    for (const artifact of stored) expect(fs.existsSync(atelier.artifacts.absolutePath(artifact))).toBe(true);
  });
});
