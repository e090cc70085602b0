import { AtelierError } from '@atelier/plugin-api';
import { clusterCount, type GanModels } from './gan-models.js';
import type { GanHyperparameters } from './hyperparameters.js';

/**
 * A resumed run trains the checkpoint's own networks with this run's hyper-parameters; the shapes
 * those fix (latent, image, classes) must agree, or the first step would fail deep inside tfjs.
 */
export function checkResumable(models: GanModels, h: GanHyperparameters, labelCount: number): void {
  const [z, label] = models.generator.inputs;
  const [, height, , channels] = models.generator.outputs[0].shape;
  // A discriminator's class input: the labels of a conditional checkpoint, the clusters of a cluster-coded one.
  const savedClusters = labelCount === 0 ? ((models.discriminator.inputs[1]?.shape[1] as number | undefined) ?? 0) : 0;
  const mismatches: [string, unknown, unknown][] = [
    ['hyperparameters.latentSize', z.shape[1], h.latentSize],
    ['hyperparameters.imageSize', height, h.imageSize],
    ['hyperparameters.channels', channels, h.channels],
    ['dataset', label?.shape[1] ?? 0, labelCount],
    // An unconditional discriminator's outputs beyond the real/fake logit read the InfoGAN code
    // (a conditional one's are its class head; latentCategories is refused there before this).
    ['hyperparameters.latentCategories', labelCount === 0 ? savedClusters || (models.discriminator.outputs[0].shape[1] as number) - 1 : 0, h.latentCategories],
    // The same number of categories, but clusters where the checkpoint has an InfoGAN code or the reverse.
    ['hyperparameters.latentCategoriesFrom', savedClusters, clusterCount(h)],
  ];
  const found = mismatches.find(([, saved, asked]) => saved !== asked);
  if (found) {
    const [path, saved, asked] = found;
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Cannot resume: the checkpoint has ${path} ${saved}, this run asks for ${asked}`, {
      path,
      limit: saved as number,
    });
  }
}
