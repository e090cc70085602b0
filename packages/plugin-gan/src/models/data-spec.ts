import type { DataSpec } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';

/** The data both GAN families train on: square, at the configured size, in tanh's [-1, 1]. */
export const ganDataSpec = (h: GanHyperparameters): DataSpec => ({
  width: h.imageSize,
  height: h.imageSize,
  channels: h.channels,
  range: 'symmetric',
});
