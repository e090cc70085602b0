import { AtelierError } from '@atelier/core';
import { importMnist } from '../datasets/mnist.js';
import type { DatasetSource, ImageUpload } from '../schema/types.js';
import type { Resolver } from './context.js';
import { withoutNulls } from './lookups.js';

interface ImportArgs {
  source: DatasetSource;
  name: string;
  path?: string | null;
  limit?: number | null;
  labelled?: boolean | null;
}

const importDataset: Resolver = async (_root, args: ImportArgs, { atelier, logger }) => {
  const { source, name, path, limit, labelled } = args;
  if (source === 'upload') throw new AtelierError('BAD_USER_INPUT', 'Use uploadImages to add uploaded images', { path: 'source' });
  const record =
    source === 'mnist'
      ? await importMnist(atelier.datasets, { name, ...withoutNulls({ limit }) })
      : await atelier.importDataset({ source, name, path: path ?? '', ...withoutNulls({ limit }), labelled: labelled ?? false });
  logger.info({ dataset: record.name, count: record.count, source: record.source }, 'data set imported');
  return record;
};

const uploadImages: Resolver = async (_root, args: { dataset: string; images: ImageUpload[] }, { atelier, logger }) => {
  const record = await atelier.uploadImages(args.dataset, args.images);
  logger.info({ dataset: record.name, added: args.images.length }, 'images uploaded');
  return record;
};

/** Mutations that fill data sets: MNIST, server folders and uploads. */
export const datasetMutations = { importDataset, uploadImages };
