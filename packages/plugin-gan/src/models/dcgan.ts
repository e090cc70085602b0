import { defineModelFamily } from '@atelier/plugin-api';
import { ganDataSpec } from './data-spec.js';
import { createGanHandle } from './gan-handle.js';
import { ganHyperparameters, type GanHyperparameters } from './hyperparameters.js';
import { trainGan } from './train-gan.js';

export const dcgan = defineModelFamily<GanHyperparameters>({
  id: 'gan.dcgan',
  title: 'DCGAN',
  description: 'Unconditional deep convolutional GAN (Radford et al. 2015) for 28, 32 or 64 px images with 1 or 3 channels.',
  hyperparameters: ganHyperparameters,
  capabilities: ['generate', 'encode', 'decode'],
  data: ganDataSpec,
  dataParallel: true,
  train: (ctx) => trainGan(ctx, false),
  load: ({ record, models }) => createGanHandle(record, models),
});
