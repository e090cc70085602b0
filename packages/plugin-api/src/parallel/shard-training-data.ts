import type { tf as TF } from '../tf.js';
import type { TrainContext, TrainingBatch, TrainingData } from '../types.js';
import { setCurrentShard } from './shard-random.js';

/**
 * Rank `rank`'s contiguous part of a global batch of `total` images: the first `total % workers`
 * ranks take one more. A batch smaller than K is trained whole by every rank: averaging K equal
 * gradients gives that batch's gradient, where an empty shard would give none.
 */
export function shardRange(total: number, rank: number, workers: number): { offset: number; count: number } {
  if (total < workers) return { offset: 0, count: total };
  const base = Math.floor(total / workers);
  const extra = total % workers;
  return { offset: rank * base + Math.min(rank, extra), count: base + (rank < extra ? 1 : 0) };
}

/**
 * The training data one rank of a data-parallel run sees: every global batch (shuffled and augmented
 * as on one worker, so randomness stays shard-consistent) cut to this rank's rows. `sample` stays whole.
 */
export function shardTrainingData(tf: typeof TF, data: TrainingData, rank: number, workers: number): TrainingData {
  return {
    ...data,
    *batches(epoch: number, batchSize: number): Iterable<TrainingBatch> {
      try {
        for (const batch of data.batches(epoch, batchSize)) {
          const total = batch.images.shape[0];
          const { offset, count } = shardRange(total, rank, workers);
          const shard = { images: tf.slice(batch.images, offset, count), labels: tf.slice(batch.labels, offset, count), globalSize: total };
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

/**
 * For a loop that batches by itself (the classifier's hold-out split): this worker's part of a global
 * batch of indices, all of it on one worker; noise drawn through the shard helpers follows it.
 */
export function shardIndices(ctx: Pick<TrainContext<unknown>, 'rank' | 'workers'>, indices: Int32Array): Int32Array {
  if (ctx.workers === 1) return indices;
  const { offset, count } = shardRange(indices.length, ctx.rank, ctx.workers);
  setCurrentShard({ offset, count, total: indices.length });
  return indices.subarray(offset, offset + count);
}
