import type { Resolver } from './context.js';
import { withoutNulls } from './lookups.js';

interface TrainModelArgs {
  family: string;
  dataset: string;
  name?: string | null;
  epochs?: number | null;
  maxSteps?: number | null;
  hyperparameters?: Record<string, unknown> | null;
  preprocess?: { use: string; with?: Record<string, unknown> | null }[] | null;
  seed?: number | null;
  resume?: string | null;
  workers?: number | null;
}

/** Queues a training run; core validates the family, the data set and the hyper-parameters first. */
export const trainModel: Resolver = async (_root, args: TrainModelArgs, { atelier, logger, admitRun }) => {
  const { preprocess, ...rest } = args;
  admitRun();
  const run = await atelier.submitTraining({
    ...withoutNulls(rest),
    family: args.family,
    dataset: args.dataset,
    preprocess: preprocess?.map((step) => ({ use: step.use, ...(step.with ? { with: step.with } : {}) })),
  });
  logger.info({ runId: run.id, family: args.family, dataset: args.dataset }, 'training run queued');
  return run;
};
