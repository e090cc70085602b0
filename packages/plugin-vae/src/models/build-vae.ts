import { createRandom, type LayersModel } from '@atelier/plugin-api';
import { buildDecoder } from './decoder.js';
import { buildEncoder } from './encoder.js';
import type { VaeHyperparameters } from './hyperparameters.js';
import { seedStream } from './seed-stream.js';

export interface VaeModels extends Record<string, LayersModel> {
  encoder: LayersModel;
  decoder: LayersModel;
}

/** Fresh encoder and decoder; `labelCount` 0 builds the unconditional pair. */
export function buildVae(h: VaeHyperparameters, options: { labelCount: number; seed?: number }): VaeModels {
  const seeds = seedStream(createRandom(options.seed ?? 0));
  return {
    encoder: buildEncoder(h, options.labelCount, seeds),
    decoder: buildDecoder(h, options.labelCount, seeds),
  };
}
