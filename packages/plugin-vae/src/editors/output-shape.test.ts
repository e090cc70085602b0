import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, importTestDigits, declaredAndStoredShapes, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import vae from '../index.js';

// A 2-D latent so vae.latent-grid runs too; two steps are enough for shapes.
const tiny = { latentSize: 2, widths: [4, 8], batchSize: 16, previewEvery: 0 };

let atelier: TestAtelier;
let checkpoint: string;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../index.ts', import.meta.url)] });
  await importTestDigits(atelier, 'digits', 60);
  const run = await atelier.submitTraining({ family: 'vae.conv', dataset: 'digits', maxSteps: 2, seed: 1, hyperparameters: tiny });
  checkpoint = (await expectSucceeded(atelier, run)).result.checkpointId as string;
});
afterAll(async () => {
  await atelier?.cleanup();
});

describe('VAE editors’ declared output shapes', () => {
  it('match what every editor stores: counts from params and inputs, size from the checkpoint', async () => {
    const spec = {
      seed: 5,
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 3, width: 20, height: 16 } },
        { id: 'again', use: 'vae.reconstruct', with: { checkpoint } },
        { id: 'walk', use: 'vae.interpolate', with: { checkpoint, frames: 3 }, from: ['load'] },
        { id: 'shift', use: 'vae.attribute', with: { checkpoint, from: 1, to: 7, frames: 3, groupSize: 4 }, from: ['load'] },
        { id: 'fill', use: 'vae.inpaint', with: { checkpoint, x: 2, y: 2, width: 8, height: 8, iterations: 2 }, from: ['load'] },
        { id: 'new', use: 'vae.generate', with: { checkpoint, count: 2 } },
        { id: 'lattice', use: 'vae.latent-grid', with: { checkpoint, steps: 2 } },
      ],
    };
    // Every editor of the plugin is in the spec, so a new one without a matching declaration fails here.
    expect(new Set(spec.steps.map((s) => s.use).filter((use) => !use.startsWith('image.')))).toEqual(new Set(vae.editors!.map((e) => e.id)));
    const { shapes, mismatches } = await declaredAndStoredShapes(atelier, spec);
    expect(mismatches).toEqual([]);
    const digit = { width: 28, height: 28, channels: 1 };
    expect(shapes.map((s) => [s.step, s.declared])).toEqual([
      ['load', { count: 3, width: 20, height: 16, channels: 1 }],
      ['again', { count: 3, ...digit }],
      ['walk', { count: 5, ...digit }],
      ['shift', { count: 9, ...digit }],
      ['fill', { count: 3, ...digit }],
      ['new', { count: 2, ...digit }],
      ['lattice', { count: 4, ...digit }],
    ]);
  });
});
