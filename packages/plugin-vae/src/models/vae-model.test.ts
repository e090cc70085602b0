import { tf } from '@atelier/plugin-api';
import { initEngine } from '@atelier/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecordedModels } from '@atelier/core/testing';
import { tinyHyperparameters } from '../__fixtures__/train-context.js';
import { buildVae } from './build-vae.js';
import { vaeHyperparameters } from './hyperparameters.js';
import { SamplingLayer } from './sampling-layer.js';
import { createVaeHandle } from './vae-handle.js';
import { vaeLoss } from './vae-loss.js';

beforeAll(async () => {
  await initEngine('cpu');
});

const spec = (size: number, channels: 1 | 3) => ({ width: size, height: size, channels, range: 'unit' as const });

describe('VAE models', () => {
  it.each([
    [28, 1, 0],
    [32, 3, 0],
    [64, 1, 3],
  ] as const)('builds %ipx %i-channel pairs with %i labels whose decoder returns the image shape', (size, channels, labels) => {
    const h = tinyHyperparameters({ imageSize: size, channels, widths: [2, 2] });
    const models = buildVae(h, { labelCount: labels, seed: 1 });
    const vae = createVaeHandle({ ...models, conditional: labels > 0, latentSize: h.latentSize, labelNames: ['a', 'b', 'c'].slice(0, labels), spec: spec(size, channels) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const oneHot = labels > 0 ? vae.oneHot([0, 2]) : undefined;
      const { mean, logVar } = vae.encode(tf.zeros([2, size, size, channels]) as tf.Tensor4D, oneHot);
      expect(mean.shape).toEqual([2, h.latentSize]);
      expect(logVar.shape).toEqual([2, h.latentSize]);
      const image = vae.decode(mean, oneHot);
      expect(image.shape).toEqual([2, size, size, channels]);
      const values = image.dataSync();
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(1);
    });
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });

  it('builds identical weights from the same seed and different ones from another', () => {
    const h = tinyHyperparameters();
    const weights = (seed: number) => {
      const m = buildVae(h, { labelCount: 0, seed });
      const values = m.decoder.getWeights()[0].dataSync().slice();
      m.encoder.dispose();
      m.decoder.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });

  it('refuses widths that do not divide the image size, naming the field', () => {
    const parsed = vaeHyperparameters.safeParse({ imageSize: 28, widths: [8, 8, 8] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual(['widths']);
  });

  it('saves and loads the sampling layer through tfjs serialization with identical outputs', async () => {
    const h = tinyHyperparameters();
    const { encoder, decoder } = buildVae(h, { labelCount: 0, seed: 5 });
    const artifacts: Record<string, tf.io.ModelArtifacts> = {};
    for (const [name, model] of Object.entries({ encoder, decoder })) {
      await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo })));
    }
    expect(JSON.stringify(artifacts.encoder.modelTopology)).toContain(SamplingLayer.className);
    const loaded = await loadRecordedModels(artifacts);
    expect(loaded.encoder.layers.some((l) => l instanceof SamplingLayer)).toBe(true);
    const make = (m: { encoder: tf.LayersModel; decoder: tf.LayersModel }) =>
      createVaeHandle({ encoder: m.encoder, decoder: m.decoder, conditional: false, latentSize: h.latentSize, labelNames: [], spec: spec(28, 1) });
    const input = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const [a, b] = [make({ encoder, decoder }), make(loaded as { encoder: tf.LayersModel; decoder: tf.LayersModel })].map((vae) =>
      tf.tidy(() => {
        const { mean, logVar } = vae.encode(input);
        return [mean.arraySync(), logVar.arraySync(), vae.decode(mean).arraySync()];
      }),
    );
    expect(b).toEqual(a);
    input.dispose();
  });

  it('draws fresh but seeded noise on each call of the sampling layer', () => {
    const layer = new SamplingLayer({ seed: 11 });
    const draw = () => tf.tidy(() => (layer.apply([tf.zeros([1, 4]), tf.zeros([1, 4])]) as tf.Tensor).arraySync());
    const [first, second] = [draw(), draw()];
    expect(first).not.toEqual(second);
    layer.calls = 0;
    expect(draw()).toEqual(first);
  });

  it('computes a zero KL for the prior and the Bernoulli NLL of a known logit', () => {
    tf.tidy(() => {
      const images = tf.fill([1, 1, 1, 1], 1) as tf.Tensor4D;
      const logits = tf.zeros([1, 1, 1, 1]) as tf.Tensor4D;
      const loss = vaeLoss({ likelihood: 'bernoulli', beta: 1 }, images, logits, tf.zeros([1, 3]), tf.zeros([1, 3]));
      expect(loss.kl.dataSync()[0]).toBeCloseTo(0, 6);
      expect(loss.reconstruction.dataSync()[0]).toBeCloseTo(Math.log(2), 5);
      const shifted = vaeLoss({ likelihood: 'gaussian', beta: 2 }, images, logits, tf.ones([1, 3]), tf.zeros([1, 3]));
      // KL of N(1, 1) from N(0, 1) is ½ per dimension; squared error of 0.5 against 1 is 0.25.
      expect(shifted.kl.dataSync()[0]).toBeCloseTo(1.5, 5);
      expect(shifted.total.dataSync()[0]).toBeCloseTo(0.25 + 2 * 1.5, 5);
    });
  });
});
