import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckpointRecord, type LayersModel, tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { loadRecordedModels } from '@atelier/core/testing';
import { tinyHyperparameters } from '../__fixtures__/train-context.js';
import { buildGan } from './gan-models.js';
import { createGanHandle } from './gan-handle.js';
import type { GanHyperparameters } from './hyperparameters.js';

beforeAll(async () => {
  await initEngine('cpu');
});

const h = tinyHyperparameters();

function record(family: string, labelNames: string[]): CheckpointRecord<GanHyperparameters> {
  return { family, hyperparameters: h, labelNames } as CheckpointRecord<GanHyperparameters>;
}

async function roundTrip(models: Record<string, LayersModel>): Promise<Record<string, LayersModel>> {
  const artifacts: Record<string, tf.io.ModelArtifacts> = {};
  for (const [name, model] of Object.entries(models)) {
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo })));
  }
  return loadRecordedModels(artifacts);
}

const pixels = async (batch: { images: tf.Tensor }) => {
  const values = Array.from(await batch.images.data());
  batch.images.dispose();
  return values;
};

describe('GanHandle', () => {
  it('generates [0,1] images: same seed same pixels (also after a save/load round trip), other seed other pixels', async () => {
    const gan = createGanHandle(record('gan.dcgan', []), buildGan(h, 0, 3));
    const first = gan.generate({ count: 3, seed: 11 });
    expect(first.images.shape).toEqual([3, 28, 28, 1]);
    expect(first.range).toBe('unit');
    expect(first.meta.map((m) => typeof m.seed)).toEqual(['number', 'number', 'number']);
    const a = await pixels(first);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(await pixels(gan.generate({ count: 3, seed: 11 }))).toEqual(a);
    expect(await pixels(gan.generate({ count: 3, seed: 12 }))).not.toEqual(a);
    // Image i depends on the seed and i only: a longer request starts with the same images.
    expect((await pixels(gan.generate({ count: 4, seed: 11 }))).slice(0, a.length)).toEqual(a);

    const reloaded = createGanHandle(record('gan.dcgan', []), await roundTrip(buildGan(h, 0, 3)));
    expect(await pixels(reloaded.generate({ count: 3, seed: 11 }))).toEqual(a);
    gan.dispose();
    reloaded.dispose();
  });

  it('labels conditional images, rejects out-of-range labels and labels on an unconditional model, naming the field', async () => {
    const names = ['zero', 'one', 'two'];
    const gan = createGanHandle(record('gan.conditional', names), buildGan(h, 3, 1));
    const cycled = gan.generate({ count: 4, seed: 1 });
    expect(cycled.meta.map((m) => m.label)).toEqual([0, 1, 2, 0]);
    cycled.images.dispose();
    const named = gan.generate({ count: 2, seed: 1, labels: ['two'] });
    expect(named.meta.map((m) => m.labelName)).toEqual(['two', 'two']);
    // The class input changes the pixels for the same latent.
    const zero = await pixels(gan.generate({ count: 1, seed: 1, labels: [0] }));
    expect(await pixels(gan.generate({ count: 1, seed: 1, labels: [1] }))).not.toEqual(zero);
    named.images.dispose();
    expect(() => gan.generate({ count: 1, seed: 1, labels: [3] })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'labels.0', limit: 2 } }));
    gan.dispose();

    // A dcgan trained on a labelled set records label names but takes no class input.
    const dcgan = createGanHandle(record('gan.dcgan', names), buildGan(h, 0, 1));
    expect(dcgan.labelNames).toEqual([]);
    expect(() => dcgan.generate({ count: 1, seed: 1, labels: [0] })).toThrow(expect.objectContaining({ details: { path: 'labels.0', limit: 0 } }));
    dcgan.dispose();
  });

  it('interpolates from the first seed’s image to the second’s, linear and spherical differing in between', async () => {
    const gan = createGanHandle(record('gan.dcgan', []), buildGan(h, 0, 2));
    const ends = [gan.latent(5), gan.latent(6)];
    const endImages = await pixels(gan.decode(ends));
    const linear = gan.interpolate({ from: 5, to: 6, frames: 5, mode: 'linear' });
    expect(linear.images.shape[0]).toBe(5);
    const linearPixels = await pixels(linear);
    const frame = 28 * 28;
    expect(linearPixels.slice(0, frame)).toEqual(endImages.slice(0, frame));
    expect(linearPixels.slice(4 * frame)).toEqual(endImages.slice(frame));
    const spherical = await pixels(gan.interpolate({ from: ends[0], to: ends[1], frames: 5, mode: 'spherical' }));
    expect(spherical.slice(2 * frame, 3 * frame)).not.toEqual(linearPixels.slice(2 * frame, 3 * frame));
    gan.dispose();
  });

  it('inverts a generated image: the residual falls with more steps, and no tensor leaks', async () => {
    const gan = createGanHandle(record('gan.dcgan', []), buildGan(h, 0, 4));
    const target = gan.generate({ count: 2, seed: 9 });
    const before = tf.memory().numTensors;
    const short = await gan.invert(target, { steps: 1, learningRate: 0.1, seed: 1 });
    const long = await gan.invert(target, { steps: 60, learningRate: 0.1, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(long.latents).toHaveLength(2);
    expect(long.latents[0]).toHaveLength(h.latentSize);
    for (let i = 0; i < 2; i++) expect(long.residuals[i]).toBeLessThan(short.residuals[i]);
    target.images.dispose();
    gan.dispose();
  });

  it('does latent arithmetic a − b + c', () => {
    const gan = createGanHandle(record('gan.dcgan', []), buildGan(h, 0, 4));
    expect(gan.arithmetic([1, 2], [0.5, 1], [2, 0])).toEqual([2.5, 1]);
    gan.dispose();
  });
});
