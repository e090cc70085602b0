import { defineModelFamily } from '@atelier/plugin-api';
import { restorerHyperparameters, type RestorerHyperparameters } from './restorer-hyperparameters.js';
import { openRestorer } from './restorer-handle.js';
import { trainRestorer } from './restorer-training.js';

export const restorerFamily = defineModelFamily<RestorerHyperparameters>({
  id: 'cnn.restorer',
  title: 'CNN restorer',
  description:
    'A small U-Net trained self-supervised on any image set: it learns to undo noise, 2× downscaling and rectangular holes applied on the fly. Powers cnn.denoise, cnn.upscale and cnn.inpaint.',
  hyperparameters: restorerHyperparameters,
  capabilities: ['restore'],
  data: (h) => ({ width: h.width, height: h.height, channels: h.channels, range: 'unit' }),
  dataParallel: true,
  train: trainRestorer,
  load: ({ record, models }) => openRestorer(record, models),
});
