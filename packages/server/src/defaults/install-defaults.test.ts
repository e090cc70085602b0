import fs from 'node:fs';
import path from 'node:path';
import type { Atelier } from '@atelier/core';
import { importMnist, mnistDigits } from '../datasets/mnist.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../__fixtures__/test-server.js';
import { buildFixtureDefaults, fixturePlugins, smallClassifier, trainTiny, type FixtureDefaults } from './__fixtures__/fixture-defaults.js';
import { readDefaultCheckpoint } from './default-checkpoint.js';
import { installDefaults } from './install-defaults.js';

let fixture: FixtureDefaults;
const opened: TestAtelier[] = [];

async function freshHome(): Promise<TestAtelier> {
  const atelier = await createTestAtelier({ plugins: fixturePlugins });
  opened.push(atelier);
  return atelier;
}

const install = (atelier: Atelier) => installDefaults(atelier, { folder: fixture.folder, examples: fixture.examples });
const nothing = { checkpoints: [], datasets: [], pipelines: [] };

beforeAll(async () => {
  fixture = await buildFixtureDefaults();
});
afterEach(async () => {
  for (const atelier of opened.splice(0)) await atelier.cleanup();
});
afterAll(() => fixture.cleanup());

describe('installDefaults', () => {
  it('gives a fresh home the defaults with their metrics and lineage, both data sets and the examples, which run', async () => {
    const atelier = await freshHome();
    expect(await install(atelier)).toEqual({
      checkpoints: ['digits-classifier', 'digits-dcgan'],
      datasets: ['digits', 'digits-holdout', 'example-photos'],
      pipelines: ['example-generate', 'photo-gray'],
    });

    const file = readDefaultCheckpoint('digits-dcgan', fixture.folder);
    const installed = atelier.checkpoints.resolve('digits-dcgan');
    expect(installed).toMatchObject({ family: 'gan.dcgan', runId: null, metrics: file.metrics, step: file.step, models: file.models, lineage: file.lineage });
    expect(installed.metrics.fixtureQuality).toBe(0.5);
    expect(fs.readdirSync(path.join(atelier.home, installed.path)).sort()).toEqual([...file.models].sort());
    expect(fs.readdirSync(path.join(atelier.home, 'tmp'))).toEqual([]);
    expect(atelier.datasets.get('digits')?.count).toBe(mnistDigits({ split: 'train' }).count);
    expect(atelier.datasets.get('digits-holdout')?.count).toBe(mnistDigits({ split: 'holdout' }).count);

    const generated = await expectSucceeded(atelier, await atelier.submitPipeline(atelier.pipelines.get('example-generate')!.spec));
    expect(atelier.artifacts.list(generated.id).filter((a) => a.kind === 'image')).toHaveLength(4);
    // The example image becomes a data set, which the saved example loads by name.
    expect(atelier.datasets.get('example-photos')).toMatchObject({ count: 1, width: 16, height: 16 });
    const gray = await expectSucceeded(atelier, await atelier.submitPipeline(atelier.pipelines.get('photo-gray')!.spec));
    expect(atelier.artifacts.list(gray.id).filter((a) => a.stepId === 'gray')).toHaveLength(1);
  });

  it('never replaces a checkpoint of the same name that the user trained, whatever its family', async () => {
    const atelier = await freshHome();
    await importMnist(atelier.datasets, { name: 'digits', limit: 32 });
    const mine = await trainTiny(atelier, 'cnn.classifier', 'digits-dcgan', smallClassifier);

    expect((await install(atelier)).checkpoints).toEqual(['digits-classifier']);
    expect(atelier.checkpoints.resolve('digits-dcgan')).toMatchObject({ id: mine.id, family: 'cnn.classifier', metrics: mine.metrics, lineage: null });
    expect(atelier.checkpoints.list().filter((c) => c.name === 'digits-dcgan')).toHaveLength(1);
    expect(atelier.datasets.get('digits')?.count).toBe(32);
  });

  it('brings a deleted default back with the same metrics, and a second install adds nothing', async () => {
    const atelier = await freshHome();
    await install(atelier);
    const first = atelier.checkpoints.remove('digits-dcgan');
    expect(fs.existsSync(path.join(atelier.home, first.path))).toBe(false);

    expect(await install(atelier)).toEqual({ ...nothing, checkpoints: ['digits-dcgan'] });
    const again = atelier.checkpoints.resolve('digits-dcgan');
    expect(again.id).not.toBe(first.id);
    expect(again.metrics).toEqual(first.metrics);
    expect(await install(atelier)).toEqual(nothing);
    expect(atelier.checkpoints.list()).toHaveLength(2);
  });

  it('records nothing for a default whose files cannot all be copied, and leaves no partial folder', async () => {
    const atelier = await freshHome();
    const broken = path.join(atelier.home, 'broken-defaults');
    fs.cpSync(fixture.folder, broken, { recursive: true });
    const file = readDefaultCheckpoint('digits-dcgan', broken);
    fs.rmSync(path.join(broken, 'digits-dcgan', file.models[file.models.length - 1]), { recursive: true });

    await expect(installDefaults(atelier, { folder: broken, examples: fixture.examples })).rejects.toMatchObject({ code: 'STORAGE_ERROR', details: { value: 'digits-dcgan' } });
    expect(atelier.checkpoints.list().map((c) => c.name)).toEqual(['digits-classifier']);
    expect(fs.readdirSync(path.join(atelier.home, 'checkpoints'))).toEqual([atelier.checkpoints.resolve('digits-classifier').id]);
    expect(fs.readdirSync(path.join(atelier.home, 'tmp'))).toEqual([]);
  });

  it('deletes a default over GraphQL, shows lineage stored or derived, and reinstalls it', async () => {
    const server = await startTestServer({ plugins: fixturePlugins });
    try {
      await install(server.atelier);
      await importMnist(server.atelier.datasets, { name: 'mine', limit: 32 });
      const run = await server.atelier.submitTraining({ family: 'cnn.classifier', dataset: 'mine', name: 'mine', maxSteps: 1, seed: 2, hyperparameters: smallClassifier });
      await expectSucceeded(server.atelier, run);

      const listed = await server.gql(`{ checkpoints { name lineage } }`);
      const lineage = Object.fromEntries(listed.data!.checkpoints.map((c: { name: string; lineage: unknown }) => [c.name, c.lineage]));
      expect(lineage['digits-dcgan']).toEqual(readDefaultCheckpoint('digits-dcgan', fixture.folder).lineage);
      expect(lineage.mine).toMatchObject({ dataset: 'mine', steps: 1, runId: run.id, hyperparameters: expect.objectContaining({ filters: 4 }) });

      const deleted = await server.gql(`mutation { deleteCheckpoint(id: "digits-dcgan") }`);
      expect(deleted).toMatchObject({ data: { deleteCheckpoint: true } });
      expect(deleted.errors).toBeUndefined();
      const missing = await server.gql(`mutation { deleteCheckpoint(id: "digits-dcgan") }`);
      expect(missing.errors?.[0]).toMatchObject({ message: expect.stringContaining('"digits-dcgan"'), extensions: { code: 'NOT_FOUND' } });

      expect((await install(server.atelier)).checkpoints).toEqual(['digits-dcgan']);
    } finally {
      await server.close();
    }
  });
});
