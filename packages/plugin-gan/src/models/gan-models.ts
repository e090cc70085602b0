import type { LayersModel } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';
import { buildDiscriminator } from './discriminator.js';
import { buildGenerator } from './generator.js';

/** The two networks of a checkpoint, under the names they are saved with. */
export interface GanModels {
  generator: LayersModel;
  discriminator: LayersModel;
  [name: string]: LayersModel;
}

/** Fresh networks; `labelCount` 0 builds the unconditional pair. */
export function buildGan(h: GanHyperparameters, labelCount: number, seed: number): GanModels {
  return {
    generator: buildGenerator(h, labelCount, seed),
    discriminator: buildDiscriminator(h, discriminatorClasses(h, labelCount), seed),
  };
}

/** How many clusters a dcgan's categories stand for (`latentCategoriesFrom: 'clusters'`), else 0. */
export function clusterCount(h: Pick<GanHyperparameters, 'latentCategories' | 'latentCategoriesFrom'>): number {
  return h.latentCategoriesFrom === 'clusters' ? h.latentCategories : 0;
}

/**
 * The classes the discriminator is conditioned on: the data set's labels, or a cluster-coded dcgan's
 * clusters (its generator takes them inside the latent instead).
 */
export function discriminatorClasses(h: GanHyperparameters, labelCount: number): number {
  return labelCount || clusterCount(h);
}
