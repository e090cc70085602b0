import type { Logger } from '@atelier/plugin-api';
import type { ArtifactStore, CheckpointStore, DatasetStore, RunRecord, RunStore } from '../../contracts/records.js';
import type { WorkerTask } from '../../run/protocol.js';
import type { RunRecorder } from '../../run/run-recorder.js';
import type { TrainingSpec } from '../../training/training-request.js';
import type { BullQueueConfig } from '../../config/queue-config.js';
import type { RunEvents } from '../../run/run-events.js';
import type { BullJobData } from './bull-job.js';
import { BullJobQueue } from './bull-queue.js';
import { BullRunSink } from './bull-run-sink.js';
import { FinishedRuns } from '../finished-runs.js';
import { recordingStores } from './task-records.js';

type Stores = { checkpoints: CheckpointStore; datasets: DatasetStore };

/**
 * The BullMQ queue with its parts. `task` plans a run against the given stores (the container's own
 * planning); run through recording stores, it yields the records the job must carry.
 */
export function createBullJobQueue(deps: {
  config: BullQueueConfig;
  runs: RunStore;
  artifacts: ArtifactStore;
  stores: Stores;
  events: RunEvents;
  recorder: RunRecorder;
  logger: Logger;
  task(run: RunRecord, stores: Stores): WorkerTask;
}): BullJobQueue {
  const { config, runs, artifacts, stores, events, recorder, logger } = deps;
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
