import type { Resolver } from './context.js';

const cancelRun: Resolver = (_root, args: { id: string }, { atelier }) => atelier.cancelRun(args.id);

const retryRun: Resolver = async (_root, args: { id: string }, { atelier, logger, admitRun }) => {
  admitRun();
  const run = await atelier.retryRun(args.id);
  logger.info({ runId: run.id }, 'run re-queued');
  return run;
};

const deleteRun: Resolver = (_root, args: { id: string }, { atelier, logger }) => {
  atelier.deleteRun(args.id);
  logger.info({ runId: args.id }, 'run deleted');
  return true;
};

/** Mutations on one run by id: cancel, retry, delete. */
export const runControlMutations = { cancelRun, retryRun, deleteRun };
