import type { CheckpointRecord } from '@atelier/core';
import type { Resolver, Resolvers } from './context.js';

/**
 * A checkpoint trained here has no stored lineage: its record and run already say where it came
 * from, so clients get the same shape as an installed default's either way.
 */
export function checkpointLineage(record: CheckpointRecord): Record<string, unknown> {
  return (
    record.lineage ?? {
      dataset: record.dataset,
      preprocessing: record.preprocess,
      hyperparameters: record.hyperparameters,
      steps: record.step,
      epoch: record.epoch,
      runId: record.runId,
    }
  );
}

const deleteCheckpoint: Resolver = (_root, args: { id: string }, { atelier, logger }) => {
  const removed = atelier.deleteCheckpoint(args.id);
  logger.info({ checkpointId: removed.id, name: removed.name }, 'checkpoint deleted');
  return true;
};

export const checkpointMutations = { deleteCheckpoint };

export const checkpointTypes: Resolvers = {
  Checkpoint: { lineage: (record: CheckpointRecord) => checkpointLineage(record) },
};
