import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestAtelier, type TestAtelier } from '@atelier/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlugin } from '../plugin-resolver.js';
import { defaultSpecs } from './catalog.js';
import { defaultsFolder, readDefaultCheckpoint } from './default-checkpoint.js';
import { committedDefault, evaluate, trainDefaults } from './train-defaults.js';

/** `train-defaults` on a home that has never trained: the committed defaults are judged again, not retrained. */
let atelier: TestAtelier;
let out: string;
const restorer = defaultSpecs.find((spec) => spec.name === 'digits-restorer')!;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: ['@atelier/plugin-cnn'].map(resolvePlugin), workers: 1 });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-committed-'));
  fs.cpSync(path.join(defaultsFolder, restorer.name), path.join(out, restorer.name), { recursive: true });
});
afterAll(async () => {
  await atelier.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('train-defaults reusing the committed defaults', () => {
  it('takes a committed default only where its lineage is the spec’s request, installing nothing otherwise', () => {
    expect(committedDefault(atelier, { ...restorer, seed: 2 }, out)).toBeNull();
    expect(committedDefault(atelier, { ...restorer, epochs: 4 }, out)).toBeNull();
    expect(committedDefault(atelier, { ...restorer, hyperparameters: { noise: 0.4 } }, out)).toBeNull();
    expect(committedDefault(atelier, defaultSpecs.find((spec) => spec.name === 'digits-vae')!, out)).toBeNull();
    expect(atelier.checkpoints.list()).toEqual([]);
  });

  it('re-judges a matching default without training: same metrics, same weights, rewritten in place; judges that checkpoint, not a newer one of its name', async () => {
    const committed = readDefaultCheckpoint(restorer.name, out);
    const weights = () => fs.readFileSync(path.join(out, restorer.name, committed.models[0], 'weights.bin'));
    const before = weights();
    const outcomes = await trainDefaults(atelier, { only: [restorer.name], out, log: () => {} });
    expect(outcomes).toEqual([expect.objectContaining({ name: restorer.name, reused: true, seconds: committed.lineage.seconds })]);
    expect(atelier.runs.list({ kind: 'training' }, { first: 10 }).runs).toEqual([]);
    const rewritten = readDefaultCheckpoint(restorer.name, out);
    for (const [metric, value] of Object.entries(committed.metrics)) expect(rewritten.metrics[metric], metric).toBeCloseTo(value, 6);
    expect(rewritten.lineage).toEqual(committed.lineage);
    expect(rewritten.history).toEqual(committed.history);
    expect(weights().equals(before)).toBe(true);
    // A second run of the command in the same home judges the copy it installed, without another copy.
    await trainDefaults(atelier, { only: [restorer.name], out, log: () => {} });
    expect(atelier.checkpoints.list().filter((checkpoint) => checkpoint.name === restorer.name)).toHaveLength(1);

    // A newer checkpoint of the name (as a longer run's later epochs are) does not stand in for the one judged.
    const installed = atelier.checkpoints.resolve(restorer.name);
    const newer = await atelier.submitTraining({ family: restorer.family, dataset: 'digits', name: restorer.name, maxSteps: 1, seed: 1, hyperparameters: restorer.hyperparameters });
    expect((await atelier.queue.wait(newer.id)).status).toBe('succeeded');
    expect(atelier.checkpoints.resolve(restorer.name).id).not.toBe(installed.id);
    const judged = await evaluate(atelier, restorer, 100, installed.id);
    const unpinned = await evaluate(atelier, restorer, 100);
    expect(judged.denoiseErrorCut).toBeGreaterThan(4);
    expect(unpinned.denoiseErrorCut).toBeLessThan(judged.denoiseErrorCut / 2);
  }, 180_000);
});
