import { AtelierError, sweepSize, type Atelier, type BatchRecord, type RunStatus, type Sweep } from '@atelier/core';
import type { Resolver, Resolvers } from './context.js';
import { pipelineSpecOf, withoutNulls } from './lookups.js';

interface RunBatchArgs {
  name?: string | null;
  spec?: unknown;
  seeds?: number[] | null;
  params?: { path: string; values: unknown[] }[] | null;
  zip?: boolean | null;
  contactSheet?: boolean | null;
}

function requireBatch(atelier: Atelier, id: string): BatchRecord {
  const batch = atelier.batches.get(id);
  if (!batch) throw new AtelierError('NOT_FOUND', `No batch "${id}"`, { path: 'id', id });
  return batch;
}

const runBatch: Resolver = async (_root, args: RunBatchArgs, { atelier, logger, admitRun }) => {
  const spec = pipelineSpecOf(atelier, args);
  const { seeds, params } = withoutNulls({ seeds: args.seeds, params: args.params });
  const sweep: Sweep = { ...(seeds ? { seeds } : {}), ...(params ? { params } : {}), mode: args.zip ? 'zip' : 'product', ...(args.contactSheet ? { contactSheet: true } : {}) };
  // Every run of the batch counts against the client's per-minute limit; an oversized batch is refused by core.
  const size = sweepSize(sweep);
  if (size <= atelier.config.limits.maxBatchRuns) admitRun(size);
  const { batch } = await atelier.submitBatch(spec, sweep);
  logger.info({ batchId: batch.id, runs: batch.size }, 'batch queued');
  return batch;
};

const cancelBatch: Resolver = (_root, args: { id: string }, { atelier, logger }) => {
  requireBatch(atelier, args.id);
  const batch = atelier.cancelBatch(args.id);
  logger.info({ batchId: batch.id }, 'batch cancel requested');
  return batch;
};

const batch: Resolver = (_root, args: { id: string }, { atelier }) => requireBatch(atelier, args.id);

export const batchQueries = { batch };
export const batchMutations = { runBatch, cancelBatch };

export const batchTypes: Resolvers = {
  Batch: {
    runs: (record: BatchRecord, _args, { atelier }) => atelier.batches.runsOf(record.id),
    contactSheet: (record: BatchRecord, _args, { atelier }) => {
      const runId = atelier.batches.get(record.id)?.sweep.contactSheetRunId;
      return typeof runId === 'string' ? atelier.runs.get(runId) : null;
    },
    statusCounts: (record: BatchRecord, _args, { atelier }) => {
      const counts = new Map<RunStatus, number>();
      for (const run of atelier.batches.runsOf(record.id)) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
      return [...counts].map(([status, count]) => ({ status, count }));
    },
  },
};
