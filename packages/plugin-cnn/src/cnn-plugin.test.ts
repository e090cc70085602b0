import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, tf, type Tensor4D } from '@atelier/plugin-api';
import { createTestAtelier, importTestDigits, expectSucceeded, imageDigest, type TestAtelier } from '@atelier/core/testing';
import { classifierFamily } from './models/classifier.js';
import { buildClassifierNetwork } from './models/classifier-network.js';
import type { ClassifierHandle } from './models/classifier-handle.js';
import type { QualityScore } from './metrics/quality-score.js';

/** Small enough to train in seconds on a shared CPU; the CLI defaults are for real runs. */
const classifierHp = { filters: 8, embeddingSize: 32, batchSize: 16, learningRate: 0.003, validationSplit: 0.2 };

describe('plugin-cnn through a real Atelier (MNIST digits, WASM)', () => {
  let atelier: TestAtelier;
  let classifier: string;
  let restorer: string;

  beforeAll(async () => {
    atelier = await createTestAtelier({ plugins: [new URL('./index.ts', import.meta.url)], backend: 'wasm' });
    await importTestDigits(atelier, 'digits', 240);
    const trained = await expectSucceeded(atelier, await atelier.submitTraining({ family: 'cnn.classifier', dataset: 'digits', epochs: 8, hyperparameters: classifierHp, seed: 1 }));
    classifier = trained.result.checkpointId as string;
    const restored = await expectSucceeded(
      atelier,
      await atelier.submitTraining({ family: 'cnn.restorer', dataset: 'digits', epochs: 1, maxSteps: 4, hyperparameters: { filters: 4, batchSize: 16 }, seed: 2 }),
    );
    restorer = restored.result.checkpointId as string;
  });

  afterAll(async () => {
    await atelier?.cleanup();
  });

  it('records the classifier checkpoint with its label names, validation accuracy and a per-epoch loss history', () => {
    const record = atelier.checkpoints.resolve(classifier);
    expect(record.family).toBe('cnn.classifier');
    expect(record.labelNames).toHaveLength(10);
    expect(record.metrics.valAccuracy).toBeGreaterThan(0.5);
    expect(record.models.sort()).toEqual(['features', 'head']);
    expect(record.state.splitSeed).toEqual(expect.any(Number));
  });

  it('round-trips a classifier through the core checkpoint store to identical outputs', async () => {
    const hyperparameters = classifierFamily.hyperparameters.parse(classifierHp);
    const models = buildClassifierNetwork(hyperparameters, 3, createRandom(5));
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3) as Tensor4D;
    const record = await atelier.checkpoints.save({
      name: 'roundtrip', family: 'cnn.classifier', hyperparameters, dataset: null, labelNames: ['a', 'b', 'c'],
      dataSpec: classifierFamily.data(hyperparameters), preprocess: [], metrics: {}, runId: null, epoch: 0, step: 0, state: {}, models,
    });
    const built = classifierFamily.load({ record, models, tf }) as ClassifierHandle;
    const loaded = classifierFamily.load({ record, models: await atelier.checkpoints.loadModels(record), tf }) as ClassifierHandle;
    const [a, b] = [built.classify(images), loaded.classify(images)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, images]);
    built.dispose();
    loaded.dispose();
  });

  it('classifies and filters generated-like images: per-image labels on the run, kept/dropped counts', async () => {
    const run = await atelier.submitPipeline({
      seed: 4,
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 24, offset: 200 } },
        { id: 'classify', use: 'cnn.classify', with: { checkpoint: classifier, topK: 2 } },
        { id: 'filter', use: 'cnn.filter', with: { checkpoint: classifier, minConfidence: 0.3 } },
        { id: 'grid', use: 'image.grid', with: {} },
      ],
    });
    await expectSucceeded(atelier, run);
    const steps = Object.fromEntries(atelier.runs.steps(run.id).map((s) => [s.stepId, s]));
    expect(steps.classify.imageMeta).toHaveLength(24);
    for (const meta of steps.classify.imageMeta) {
      expect(meta.labelName).toBe(String(meta.label));
      expect(meta.confidence).toBeGreaterThan(0);
      expect(meta.topK).toHaveLength(2);
    }
    const { kept, dropped } = steps.filter.records as { kept: number; dropped: number };
    expect(kept + dropped).toBe(24);
    expect(steps.filter.imageMeta).toHaveLength(kept);
    for (const meta of steps.filter.imageMeta) expect(meta.confidence).toBeGreaterThanOrEqual(0.3);
  });

  it('keeps zero images when none reaches the threshold, and reports it', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 8 } },
        { id: 'filter', use: 'cnn.filter', with: { checkpoint: classifier, minConfidence: 1, label: '3' } },
      ],
    });
    await expectSucceeded(atelier, run);
    const filter = atelier.runs.steps(run.id).find((s) => s.stepId === 'filter')!;
    expect(filter.records).toMatchObject({ kept: 0, dropped: 8 });
  });

  it('scores real held-out digits clearly better than random noise', async () => {
    const score = async (steps: object[]) => {
      const run = await atelier.submitPipeline({ seed: 9, steps: [...steps, { id: 'quality', use: 'cnn.quality', with: { checkpoint: classifier, realCount: 200 } }] });
      await expectSucceeded(atelier, run);
      return atelier.runs.steps(run.id).find((s) => s.stepId === 'quality')!.records.quality as QualityScore;
    };
    const load = { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 32, offset: 200 } };
    const real = await score([load]);
    const noise = await score([load, { id: 'noise', use: 'image.noise', with: { amount: 1 } }]);
    // Mean confidence alone is no judge here: classifiers are often sure of noise (it lands on one
    // class). The distance to real embeddings and the spread over classes tell them apart.
    expect(real.frechetDistance!).toBeLessThan(noise.frechetDistance! / 2);
    expect(real.inceptionScore).toBeGreaterThan(noise.inceptionScore);
    expect(real.classEntropy).toBeGreaterThan(noise.classEntropy);
  });

  it('upscales ×2, denoises and inpaints with the restorer, keeping sizes', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 3 } },
        { id: 'up', use: 'cnn.upscale', with: { checkpoint: restorer } },
        { id: 'clean', use: 'cnn.denoise', with: { checkpoint: restorer }, from: ['load'] },
        { id: 'fill', use: 'cnn.inpaint', with: { checkpoint: restorer, regions: [{ x: 0.25, y: 0.25, width: 0.5, height: 0.5 }] }, from: ['load'] },
        // The same region painted as a mask image (light where to fill), given as second input.
        { id: 'black', use: 'image.mask', from: ['load'], with: { x: 0, y: 0, width: 28, height: 28, fill: 0 }, save: false },
        { id: 'painted', use: 'image.mask', with: { x: 7, y: 7, width: 14, height: 14, fill: 1 }, save: false },
        { id: 'fillByMask', use: 'cnn.inpaint', with: { checkpoint: restorer }, from: ['load', 'painted'] },
      ],
    });
    await expectSucceeded(atelier, run);
    const digests = (step: string) => atelier.artifacts.list(run.id).filter((a) => a.stepId === step).map((a) => imageDigest(atelier, a));
    expect(digests('fillByMask')).toEqual(digests('fill'));
    const sizes = (step: string) => atelier.artifacts.list(run.id).filter((a) => a.stepId === step).map((a) => [a.width, a.height]);
    expect(sizes('up')).toEqual([[56, 56], [56, 56], [56, 56]]);
    expect(sizes('clean')).toEqual([[28, 28], [28, 28], [28, 28]]);
    expect(sizes('fill')).toHaveLength(3);
  });

  it('refuses a classifier checkpoint for restoring and thresholds outside [0, 1], naming the fields', async () => {
    const issues = await atelier.validatePipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2 } },
        { id: 'denoise', use: 'cnn.denoise', with: { checkpoint: classifier } },
        { id: 'filter', use: 'cnn.filter', with: { checkpoint: classifier, minConfidence: 1.5 } },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 'denoise', code: 'CHECKPOINT_INCOMPATIBLE' }),
        expect.objectContaining({ step: 'filter', path: expect.stringContaining('minConfidence') }),
      ]),
    );
  });

  it('refuses a filter label the classifier does not have', async () => {
    const run = await atelier.submitPipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2 } },
        { id: 'filter', use: 'cnn.filter', with: { checkpoint: classifier, minConfidence: 0.5, label: 'cat' } },
      ],
    });
    const done = await atelier.queue.wait(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'with.label', step: 'filter' } });
  });
});

