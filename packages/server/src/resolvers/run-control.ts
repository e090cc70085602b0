import { AtelierError } from '@atelier/core';
import type { Resolver } from './context.js';

const cancelRun: Resolver = (_root, args: { id: string }, { atelier, logger }) => {
  atelier.run(args.id);
  if (atelier.queue.cancel(args.id)) logger.info({ runId: args.id }, 'run cancel requested');
  return atelier.run(args.id);
};

const retryRun: Resolver = async (_root, args: { id: string }, { atelier, logger, admitRun }) => {
  atelier.run(args.id);
  await admitRun();
  const run = atelier.runs.requeue(args.id);
  atelier.queue.enqueue(run.id);
  logger.info({ runId: run.id }, 'run re-queued');
  return run;
};

const deleteRun: Resolver = (_root, args: { id: string }, { atelier, logger }) => {
  const run = atelier.run(args.id);
  if (run.status === 'queued' || run.status === 'running') {
    // The job would go on writing steps and artifacts of a run that no longer exists.
    throw new AtelierError('CONFLICT', `Run "${run.id}" is ${run.status}; cancel it before deleting it`, { path: 'id', status: run.status });
  }
  const deleted = atelier.runs.delete(run.id);
  logger.info({ runId: run.id }, 'run deleted');
  return deleted;
};

/** Mutations on one run by id: cancel, retry, delete. */
export const runControlMutations = { cancelRun, retryRun, deleteRun };
