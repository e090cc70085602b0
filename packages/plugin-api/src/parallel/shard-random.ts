import { tf, type Tensor } from '../tf.js';

/** Where this worker's images sit in the current global batch of a data-parallel run. */
export interface ShardPlace {
  offset: number;
  count: number;
  /** Images in the global batch. */
  total: number;
}

let current: ShardPlace | null = null;

/**
 * Set by core's sharded training data for each batch it hands out (null outside data-parallel
 * training), so noise drawn per image can be drawn for the whole global batch and sliced.
 */
export function setCurrentShard(place: ShardPlace | null): void {
  current = place;
}

/** The part of a global-batch draw this worker keeps, or null when the draw is not per image of a sharded batch. */
function shardOf(shape: number[]): ShardPlace | null {
  return current && current.total !== current.count && shape[0] === current.count ? current : null;
}

/**
 * Normal noise with one row per image of the current training batch (or any shape outside one).
 * In data-parallel training it is drawn for the global batch and this worker's rows are kept, so K
 * workers see exactly the numbers one worker would; on one worker it is `tf.randomNormal`.
 */
export function shardRandomNormal(shape: number[], mean: number, stddev: number, seed: number): Tensor {
  const place = shardOf(shape);
  if (!place) return tf.randomNormal(shape, mean, stddev, 'float32', seed);
  return tf.tidy(() => tf.slice(tf.randomNormal([place.total, ...shape.slice(1)], mean, stddev, 'float32', seed), place.offset, place.count));
}

/** Uniform noise in [0, 1), sharded like `shardRandomNormal`. */
export function shardRandomUniform(shape: number[], seed: number): Tensor {
  const place = shardOf(shape);
  if (!place) return tf.randomUniform(shape, 0, 1, 'float32', seed);
  return tf.tidy(() => tf.slice(tf.randomUniform([place.total, ...shape.slice(1)], 0, 1, 'float32', seed), place.offset, place.count));
}

/** Inverted dropout computed exactly as `tf.dropout` does, its mask drawn through `shardRandomUniform`. */
export function shardDropout(x: Tensor, rate: number, seed: number): Tensor {
  if (rate === 0) return x.clone();
  return tf.tidy(() => {
    const keep = 1 - rate;
    return tf.mul(x, tf.div(tf.floor(tf.add(shardRandomUniform(x.shape, seed), keep)), keep));
  });
}

/** The shard of the batch being trained on, null outside data-parallel training. */
export function currentShard(): ShardPlace | null {
  return current;
}
