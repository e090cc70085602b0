import { AtelierError, type CheckpointRecord, type CheckpointStore, type DatasetRecord, type DatasetStore } from '@atelier/core';
import type { TaskRecords } from './bull-job.js';

/**
 * Store views that remember every record validation found, by the reference it was asked for: what
 * validation resolved is exactly what the task reads, so it all goes into the job's data.
 */
export function recordingStores(stores: { checkpoints: CheckpointStore; datasets: DatasetStore }): {
  checkpoints: CheckpointStore;
  datasets: DatasetStore;
  records: TaskRecords;
} {
  const records: TaskRecords = { checkpoints: {}, datasets: {} };
  const checkpoints: CheckpointStore = Object.create(stores.checkpoints);
  checkpoints.find = (ref) => {
    const found = stores.checkpoints.find(ref);
    if (found) records.checkpoints[ref] = records.checkpoints[found.id] = found;
    return found;
  };
  checkpoints.resolve = (ref) => checkpoints.find(ref) ?? stores.checkpoints.resolve(ref);
  const datasets: DatasetStore = Object.create(stores.datasets);
  datasets.get = (name) => {
    const found = stores.datasets.get(name);
    if (found) records.datasets[name] = found;
    return found;
  };
  datasets.resolve = (name) => datasets.get(name) ?? stores.datasets.resolve(name);
  return { checkpoints, datasets, records };
}

/** The worker side: answers a child's lookups from the job's records, with the stores' own errors. */
export function recordLookup(records: TaskRecords): { checkpoint(ref: string): CheckpointRecord; dataset(name: string): DatasetRecord } {
  return {
    checkpoint(ref) {
      const found = records.checkpoints[ref];
      if (!found) throw new AtelierError('CHECKPOINT_NOT_FOUND', `No checkpoint "${ref}" was resolved for this run`, { path: 'checkpoint', ref });
      return found;
    },
    dataset(name) {
      const found = records.datasets[name];
      if (!found) throw new AtelierError('DATASET_NOT_FOUND', `No data set "${name}" was resolved for this run`, { path: 'dataset', name });
      return found;
    },
  };
}
