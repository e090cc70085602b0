import { readProvenance } from '@atelier/core';
import type { Resolver } from './context.js';
import { decodeUploads } from './uploads.js';

/** One base64 PNG, held to the upload limits. */
function pngOf(image: string, limits: { maxUploadBytes: number; maxImagesPerStep: number }): Buffer {
  return decodeUploads([{ data: image }], limits)[0].data;
}

const imageProvenance: Resolver = (_root, args: { image: string }, { atelier }) => readProvenance(pngOf(args.image, atelier.config.limits));

const rerunFromImage: Resolver = async (_root, args: { image: string }, { atelier, logger, admitRun }) => {
  const png = pngOf(args.image, atelier.config.limits);
  await admitRun();
  const run = await atelier.submitFromImage(png);
  logger.info({ runId: run.id }, 'pipeline re-run from an image queued');
  return run;
};

export const provenanceQueries = { imageProvenance };
export const provenanceMutations = { rerunFromImage };
