import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, tf, type Tensor4D } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { shapeImages } from '../__fixtures__/shapes.js';
import { loadRecordedModels, scalingAllReduce, weightValues } from '@atelier/core/testing';
import { buildRestorerNetwork } from './restorer-network.js';
import { memoryTrainContext } from '../__fixtures__/train-context.js';
import { corrupt } from './restorer-corruption.js';
import { restorerFamily } from './restorer.js';
import { restorerHyperparameters } from './restorer-hyperparameters.js';
import type { RestorerHandle } from './restorer-handle.js';
import { rectangleMask } from './restorer-mask.js';

const mse = (a: Tensor4D, b: Tensor4D) => tf.tidy(() => tf.losses.meanSquaredError(a, b).dataSync()[0]);

async function trainTiny(h: ReturnType<typeof restorerHyperparameters.parse>, epochs: number) {
  const { images, labels } = shapeImages(64, 8, 11);
  const run = memoryTrainContext({ hyperparameters: h, family: 'cnn.restorer', spec: { width: 8, height: 8, channels: 1, range: 'unit' }, images, labels, labelNames: [], epochs });
  const before = tf.memory().numTensors;
  const result = await restorerFamily.train(run.ctx);
  const leaked = tf.memory().numTensors - before;
  tf.dispose([images, labels]);
  const saved = run.saves.at(-1)!;
  const handle = restorerFamily.load({ record: saved.record as never, models: await loadRecordedModels(saved.artifacts), tf }) as RestorerHandle;
  return { run, result, leaked, handle };
}

describe('cnn.restorer', () => {
  beforeAll(async () => {
    await initEngine('cpu');
  });

  it('after a short training lowers the error of noisy held-out images against their clean originals', async () => {
    const h = restorerHyperparameters.parse({ width: 8, height: 8, tasks: ['denoise'], levels: 1, filters: 8, batchSize: 16, learningRate: 0.01, noise: 0.3 });
    const { run, result, leaked, handle } = await trainTiny(h, 8);
    expect(leaked).toBe(0);
    expect(run.saves.at(-1)!.final).toBe(true);
    expect(run.previews.at(-1)).toMatchObject({ name: 'restored-epoch-8', shape: [24, 8, 8, 1] });
    expect(result.metrics.restoredError).toBeLessThan(result.metrics.inputError);

    const { images: clean, labels } = shapeImages(30, 8, 12345);
    const { image: noisy, mask } = corrupt(clean, h, createRandom(9));
    const restored = handle.restore(noisy);
    const [before, after] = [mse(noisy, clean), mse(restored, clean)];
    console.log(`restorer held-out MSE: noisy ${before.toFixed(4)} → restored ${after.toFixed(4)}`);
    expect(after).toBeLessThan(0.7 * before);
    tf.dispose([clean, labels, noisy, mask, restored]);
    handle.dispose();
  });

  it('restores any size (padding to the U-Net multiple), keeps unmasked pixels, refuses other channel counts', async () => {
    const h = restorerHyperparameters.parse({ width: 8, height: 8, levels: 2, filters: 4, batchSize: 16 });
    const { handle } = await trainTiny(h, 1);
    const images = tf.randomUniform([2, 10, 6, 1], 0, 1, 'float32', 5) as Tensor4D;
    const before = tf.memory().numTensors;
    const restored = handle.restore(images);
    expect(restored.shape).toEqual([2, 10, 6, 1]);
    const mask = rectangleMask(10, 6, [[{ top: 2, left: 1, height: 3, width: 3 }], []]);
    const filled = handle.restore(images, mask);
    const kept = tf.tidy(() => tf.max(tf.abs(tf.mul(tf.sub(filled, images), tf.sub(1, mask)))).dataSync()[0]);
    expect(kept).toBe(0);
    const changed = tf.tidy(() => tf.max(tf.abs(tf.mul(tf.sub(filled, images), mask))).dataSync()[0]);
    expect(changed).toBeGreaterThan(0);
    tf.dispose([restored, mask, filled]);
    expect(tf.memory().numTensors).toBe(before);

    const rgb = tf.zeros([1, 8, 8, 3]) as Tensor4D;
    expect(() => handle.restore(rgb)).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID', details: { path: 'images.channels', limit: 1 } }));
    const tiny = tf.zeros([1, 2, 8, 1]) as Tensor4D;
    expect(() => handle.restore(tiny)).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID', details: { path: 'images.size', limit: 4 } }));
    tf.dispose([images, rgb, tiny]);
    handle.dispose();
  });

  it('steps through ctx.allReduce and applies what it returns', async () => {
    const h = restorerHyperparameters.parse({ width: 8, height: 8, levels: 1, filters: 4, batchSize: 16 });
    const exchange = scalingAllReduce(0);
    const { images, labels } = shapeImages(32, 8, 11);
    const run = memoryTrainContext({ hyperparameters: h, family: 'cnn.restorer', spec: { width: 8, height: 8, channels: 1, range: 'unit' }, images, labels, labelNames: [], epochs: 1, allReduce: exchange.allReduce });
    tf.dispose([images, labels]);
    await restorerFamily.train(run.ctx);
    expect(exchange.rounds).toHaveLength(2);
    for (const round of exchange.rounds) expect(round.at(-1)).toBe('#loss');
    const built = buildRestorerNetwork(h, createRandom(run.ctx.seed));
    const saved = await loadRecordedModels(run.saves[0].artifacts);
    expect(weightValues(saved.restorer)).toEqual(weightValues(built));
    saved.restorer.dispose();
    built.dispose();
  });
});
