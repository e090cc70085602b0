import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, tf, type Tensor2D } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { shapeImages, shapeLabels } from '../__fixtures__/shapes.js';
import { loadRecordedModels, scalingAllReduce, weightValues } from '@atelier/core/testing';
import { buildClassifierNetwork } from './classifier-network.js';
import { memoryTrainContext } from '../__fixtures__/train-context.js';
import { classifierFamily } from './classifier.js';
import { classifierHyperparameters } from './classifier-hyperparameters.js';
import type { ClassifierHandle } from './classifier-handle.js';

const hyperparameters = classifierHyperparameters.parse({
  width: 8,
  height: 8,
  blocks: 1,
  filters: 4,
  embeddingSize: 8,
  batchSize: 8,
  learningRate: 0.01,
  validationSplit: 0.25,
});
const spec = { width: 8, height: 8, channels: 1 as const, range: 'unit' as const };

async function setup(options: { epochs: number; maxSteps?: number; seed?: number; labelNames?: string[] }) {
  const { images, labels } = shapeImages(48, 8, 1);
  const run = memoryTrainContext({ hyperparameters, family: 'cnn.classifier', spec, images, labels, labelNames: options.labelNames ?? shapeLabels, ...options });
  return { ...run, dispose: () => tf.dispose([images, labels]) };
}

describe('cnn.classifier training', () => {
  beforeAll(async () => {
    await initEngine('cpu');
  });

  it('learns the shapes: finite falling loss, accuracy per epoch, a checkpoint per epoch, no tensor leak', async () => {
    const run = await setup({ epochs: 6 });
    const before = tf.memory().numTensors;
    const result = await classifierFamily.train(run.ctx);
    expect(tf.memory().numTensors).toBe(before);
    const epochEnds = run.progress.filter((p) => 'valAccuracy' in p.losses);
    expect(epochEnds.length).toBe(run.saves.length);
    for (const p of epochEnds) for (const value of Object.values(p.losses)) expect(Number.isFinite(value)).toBe(true);
    expect(epochEnds.at(-1)!.losses.loss).toBeLessThan(epochEnds[0].losses.loss);
    expect(result.metrics.valAccuracy).toBeGreaterThan(0.6);
    expect(run.saves.at(-1)!.final).toBe(true);
    expect(run.saves.slice(0, -1).every((s) => !s.final)).toBe(true);
    expect(run.saves.at(-1)!.record.metrics.valAccuracy).toBe(result.metrics.valAccuracy);
    expect(run.saves.at(-1)!.record.state.splitSeed).toEqual(expect.any(Number));
    run.dispose();
  });

  it('is reproducible from the seed and its checkpoint reloads to identical outputs', async () => {
    const first = await setup({ epochs: 1, seed: 3 });
    const second = await setup({ epochs: 1, seed: 3 });
    const a = await classifierFamily.train(first.ctx);
    const b = await classifierFamily.train(second.ctx);
    expect(a.metrics).toEqual(b.metrics);

    const saved = first.saves.at(-1)!;
    const handleA = classifierFamily.load({ record: saved.record as never, models: await loadRecordedModels(saved.artifacts), tf }) as ClassifierHandle;
    const handleB = classifierFamily.load({ record: saved.record as never, models: await loadRecordedModels(second.saves.at(-1)!.artifacts), tf }) as ClassifierHandle;
    const { images } = shapeImages(6, 8, 99);
    const before = tf.memory().numTensors;
    const [pa, pb, ea] = [handleA.classify(images), handleB.classify(images), handleA.embed(images)] as Tensor2D[];
    expect(pa.shape).toEqual([6, 3]);
    expect(ea.shape).toEqual([6, 8]);
    expect(Array.from(pa.dataSync())).toEqual(Array.from(pb.dataSync()));
    tf.dispose([pa, pb, ea]);
    expect(tf.memory().numTensors).toBe(before);
    expect(handleA.labelNames).toEqual(shapeLabels);
    handleA.dispose();
    handleB.dispose();
    tf.dispose(images);
    first.dispose();
    second.dispose();
  });

  it('honours maxSteps with a final checkpoint, and stops without saving once aborted', async () => {
    const capped = await setup({ epochs: 5, maxSteps: 3 });
    await classifierFamily.train(capped.ctx);
    expect(capped.saves.length).toBe(1);
    expect(capped.saves[0].record.step).toBe(3);
    expect(capped.saves[0].final).toBe(true);
    capped.dispose();

    const aborted = await setup({ epochs: 5 });
    aborted.abort();
    await classifierFamily.train(aborted.ctx);
    expect(aborted.saves.length).toBe(0);
    aborted.dispose();
  });

  it('refuses a data set with fewer than 2 labels, naming the field', async () => {
    const run = await setup({ epochs: 1, labelNames: ['only'] });
    await expect(classifierFamily.train(run.ctx)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'dataset', limit: 2 } });
    run.dispose();
  });

  it('rejects more pooling blocks than the image size allows, naming `blocks`', () => {
    const result = classifierHyperparameters.safeParse({ width: 8, height: 8, blocks: 4 });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['blocks']);
    expect(classifierHyperparameters.safeParse({ width: 8, height: 8, blocks: 3 }).success).toBe(true);
  });

  it('steps through ctx.allReduce with the batch accuracy alongside, and applies what it returns', async () => {
    const exchange = scalingAllReduce(0);
    const { images, labels } = shapeImages(48, 8, 1);
    const zeroed = memoryTrainContext({ hyperparameters, family: 'cnn.classifier', spec, images, labels, labelNames: shapeLabels, epochs: 1, seed: 4, allReduce: exchange.allReduce });
    tf.dispose([images, labels]);
    await classifierFamily.train(zeroed.ctx);
    // 48 images, a quarter held out: 36 to train on at batch 8 is 5 steps, each one round.
    expect(exchange.rounds).toHaveLength(5);
    for (const round of exchange.rounds) expect(round.slice(-2)).toEqual(['#accuracy', '#loss']);
    const random = createRandom(4);
    random.nextSeed(); // the split seed is drawn first
    const built = buildClassifierNetwork(hyperparameters, shapeLabels.length, random) as Record<string, tf.LayersModel>;
    const saved = await loadRecordedModels(zeroed.saves[0].artifacts);
    for (const name of Object.keys(built)) expect(weightValues(saved[name])).toEqual(weightValues(built[name]));
    for (const model of [...Object.values(saved), ...Object.values(built)]) model.dispose();
  });
});
