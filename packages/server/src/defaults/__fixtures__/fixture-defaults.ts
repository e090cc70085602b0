import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import { pngImage } from '../../__fixtures__/png.js';
import { importMnist } from '../../datasets/mnist.js';
import { resolvePlugin } from '../../plugin-resolver.js';
import type { DefaultCheckpointName } from '../default-checkpoint.js';
import { exportDefaultCheckpoint } from '../export-default.js';

export const fixturePlugins = [resolvePlugin('@atelier/plugin-gan'), resolvePlugin('@atelier/plugin-cnn')];

export const smallGan = { latentSize: 8, generatorWidth: 8, discriminatorWidth: 8, batchSize: 16, previewEvery: 0 };
export const smallClassifier = { filters: 4, embeddingSize: 8, batchSize: 16, blocks: 1 };

/** Trains a checkpoint for a couple of steps on the atelier's `digits` set and returns its record. */
export async function trainTiny(atelier: TestAtelier, family: string, name: string, hyperparameters: Record<string, unknown>) {
  const run = await atelier.submitTraining({ family, dataset: 'digits', name, maxSteps: 2, epochs: 1, seed: 5, hyperparameters });
  const done = await expectSucceeded(atelier, run);
  return atelier.checkpoints.resolve((done.result as { checkpointId: string }).checkpointId);
}

export interface FixtureDefaults {
  /** Default checkpoints as `train-defaults` writes them: `digits-dcgan` and `digits-classifier`. */
  folder: string;
  /** Two example pipelines (one loads the example image, by its data set) and that image. */
  examples: string;
  cleanup(): void;
}

/** A defaults folder of tiny, really trained checkpoints, and an examples folder, in a temp directory. */
export async function buildFixtureDefaults(): Promise<FixtureDefaults> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-defaults-'));
  const source = await createTestAtelier({ plugins: fixturePlugins });
  try {
    await importMnist(source.datasets, { name: 'digits', limit: 64 });
    const trained: [DefaultCheckpointName, string, Record<string, unknown>][] = [
      ['digits-dcgan', 'gan.dcgan', smallGan],
      ['digits-classifier', 'cnn.classifier', smallClassifier],
    ];
    for (const [name, family, hyperparameters] of trained) {
      const record = await trainTiny(source, family, name, hyperparameters);
      exportDefaultCheckpoint(
        source.home,
        record,
        {
          name,
          metrics: { ...record.metrics, fixtureQuality: 0.5 },
          lineage: {
            dataset: { name: 'digits', source: 'mnist', split: 'train', count: 64 },
            preprocessing: record.preprocess,
            hyperparameters,
            epochs: record.epoch,
            steps: record.step,
            seed: 5,
            workers: 1,
            engine: 'wasm',
            seconds: 1,
            trainedBy: 'fixture',
          },
          goals: [{ metric: 'fixtureQuality', atLeast: 0.4, label: 'fixture quality' }],
          history: [{ step: record.step, loss: 1 }],
          samplesPng: pngImage(0),
          caption: `${name} fixture`,
        },
        path.join(root, 'defaults'),
      );
    }
  } finally {
    await source.cleanup();
  }
  const examples = path.join(root, 'examples');
  fs.mkdirSync(examples);
  const generate = { name: 'example-generate', steps: [{ id: 'gen', use: 'gan.generate', with: { checkpoint: 'digits-dcgan', count: 4 } }] };
  const photo = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'example-photos', count: 1 } }, { id: 'gray', use: 'image.grayscale' }] };
  fs.writeFileSync(path.join(examples, 'generate.json'), JSON.stringify(generate));
  fs.writeFileSync(path.join(examples, 'photo-gray.json'), JSON.stringify(photo));
  fs.writeFileSync(path.join(examples, 'photo.png'), pngImage(1, 16, 16));
  return { folder: path.join(root, 'defaults'), examples, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
