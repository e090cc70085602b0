import { type LayersModel, tf } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';
import { filtersAt, initializer, ladder } from './architecture.js';

/**
 * Image (and a one-hot label when `labelCount` > 0: the data set's class, or the cluster of a
 * cluster-coded dcgan) → stride-2 convolutions → one logit. The label
 * enters as a projection (Miyato & Koyama 2018): logit = w·h + ⟨embed(y), h⟩. A one-hot times a
 * dense kernel is the embedding, so no Embedding layer (WASM lacks its gather gradient). With
 * `auxiliaryClassifier` > 0 a class head (AC-GAN, Odena et al. 2017) rides along as extra output
 * columns: the projection alone let the generator ignore its label (12.5% agreement, chance 10%).
 * An unconditional discriminator gets the same head for a generator with a categorical code (InfoGAN).
 */
export function buildDiscriminator(h: GanHyperparameters, labelCount: number, seed: number): LayersModel {
  const { levels } = ladder(h.imageSize);
  const image = tf.input({ shape: [h.imageSize, h.imageSize, h.channels], name: 'image' });
  let x: tf.SymbolicTensor = image;
  for (let level = 0; level < levels; level++) {
    x = tf.layers
      .conv2d({
        filters: filtersAt(h.discriminatorWidth, levels, levels - 1 - level),
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: initializer(seed, `d_down${level}`),
        name: `d_down${level}`,
      })
      .apply(x) as tf.SymbolicTensor;
    // Named, like every layer here, so checkpoint bytes do not depend on what the process built before.
    x = tf.layers.leakyReLU({ alpha: 0.2, name: `d_down${level}_act` }).apply(x) as tf.SymbolicTensor;
  }
  const features = tf.layers.flatten({ name: 'd_features' }).apply(x) as tf.SymbolicTensor;
  const unconditional = tf.layers
    .dense({ units: 1, kernelInitializer: initializer(seed, 'd_logit'), name: 'd_logit' })
    .apply(features) as tf.SymbolicTensor;
  if (labelCount === 0) {
    if (h.latentCategories === 0) return tf.model({ inputs: image, outputs: unconditional, name: 'discriminator' });
    // InfoGAN's Q head: which category of the latent code drew this image.
    const categoryLogits = classHead(features, h.latentCategories, seed);
    const heads = tf.layers.concatenate({ name: 'd_heads' }).apply([unconditional, categoryLogits]) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: heads, name: 'discriminator' });
  }

  const label = tf.input({ shape: [labelCount], name: 'label' });
  const embedded = tf.layers
    .dense({
      units: features.shape[1] as number,
      useBias: false,
      kernelInitializer: initializer(seed, 'd_embed'),
      name: 'd_embed',
    })
    .apply(label) as tf.SymbolicTensor;
  const projection = tf.layers.dot({ axes: 1, name: 'd_projection' }).apply([features, embedded]) as tf.SymbolicTensor;
  const logit = tf.layers.add({ name: 'd_conditional_logit' }).apply([unconditional, projection]) as tf.SymbolicTensor;
  if (h.auxiliaryClassifier === 0) return tf.model({ inputs: [image, label], outputs: logit, name: 'discriminator' });

  const heads = tf.layers.concatenate({ name: 'd_heads' }).apply([logit, classHead(features, labelCount, seed)]) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, label], outputs: heads, name: 'discriminator' });
}

/** Class logits beside the real/fake logit: the AC-GAN head of the conditional family, the category head of a coded dcgan. */
function classHead(features: tf.SymbolicTensor, classes: number, seed: number): tf.SymbolicTensor {
  return tf.layers.dense({ units: classes, kernelInitializer: initializer(seed, 'd_class'), name: 'd_class' }).apply(features) as tf.SymbolicTensor;
}
