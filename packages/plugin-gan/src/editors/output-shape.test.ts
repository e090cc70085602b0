import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, declaredAndStoredShapes, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import gan from '../index.js';

const tiny = { latentSize: 8, generatorWidth: 4, discriminatorWidth: 4, batchSize: 8, previewEvery: 0 };

let atelier: TestAtelier;
let checkpoint: string;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)] });
  await importTestDigits(atelier, 'digits', 40);
  const run = await atelier.submitTraining({ family: 'gan.dcgan', dataset: 'digits', maxSteps: 1, seed: 1, hyperparameters: tiny });
  checkpoint = (await expectSucceeded(atelier, run)).result.checkpointId as string;
});
afterAll(async () => {
  await atelier?.cleanup();
});

describe('GAN editors’ declared output shapes', () => {
  it('match what every editor stores, at the checkpoint’s trained size', async () => {
    const inversion = { checkpoint, steps: 2 };
    const spec = {
      seed: 3,
      steps: [
        { id: 'gen', use: 'gan.generate', with: { checkpoint, count: 3 } },
        { id: 'walk', use: 'gan.interpolate', with: { checkpoint, from: 1, to: 2, frames: 4 } },
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2, width: 20, height: 16, channels: 3 } },
        { id: 'invert', use: 'gan.invert', with: inversion, from: ['load'] },
        { id: 'edit', use: 'gan.edit', with: { ...inversion, dataset: 'digits', from: 1, to: 7, count: 1 }, from: ['load'] },
      ],
    };
    // Every editor of the plugin is in the spec, so a new one without a matching declaration fails here.
    expect(new Set(spec.steps.map((s) => s.use).filter((use) => !use.startsWith('image.')))).toEqual(new Set(gan.editors!.map((e) => e.id)));
    const { shapes, mismatches } = await declaredAndStoredShapes(atelier, spec);
    expect(mismatches).toEqual([]);
    expect(shapes.map((s) => [s.step, s.declared])).toEqual([
      ['gen', { count: 3, width: 28, height: 28, channels: 1 }],
      ['walk', { count: 4, width: 28, height: 28, channels: 1 }],
      ['load', { count: 2, width: 20, height: 16, channels: 3 }],
      ['invert', { count: 2, width: 28, height: 28, channels: 1 }],
      ['edit', { count: 2, width: 28, height: 28, channels: 1 }],
    ]);
  });

  it('refuse at validation a count past the configured per-step limit, naming the field', async () => {
    const limited = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)], limits: { maxImagesPerStep: 2 } });
    try {
      const { issues } = await limited.checkPipeline({ steps: [{ id: 'gen', use: 'gan.generate', with: { checkpoint: 'missing', count: 3 } }] });
      expect(issues.map((i) => [i.path, i.code])).toEqual([
        ['with.checkpoint', 'CHECKPOINT_NOT_FOUND'],
        ['with.count', 'LIMIT_EXCEEDED'],
      ]);
    } finally {
      await limited.cleanup();
    }
  });
});
