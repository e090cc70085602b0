import { defineModelFamily } from '@atelier/plugin-api';
import { ganDataSpec } from './data-spec.js';
import { createGanHandle } from './gan-handle.js';
import { ganHyperparameters, type GanHyperparameters } from './hyperparameters.js';
import { trainGan } from './train-gan.js';

export const conditionalGan = defineModelFamily<GanHyperparameters>({
  id: 'gan.conditional',
  title: 'Conditional GAN',
  description:
    'Class-conditional DCGAN: the generator takes z plus a one-hot class, the discriminator projects the class onto its features. Classes are the data set’s labels (sub-folders).',
  hyperparameters: ganHyperparameters,
  capabilities: ['generate', 'encode', 'decode'],
  needsLabels: true,
  data: ganDataSpec,
  dataParallel: true,
  train: (ctx) => trainGan(ctx, true),
  load: ({ record, models }) => createGanHandle(record, models),
});
