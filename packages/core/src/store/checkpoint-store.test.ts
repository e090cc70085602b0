import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { tf, type LayersModel } from '@atelier/plugin-api';
import { createTestHome } from './__fixtures__/temp-home.js';
import { FileCheckpointStore } from './checkpoint-store.js';
import { SqliteRunStore } from './run-store.js';

function tinyModel(): LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: 'ones' }));
  return model;
}

const base = {
  name: 'digits',
  family: 'cnn.classifier',
  hyperparameters: { units: 4 },
  dataset: 'mnist',
  labelNames: ['a', 'b'],
  dataSpec: { width: 28, height: 28, channels: 1 as const, range: 'unit' as const },
  preprocess: [{ use: 'image.resize', with: { width: 28 } }],
  metrics: { loss: 0.5 },
  epoch: 1,
  step: 10,
  state: { optimizerStep: 10 },
};

describe('FileCheckpointStore', () => {
  let home: ReturnType<typeof createTestHome>;
  let store: FileCheckpointStore;

  beforeAll(async () => {
    await initEngine('cpu');
  });
  beforeEach(() => {
    home = createTestHome();
    store = new FileCheckpointStore(home.db, home.clock);
  });
  afterEach(() => home.dispose());

  it('saves and loads models that predict identically, in tfjs format, without leaking tensors', async () => {
    const generator = tinyModel();
    const critic = tinyModel();
    const runId = new SqliteRunStore(home.db, home.clock).create({ kind: 'training', name: 'cnn.classifier', spec: {}, seed: 1 }).id;
    const record = await store.save({ ...base, runId, models: { generator, critic } });

    expect(record).toMatchObject({ ...base, runId, models: ['generator', 'critic'], path: `checkpoints/${record.id}` });
    const modelJson = JSON.parse(fs.readFileSync(path.join(home.home, record.path, 'generator', 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(modelJson.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toHaveLength(4);
    // 3×4 + 4 + 4×2 + 2 float32 weights.
    expect(fs.statSync(path.join(home.home, record.path, 'generator', 'weights.bin')).size).toBe(26 * 4);
    expect(fs.readdirSync(home.db.paths.tmp)).toEqual([]);

    const before = tf.memory().numTensors;
    const loaded = await store.loadModels(store.resolve(record.id));
    expect(Object.keys(loaded)).toEqual(['generator', 'critic']);
    let expected: unknown;
    let actual: unknown;
    tf.tidy(() => {
      const input = tf.tensor2d([[0.1, -0.2, 0.3], [1, 2, 3]]);
      expected = (generator.predict(input) as tf.Tensor).arraySync();
      actual = (loaded.generator.predict(input) as tf.Tensor).arraySync();
    });
    expect(actual).toEqual(expected);
    for (const model of Object.values(loaded)) model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    generator.dispose();
    critic.dispose();
  });

  it('writes files that the tfjs browser HTTP loader reads', async () => {
    const model = tinyModel();
    const record = await store.save({ ...base, runId: null, models: { model } });
    const folder = path.join(home.home, record.path, 'model');
    // The same code path a browser takes: fetch model.json, then the manifest's weight files next to it.
    const fetchFunc = async (url: RequestInfo | URL) =>
      new Response(fs.readFileSync(path.join(folder, path.basename(new URL(String(url)).pathname))));
    const fromBrowser = await tf.loadLayersModel(`http://atelier.test/checkpoints/${record.id}/model/model.json`, { fetchFunc });
    tf.tidy(() => {
      const input = tf.ones([1, 3]);
      expect((fromBrowser.predict(input) as tf.Tensor).arraySync()).toEqual((model.predict(input) as tf.Tensor).arraySync());
    });
    fromBrowser.dispose();
    model.dispose();
  });

  it('resolves by id or newest by name, and reports unknown references', async () => {
    const model = tinyModel();
    const older = await store.save({ ...base, runId: null, models: { model } });
    home.clock.advance(1000);
    const newer = await store.save({ ...base, runId: null, epoch: 2, models: { model } });
    await store.save({ ...base, name: 'other', family: 'gan.dcgan', runId: null, models: { model } });
    model.dispose();

    expect(store.resolve('digits').id).toBe(newer.id);
    expect(store.resolve(older.id).epoch).toBe(1);
    expect(store.list({ family: 'cnn.classifier' }).map((c) => c.id)).toEqual([newer.id, older.id]);
    expect(store.find('nope')).toBeNull();
    expect(() => store.resolve('nope')).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NOT_FOUND', details: { path: 'checkpoint', value: 'nope' } }));
  });

  it('keeps the lineage it is given and null when none', async () => {
    const model = tinyModel();
    const lineage = { dataset: { name: 'digits', split: 'train' }, seed: 7 };
    const installed = await store.save({ ...base, runId: null, lineage, models: { model } });
    const trained = await store.save({ ...base, name: 'trained', runId: null, models: { model } });
    model.dispose();
    expect(store.resolve(installed.id).lineage).toEqual(lineage);
    expect(store.resolve(trained.id).lineage).toBeNull();
  });

  it('removes by id or newest by name, row and folder, and names a missing reference', async () => {
    const model = tinyModel();
    const older = await store.save({ ...base, runId: null, models: { model } });
    home.clock.advance(1000);
    const newer = await store.save({ ...base, runId: null, models: { model } });
    model.dispose();

    expect(store.remove('digits').id).toBe(newer.id);
    expect(fs.existsSync(path.join(home.home, newer.path))).toBe(false);
    expect(store.resolve('digits').id).toBe(older.id);
    store.remove(older.id);
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(home.db.paths.checkpoints)).toEqual([]);
    expect(() => store.remove('digits')).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_NOT_FOUND', message: expect.stringContaining('"digits"'), details: { path: 'checkpoint', value: 'digits' } }),
    );
  });

  it('wraps unreadable files as STORAGE_ERROR', async () => {
    const model = tinyModel();
    const record = await store.save({ ...base, runId: null, models: { model } });
    model.dispose();
    fs.rmSync(path.join(home.home, record.path, 'model', 'weights.bin'));
    await expect(store.loadModels(record)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
  });
});
