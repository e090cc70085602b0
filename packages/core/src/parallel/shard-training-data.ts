import type { tf as TF } from '../engine/tf.js';
import type { TrainingBatch, TrainingData } from '../plugins/types.js';
import { setCurrentShard } from './shard-random.js';

/** Rank `rank`'s contiguous part of a global batch of `total` images: the first `total % workers` ranks take one more. */
export function shardRange(total: number, rank: number, workers: number): { offset: number; count: number } {
  const base = Math.floor(total / workers);
  const extra = total % workers;
  return { offset: rank * base + Math.min(rank, extra), count: base + (rank < extra ? 1 : 0) };
}

/**
 * The training data one rank of a data-parallel run sees: every global batch (shuffled and augmented
 * as on one worker, so randomness stays shard-consistent) cut to this rank's rows. A last batch with
 * fewer images than workers is dropped, as some rank would train on nothing. `sample` stays whole.
 */
export function shardTrainingData(tf: typeof TF, data: TrainingData, rank: number, workers: number): TrainingData {
  return {
    ...data,
    *batches(epoch: number, batchSize: number): Iterable<TrainingBatch> {
      try {
        for (const batch of data.batches(epoch, batchSize)) {
          const total = batch.images.shape[0];
          if (total < workers) {
            batch.images.dispose();
            batch.labels.dispose();
            return;
          }
          const { offset, count } = shardRange(total, rank, workers);
          const shard = { images: tf.slice(batch.images, offset, count), labels: tf.slice(batch.labels, offset, count) };
          batch.images.dispose();
          batch.labels.dispose();
          setCurrentShard({ offset, count, total });
          yield shard;
        }
      } finally {
        setCurrentShard(null);
      }
    },
    sample: (count) => data.sample(count),
  };
}
