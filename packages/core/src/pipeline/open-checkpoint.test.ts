import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeImage } from '../__fixtures__/images.js';
import type { RunRecord } from '../contracts/records.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let trained: string;
let hollowTrained: string;

const train = async (family: string) =>
  (await expectSucceeded(atelier, await atelier.submitTraining({ family, dataset: 'blobs', maxSteps: 1, seed: 1, hyperparameters: { size: 8, hidden: 4 } }))).result
    .checkpointId as string;

const runProbe = (use: string, model: string): Promise<RunRecord> =>
  atelier.submitPipeline({
    seed: 1,
    steps: [
      { id: 'load', use: 'image.load', with: { dataset: 'blobs', count: 2 } },
      { id: 'probe', use, with: { model } },
    ],
  }).then((run) => atelier.queue.wait(run.id));

beforeAll(async () => {
  atelier = await createTestAtelier({
    plugins: [new URL('../training/__fixtures__/autoencoder-plugin.ts', import.meta.url), new URL('./__fixtures__/probe-plugin.ts', import.meta.url)],
  });
  const images = await Promise.all([0, 1, 2, 3].map(async (i) => ({ data: await shapeImage(i, { width: 8, height: 8, channels: 1 }) })));
  await atelier.datasets.importImages('blobs', images);
  trained = await train('test.autoencoder');
  hollowTrained = await train('hollow.autoencoder');
});

afterAll(async () => {
  await atelier?.cleanup();
});

describe('ctx.open and the capability check at load', () => {
  it('hands an editor the typed handle of a checkpoint that offers the capability', async () => {
    const run = await runProbe('probe.restore', trained);
    expect(run.status).toBe('succeeded');
  });

  it('refuses a checkpoint without the capability, naming the step and the field', async () => {
    const run = await runProbe('probe.generate', trained);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'CHECKPOINT_INCOMPATIBLE', details: { step: 'probe', path: 'with.model' } });
    expect(run.error!.message).toContain('cannot generate');
  });

  it('refuses a handle that lacks what its family declares, naming the family', async () => {
    const run = await runProbe('probe.restore', hollowTrained);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_INVALID', details: { step: 'probe', component: 'hollow.autoencoder' } });
    expect(run.error!.message).toContain('restore()');
    expect(atelier.artifacts.list(run.id).filter((a) => a.stepId === 'probe')).toEqual([]);
  });
});
