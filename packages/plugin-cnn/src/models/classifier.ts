import { defineModelFamily } from '@atelier/plugin-api';
import { classifierHyperparameters, type ClassifierHyperparameters } from './classifier-hyperparameters.js';
import { openClassifier } from './classifier-handle.js';
import { trainClassifier } from './classifier-training.js';

export const classifierFamily = defineModelFamily<ClassifierHyperparameters>({
  id: 'cnn.classifier',
  title: 'CNN classifier',
  description:
    'Conv → pool blocks and a dense layer, trained on a labelled data set with a seeded validation split and early stopping. Labels images, embeds them, and scores generated batches.',
  hyperparameters: classifierHyperparameters,
  capabilities: ['classify'],
  needsLabels: true,
  data: (h) => ({ width: h.width, height: h.height, channels: h.channels, range: 'unit' }),
  dataParallel: true,
  train: trainClassifier,
  load: ({ record, models }) => openClassifier(record, models),
});
