import path from 'node:path';
import { AtelierError } from '@atelier/core';
import { importMnist } from '../datasets/mnist.js';
import type { DatasetSource, ImageUpload } from '../schema/types.js';
import type { Resolver } from './context.js';
import { decodeUploads } from './uploads.js';

interface ImportArgs {
  source: DatasetSource;
  name: string;
  path?: string | null;
  limit?: number | null;
  labelled?: boolean | null;
}

const importDataset: Resolver = async (_root, args: ImportArgs, { atelier, logger }) => {
  if (args.limit !== null && args.limit !== undefined && args.limit < 1) {
    throw new AtelierError('BAD_USER_INPUT', `limit must be at least 1; got ${args.limit}`, { path: 'limit' });
  }
  const limit = args.limit ?? undefined;
  let record;
  if (args.source === 'mnist') {
    record = await importMnist(atelier.datasets, { name: args.name, limit });
  } else if (args.source === 'folder') {
    // The folder is on the server and named by its operator; a relative path would depend on
    // whichever directory the server happened to start in.
    if (!args.path || !path.isAbsolute(args.path)) {
      throw new AtelierError('BAD_USER_INPUT', 'A folder import needs an absolute path on the server', { path: 'path' });
    }
    record = await atelier.datasets.importFolder(args.path, { name: args.name, limit, labelled: args.labelled ?? false });
  } else {
    throw new AtelierError('BAD_USER_INPUT', 'Use uploadImages to add uploaded images', { path: 'source' });
  }
  logger.info({ dataset: record.name, count: record.count, source: record.source }, 'data set imported');
  return record;
};

const uploadImages: Resolver = async (_root, args: { dataset: string; images: ImageUpload[] }, { atelier, logger }) => {
  const images = decodeUploads(args.images, atelier.config.limits);
  const record = await atelier.datasets.importImages(args.dataset, images);
  logger.info({ dataset: record.name, added: images.length }, 'images uploaded');
  return record;
};

/** Mutations that fill data sets: MNIST, server folders and uploads. */
export const datasetMutations = { importDataset, uploadImages };
