import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, declaredAndStoredShapes, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import cnn from '../index.js';

let atelier: TestAtelier;
let classifier: string;
let restorer: string;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)] });
  await importTestDigits(atelier, 'digits', 40);
  const train = async (family: string, hyperparameters: Record<string, unknown>) =>
    (await expectSucceeded(atelier, await atelier.submitTraining({ family, dataset: 'digits', maxSteps: 2, hyperparameters, seed: 1 }))).result
      .checkpointId as string;
  classifier = await train('cnn.classifier', { filters: 4, embeddingSize: 8, batchSize: 16 });
  restorer = await train('cnn.restorer', { filters: 4, batchSize: 16 });
});
afterAll(async () => {
  await atelier?.cleanup();
});

describe('CNN editors’ declared output shapes', () => {
  it('match what every editor stores; cnn.filter declares its input count as a maximum', async () => {
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 3, width: 20, height: 12 } },
        { id: 'labels', use: 'cnn.classify', with: { checkpoint: classifier } },
        { id: 'kept', use: 'cnn.filter', with: { checkpoint: classifier, minConfidence: 0 }, from: ['load'] },
        { id: 'score', use: 'cnn.quality', with: { checkpoint: classifier, realCount: 4 }, from: ['load'] },
        { id: 'clean', use: 'cnn.denoise', with: { checkpoint: restorer }, from: ['load'] },
        { id: 'up', use: 'cnn.upscale', with: { checkpoint: restorer }, from: ['load'] },
        { id: 'fill', use: 'cnn.inpaint', with: { checkpoint: restorer, regions: [{ x: 0.25, y: 0.25, width: 0.5, height: 0.5 }] }, from: ['load'] },
      ],
    };
    // Every editor of the plugin is in the spec, so a new one without a matching declaration fails here.
    expect(new Set(spec.steps.map((s) => s.use).filter((use) => !use.startsWith('image.')))).toEqual(new Set(cnn.editors!.map((e) => e.id)));
    const { shapes, mismatches } = await declaredAndStoredShapes(atelier, spec);
    expect(mismatches).toEqual([]);
    const input = { count: 3, width: 20, height: 12, channels: 1 };
    expect(shapes.map((s) => [s.step, s.declared])).toEqual([
      ['load', input],
      ['labels', input],
      ['kept', { ...input, countIsMaximum: true }],
      ['score', input],
      ['clean', input],
      ['up', { ...input, width: 40, height: 24 }],
      ['fill', input],
    ]);
  });
});
