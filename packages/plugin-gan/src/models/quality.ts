import { deriveSeed, tf, type TrainingData } from '@atelier/plugin-api';
import type { ImageClusters } from './clusters.js';
import { runDiscriminator, runGenerator } from './forward.js';
import { drawLatents } from './latent-batch.js';
import type { GanModels } from './gan-models.js';

/** How many data images the checkpoint metrics compare against. */
const QUALITY_SAMPLE = 64;

/**
 * Cheap quality numbers stored with each checkpoint: how well the discriminator still separates real
 * from generated images (0.5 is the equilibrium), and how far the generated pixels' mean and standard
 * deviation are from the data's, in [0, 1] units (0 is a match; mode collapse shows in the std).
 */
export async function measureQuality(
  models: GanModels,
  data: TrainingData,
  options: { labelCount: number; latentSize: number; latentCategories: number; clusters: ImageClusters | null; seed: number },
): Promise<Record<string, number>> {
  const sample = data.sample(Math.min(QUALITY_SAMPLE, data.size));
  // The family's DataSpec is 'symmetric': real images arrive in the generator's [-1, 1] range.
  const values = tf.tidy(() => {
    const count = sample.images.shape[0];
    const label = options.labelCount > 0 ? (tf.oneHot(tf.cast(sample.labels, 'int32'), options.labelCount).toFloat() as tf.Tensor2D) : null;
    const { z, code } = drawLatents(count, options.latentSize, options.latentCategories, deriveSeed(options.seed, 'quality'), false);
    const fake = runGenerator(models.generator, z, label);
    // A cluster-coded discriminator is asked about each image's cluster: the real one's, the generated one's code.
    const realClasses = label ?? options.clusters?.assign(sample.images) ?? null;
    const fakeClasses = label ?? (options.clusters ? code : null);
    const realCorrect = tf.sum(tf.cast(tf.greater(runDiscriminator(models.discriminator, sample.images, realClasses), 0), 'float32'));
    const fakeCorrect = tf.sum(tf.cast(tf.lessEqual(runDiscriminator(models.discriminator, fake, fakeClasses), 0), 'float32'));
    // Halving maps [-1, 1] statistics to [0, 1] units (the offset cancels in the distance).
    const realStats = tf.moments(sample.images);
    const fakeStats = tf.moments(fake);
    return tf.stack([
      tf.div(tf.add(realCorrect, fakeCorrect), 2 * count),
      tf.mul(tf.abs(tf.sub(realStats.mean, fakeStats.mean)), 0.5),
      tf.mul(tf.abs(tf.sub(tf.sqrt(realStats.variance), tf.sqrt(fakeStats.variance))), 0.5),
    ]);
  });
  const [discriminatorAccuracy, pixelMeanDistance, pixelStdDistance] = Array.from(await values.data());
  values.dispose();
  sample.images.dispose();
  sample.labels.dispose();
  return { discriminatorAccuracy, pixelMeanDistance, pixelStdDistance };
}
