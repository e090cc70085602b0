import type { LayersModel } from '@atelier/core';
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
    discriminator: buildDiscriminator(h, labelCount, seed),
  };
}
