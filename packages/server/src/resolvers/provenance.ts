import type { Resolver } from './context.js';

const imageProvenance: Resolver = (_root, args: { image: string }, { atelier }) => atelier.imageProvenance(args.image);

const rerunFromImage: Resolver = async (_root, args: { image: string }, { atelier, logger, admitRun }) => {
  admitRun();
  const run = await atelier.submitFromImage(args.image);
  logger.info({ runId: run.id }, 'pipeline re-run from an image queued');
  return run;
};

export const provenanceQueries = { imageProvenance };
export const provenanceMutations = { rerunFromImage };
