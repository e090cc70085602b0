import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shapeImage } from '../__fixtures__/images.js';
import { tf } from '../engine/tf.js';
import { autoencoder, autoencoderPlugin } from '../jobs/__fixtures__/autoencoder-plugin.js';
import { defineEditor, defineModelFamily, definePlugin } from '../plugins/define-plugin.js';
import type { RunRecord } from '../store/records.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';

// Declares `restore` but its handle offers none: core must refuse it when it loads.
const hollow = defineModelFamily({ ...autoencoder, id: 'hollow.autoencoder', load: ({ models }) => ({ dispose: () => models.autoencoder.dispose() }) });

const openAs = (id: string, capability: 'restore' | 'generate') =>
  defineEditor<{ model: string }>({
    id,
    title: id,
    description: `Opens the checkpoint named by \`model\` for ${capability}`,
    params: z.object({ model: z.string() }),
    inputs: 1,
    async apply(ctx, [batch], { model }) {
      await ctx.open(model, capability, { field: 'model' });
      return { images: batch.images.clone(), meta: batch.meta };
    },
  });

const probes = definePlugin({ name: 'probes', version: '0.0.0', modelFamilies: [hollow], editors: [openAs('probe.restore', 'restore'), openAs('probe.generate', 'generate')] });

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
  atelier = await createTestAtelier({ plugins: [autoencoderPlugin, probes] });
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

  it('refuses a handle that lacks what its family declares, names the family, and frees its models', async () => {
    const before = tf.memory().numTensors;
    const run = await runProbe('probe.restore', hollowTrained);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_INVALID', details: { step: 'probe', component: 'hollow.autoencoder' } });
    expect(run.error!.message).toContain('restore()');
    expect(atelier.artifacts.list(run.id).filter((a) => a.stepId === 'probe')).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
