import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { makeTempDir } from '../__fixtures__/temp-dir.js';
import { loadConfig } from '../config/config.js';
import { type ImageBatch, type ImageShape, type ShapeContext, tf } from '@atelier/plugin-api';
import { createTestContext, rampBatch } from './__fixtures__/context.js';
import { imagePlugin } from './index.js';
import { maxSide } from './params.js';

interface Case {
  use: string;
  with: Record<string, unknown>;
  /** `[n, h, w, c]` of the input batch (none for a source step). */
  input?: [number, number, number, 1 | 3];
  /** Further inputs of a multi-input step. */
  more?: [number, number, number, 1 | 3][];
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let paths: string[];
beforeAll(async () => {
  temp = await makeTempDir();
  paths = await writeShapeImages(path.join(temp.dir, 'shapes'), { count: 2, width: 10, height: 8 });
});
afterAll(() => temp.remove());

const cases = (): Case[] => [
  { use: 'image.load', with: { paths, width: 6, height: 5, channels: 1 } },
  { use: 'image.load', with: { paths: paths.slice(0, 1), width: 7, height: 4, channels: 3 } },
  { use: 'image.artifacts', with: { ids: ['first', 'second'], width: 6, height: 5, channels: 3 } },
  { use: 'image.adjust', with: { brightness: 0.1, saturation: 0.5 }, input: [2, 6, 5, 3] },
  { use: 'image.blur', with: { sigma: 1 }, input: [2, 6, 5, 1] },
  { use: 'image.crop', with: { x: 1, y: 2, width: 3, height: 2 }, input: [2, 6, 5, 3] },
  { use: 'image.flip', with: { direction: 'vertical' }, input: [3, 6, 5, 3] },
  { use: 'image.rotate', with: { angle: 90 }, input: [2, 6, 5, 3] },
  { use: 'image.rotate', with: { angle: -180 }, input: [2, 6, 5, 3] },
  { use: 'image.sharpen', with: {}, input: [2, 6, 5, 3] },
  { use: 'image.noise', with: { amount: 0.2 }, input: [2, 6, 5, 1] },
  { use: 'image.mask', with: { x: 1, y: 1, width: 2, height: 3 }, input: [2, 6, 5, 3] },
  { use: 'image.grid', with: { columns: 2 }, input: [3, 6, 5, 3] },
  { use: 'image.grid', with: { padding: 0 }, input: [5, 4, 7, 1] },
  { use: 'image.resize', with: { width: 7, height: 3 }, input: [2, 6, 5, 3] },
  { use: 'image.resize', with: { width: 9, height: 4, fit: 'contain' }, input: [1, 6, 5, 3] },
  { use: 'image.resize', with: { width: 4, height: 9, fit: 'cover' }, input: [1, 6, 5, 1] },
  { use: 'image.grayscale', with: {}, input: [2, 6, 5, 3] },
  { use: 'image.rgb', with: {}, input: [2, 6, 5, 1] },
  { use: 'image.normalize', with: { range: 'symmetric' }, input: [2, 6, 5, 3] },
  { use: 'augment.flip', with: {}, input: [4, 6, 5, 3] },
  { use: 'augment.crop', with: { padding: 2 }, input: [4, 6, 5, 1] },
  { use: 'image.blend', with: { alpha: 0.3 }, input: [2, 6, 5, 1], more: [[2, 6, 5, 3]] },
  { use: 'image.composite', with: {}, input: [2, 6, 5, 1], more: [[2, 6, 5, 1], [2, 6, 5, 1]] },
  { use: 'image.compare', with: {}, input: [2, 6, 5, 1], more: [[2, 6, 5, 1]] },
  { use: 'image.concat', with: {}, input: [2, 6, 5, 1], more: [[3, 6, 5, 3]] },
];

// Built-ins read no records; plugin editors are checked against real checkpoints in their packages.
const noRecords: ShapeContext = { checkpoint: () => null, dataset: () => null };
const shapeOf = ({ images }: ImageBatch): ImageShape => {
  const [count, height, width, channels] = images.shape;
  return { count, width, height, channels: channels as 1 | 3 };
};

describe('built-in output shapes', () => {
  it('every built-in declares the shape its apply returns, checked on tiny real batches', async () => {
    const ctx = await createTestContext({ inputRoots: [temp.dir], artifact: (id) => fs.promises.readFile(paths[id === 'first' ? 0 : 1]) });
    const components = [...imagePlugin.editors!, ...imagePlugin.preprocessors!];
    expect(new Set(cases().map((c) => c.use))).toEqual(new Set(components.map((c) => c.id)));
    const before = tf.memory().numTensors;
    for (const testCase of cases()) {
      const component = components.find((c) => c.id === testCase.use)!;
      const params = component.params.parse(testCase.with);
      const input = testCase.input && rampBatch(...testCase.input);
      const inputs = input ? [input, ...(testCase.more ?? []).map((shape) => rampBatch(...shape))] : [];
      const declared =
        component.kind === 'editor'
          ? component.outputShape!(noRecords, inputs.map(shapeOf), params)
          : component.outputShape!(noRecords, shapeOf(input!), params);
      const output = component.kind === 'editor' ? await component.apply(ctx, inputs, params) : await component.apply(ctx, input!, params);
      const { setBy: _setBy, ...shape } = declared;
      expect({ use: testCase.use, with: testCase.with, shape }).toEqual({ use: testCase.use, with: testCase.with, shape: shapeOf(output) });
      tf.dispose([output.images, ...inputs.map((batch) => batch.images)]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves sizes unknown where files are read at their own size, and passes unknown inputs on', () => {
    const load = imagePlugin.editors!.find((e) => e.id === 'image.load')!;
    expect(load.outputShape!(noRecords, [], load.params.parse({ paths }))).toMatchObject({ count: 2, width: null, height: null, channels: null });
    const resize = imagePlugin.preprocessors!.find((p) => p.id === 'image.resize')!;
    const unknown = { count: null, width: null, height: null, channels: null };
    expect(resize.outputShape!(noRecords, unknown, resize.params.parse({ width: 3, height: 2 }))).toMatchObject({ count: null, width: 3, height: 2 });
  });

  it('shows clients the default side limit as the schema maximum of pixel sizes', () => {
    expect(maxSide).toBe(loadConfig({ cwd: '/nonexistent', env: {} }).limits.maxImageSide);
  });
});
