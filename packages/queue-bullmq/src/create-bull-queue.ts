import type { BullQueueConfig, RunRecord, TrainingSpec } from '@atelier/core';
import { FinishedRuns, type QueueDeps } from '@atelier/core/adapter';
import type { BullJobData } from './bull-job.js';
import { BullJobQueue } from './bull-queue.js';
import { BullRunSink } from './bull-run-sink.js';
import { recordingStores } from './task-records.js';

/**
 * The BullMQ queue with its parts. `task` plans a run against the given stores (the container's own
 * planning); run through recording stores, it yields the records the job must carry.
 */
export function createBullJobQueue(config: BullQueueConfig, deps: QueueDeps): BullJobQueue {
  const { runs, artifacts, stores, events, recorder, logger } = deps;
  const finished = new FinishedRuns(runs);
  const sink = new BullRunSink({ runs, artifacts, checkpoints: stores.checkpoints, events, recorder, finished, logger });
  const jobData = (run: RunRecord): BullJobData => {
    const recording = recordingStores(stores);
    const task = deps.task(run, recording);
    if (task.kind === 'training') {
      // Training is planned when submitted; what it reads is looked up here, as its worker will.
      const spec: TrainingSpec = task.spec;
      recording.datasets.resolve(spec.dataset);
      if (spec.resume) recording.checkpoints.resolve(spec.resume);
    }
    return { task, records: recording.records };
  };
  return new BullJobQueue({ config, runs, events, sink, finished, logger, jobData });
}
