import { tf, type LayersModel, type RandomSource } from '@atelier/plugin-api';
import type { ClassifierHyperparameters } from './classifier-hyperparameters.js';

/**
 * The classifier is two models: `features` (conv blocks → penultimate dense layer, whose output is
 * the embedding) and `head` (embedding → class logits). Splitting there lets training apply a
 * seeded dropout per step between them — a tfjs Dropout layer with a fixed seed would draw the same
 * mask at every step — and gives the `classify` capability its embeddings without a second model.
 */
export function buildClassifierNetwork(
  h: ClassifierHyperparameters,
  labelCount: number,
  random: RandomSource,
): { features: LayersModel; head: LayersModel } {
  const seeded = () => tf.initializers.heNormal({ seed: random.nextSeed() });
  const input = tf.input({ shape: [h.height, h.width, h.channels] });
  let x = input;
  for (let block = 0; block < h.blocks; block++) {
    x = tf.layers
      .conv2d({ filters: h.filters * 2 ** block, kernelSize: h.kernelSize, padding: 'same', useBias: !h.batchNorm, kernelInitializer: seeded() })
      .apply(x) as typeof x;
    if (h.batchNorm) x = tf.layers.batchNormalization().apply(x) as typeof x;
    x = tf.layers.activation({ activation: 'relu' }).apply(x) as typeof x;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as typeof x;
  }
  x = tf.layers.flatten().apply(x) as typeof x;
  const embedding = tf.layers.dense({ units: h.embeddingSize, activation: 'relu', kernelInitializer: seeded() }).apply(x) as typeof x;
  const features = tf.model({ inputs: input, outputs: embedding, name: 'features' });

  const headInput = tf.input({ shape: [h.embeddingSize] });
  const logits = tf.layers
    .dense({ units: labelCount, kernelInitializer: tf.initializers.glorotUniform({ seed: random.nextSeed() }) })
    .apply(headInput) as typeof headInput;
  const head = tf.model({ inputs: headInput, outputs: logits, name: 'head' });
  return { features, head };
}
