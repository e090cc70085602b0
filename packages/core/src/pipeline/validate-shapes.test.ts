import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../__fixtures__/temp-dir.js';
import { writeShapeImages } from '../__fixtures__/images.js';
import { PipelineInvalidError } from '@atelier/plugin-api';
import { createTestAtelier, importTestDigits, declaredAndStoredShapes, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let limited: TestAtelier;
let images: string[];
let scratch: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  atelier = await createTestAtelier();
  limited = await createTestAtelier({ limits: { maxImageSide: 64, maxImagePixels: 40 * 40, maxImagesPerStep: 4, maxImagesPerRun: 6 } });
  for (const app of [atelier, limited]) await importTestDigits(app, 'digits', 6);
  scratch = await makeTempDir();
  images = await writeShapeImages(scratch.dir, { count: 2, width: 12, height: 10 });
});
afterAll(async () => {
  await atelier.cleanup();
  await limited.cleanup();
  await scratch.remove();
});

/** The issues a spec gets, and proof that submitting it records nothing. */
async function refused(app: TestAtelier, spec: Record<string, unknown>) {
  const before = app.runs.list().totalCount;
  const error = await app.submitPipeline(spec).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PipelineInvalidError);
  expect(app.runs.list().totalCount).toBe(before);
  return (error as PipelineInvalidError).issues;
}

describe('shapes before compute', () => {
  it('reports each step’s declared output shape, and it is the shape the run stores', async () => {
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 5, offset: 2 } },
        { id: 'big', use: 'image.resize', with: { width: 40, height: 30 } },
        { id: 'turn', use: 'image.rotate', with: { angle: 90 } },
        { id: 'colour', use: 'image.rgb' },
        { id: 'sheet', use: 'image.grid', with: { columns: 3 } },
      ],
    };
    const { steps } = await atelier.checkPipeline(spec);
    expect(steps.map((s) => [s.step, s.shape])).toEqual([
      // Offset 2 of a 6-image set leaves 4, fewer than the 5 asked for.
      ['load', { count: 4, width: 28, height: 28, channels: 1 }],
      ['big', { count: 4, width: 40, height: 30, channels: 1 }],
      ['turn', { count: 4, width: 30, height: 40, channels: 1 }],
      ['colour', { count: 4, width: 30, height: 40, channels: 3 }],
      ['sheet', { count: 1, width: 3 * 32 + 2, height: 2 * 42 + 2, channels: 3 }],
    ]);
    const { shapes, mismatches } = await declaredAndStoredShapes(atelier, spec);
    expect(shapes).toHaveLength(5);
    expect(mismatches).toEqual([]);
  });

  it('refuses image.resize to 65536×65536 at validation, naming the step, the field and the limit, and records nothing', async () => {
    const issues = await refused(atelier, {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 } },
        { id: 'resize', use: 'image.resize', with: { width: 65536, height: 65536 } },
      ],
    });
    expect(issues.map((i) => [i.step, i.path])).toEqual([
      ['resize', 'with.width'],
      ['resize', 'with.height'],
    ]);
    expect(issues[0].message).toContain('4096');
  });

  // The resizes inherit the loader's 5 images: that is the loader's issue, not reported again on them.
  it('refuses declared outputs past the configured size, pixel and count limits, each at the field that sets it', async () => {
    const issues = await refused(limited, {
      steps: [
        { id: 'many', use: 'image.load', with: { dataset: 'digits', count: 5 } },
        { id: 'wide', use: 'image.resize', with: { width: 100, height: 20 }, save: false },
        { id: 'square', use: 'image.resize', with: { width: 50, height: 50 }, from: ['many'], save: false },
        { id: 'sheet', use: 'image.grid', with: { columns: 4 }, from: ['many'], save: false },
      ],
    });
    expect(issues.map((i) => [i.step, i.path, i.code])).toEqual([
      ['many', 'with.count', 'LIMIT_EXCEEDED'],
      ['wide', 'with.width', 'LIMIT_EXCEEDED'],
      ['square', 'with.width', 'LIMIT_EXCEEDED'],
      ['sheet', 'with.columns', 'LIMIT_EXCEEDED'],
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining('maxImagesPerStep is 4'),
      expect.stringContaining('maxImageSide is 64'),
      expect.stringContaining(`maxImagePixels is ${40 * 40}`),
      expect.stringContaining('maxImageSide is 64'),
    ]);
  });

  it('refuses a run whose saving steps together store more than maxImagesPerRun, at the step that crosses it', async () => {
    const spec = (save: boolean) => ({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 4 } },
        { id: 'flip', use: 'image.flip', with: { direction: 'horizontal' }, save },
        { id: 'blur', use: 'image.blur', with: { sigma: 1 } },
      ],
    });
    const issues = await refused(limited, spec(true));
    expect(issues).toEqual([{ step: 'flip', path: 'save', code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxImagesPerRun is 6') }]);
    expect((await limited.checkPipeline(spec(false))).steps.map((s) => s.shape?.count)).toEqual([4, 4, 4]);
    expect((await refused(limited, { steps: [...spec(false).steps, { id: 'more', use: 'image.sharpen' }] }))[0]).toMatchObject({
      step: 'blur',
      path: 'save',
    });
  });

  it('leaves sizes read from files unknown, and still checks them when the files are read', async () => {
    const spec = {
      steps: [
        { id: 'files', use: 'image.load', with: { paths: images } },
        { id: 'small', use: 'image.resize', with: { width: 8, height: 8 } },
      ],
    };
    const { issues, steps } = await atelier.checkPipeline(spec);
    expect(issues).toEqual([]);
    expect(steps.map((s) => s.shape)).toEqual([
      { count: 2, width: null, height: null, channels: null },
      { count: 2, width: 8, height: 8, channels: null },
    ]);
  });

  it('gives no shape for a step too broken to declare one, and reports the other steps', async () => {
    const { steps } = await atelier.checkPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2 } },
        { id: 'nope', use: 'image.nope' },
        { id: 'blur', use: 'image.blur', with: { sigma: 1 }, from: ['load'] },
      ],
    });
    expect(steps).toEqual([
      { step: 'load', use: 'image.load', shape: { count: 2, width: 28, height: 28, channels: 1 } },
      { step: 'nope', use: 'image.nope', shape: null },
      { step: 'blur', use: 'image.blur', shape: { count: 2, width: 28, height: 28, channels: 1 } },
    ]);
  });
});
