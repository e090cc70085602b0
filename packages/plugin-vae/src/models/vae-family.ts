import { AtelierError, defineModelFamily, type ModelFamily } from '@atelier/plugin-api';
import type { VaeModels } from './build-vae.js';
import { vaeHyperparameters, type VaeHyperparameters } from './hyperparameters.js';
import { trainVae } from './train-vae.js';
import { createVaeHandle } from './vae-handle.js';

/** What differs between `vae.conv` and `vae.conditional`; everything else is this one definition. */
export interface VaeVariant {
  id: string;
  title: string;
  description: string;
  conditional: boolean;
}

export function createVaeFamily(variant: VaeVariant): ModelFamily<VaeHyperparameters> {
  return defineModelFamily<VaeHyperparameters>({
    id: variant.id,
    title: variant.title,
    description: variant.description,
    hyperparameters: vaeHyperparameters,
    capabilities: ['generate', 'encode', 'decode'],
    needsLabels: variant.conditional,
    data: (h) => ({ width: h.imageSize, height: h.imageSize, channels: h.channels, range: 'unit' }),
    dataParallel: true,
    train: (ctx) => trainVae(ctx, variant.conditional),
    load({ record, models }) {
      if (!models.encoder || !models.decoder) {
        throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${record.name}" lacks the encoder or decoder model`, {
          path: 'checkpoint',
          models: Object.keys(models),
        });
      }
      return createVaeHandle({
        ...(models as VaeModels),
        conditional: variant.conditional,
        latentSize: record.hyperparameters.latentSize,
        labelNames: record.labelNames,
        spec: record.dataSpec,
      });
    },
  });
}
