import { performance } from 'node:perf_hooks';
import { canceledError, currentShard, type Tensor, type tf as TF } from '@atelier/plugin-api';
import { copyValuesInto } from '../engine/tensor-values.js';

/** Every rank's flat values of one round and the images each trained on, in rank order. */
export interface RoundValues {
  values: Float32Array[];
  counts: number[];
}

/** How one rank of a data-parallel run reaches the others. */
export interface ParallelRank {
  rank: number;
  workers: number;
  /** Hands over this rank's flat values for a round; resolves with every rank's once all have. */
  exchange(round: number, values: Float32Array, count: number): Promise<RoundValues>;
}

/**
 * `ctx.allReduce` for one rank: the tensors flattened into one Float32Array in key order, exchanged,
 * and each tensor rebuilt as the average of the ranks' values weighted by shard size. The engine
 * averages (its SIMD kernels are several times faster than a JavaScript loop), summing in rank
 * order, so every rank computes the same bytes. `timing.ms` adds up what a round costs its rank:
 * copying and sending, averaging, and the time the rank sat idle waiting for the others — not the
 * time it computed something else while the values travelled (`startOptimizerStep`). A cancel
 * rejects a pending round.
 *
 * A training loop reduces the same few sets of gradients over and over, so each length keeps its
 * flat array from round to round instead of allocating megabytes per round.
 */
export function createAllReduce(tf: typeof TF, place: ParallelRank, signal: AbortSignal, timing: { ms: number }) {
  let round = 0;
  const flats = new Map<number, Float32Array>();
  return async <T extends Record<string, Tensor>>(tensors: T): Promise<T> => {
    const copyStarted = performance.now();
    const entries = Object.entries(tensors);
    const length = entries.reduce((sum, [, t]) => sum + t.size, 0);
    const flat = flats.get(length) ?? new Float32Array(length);
    flats.set(length, flat);
    let offset = 0;
    for (const [, tensor] of entries) {
      copyValuesInto(tensor, flat, offset);
      offset += tensor.size;
    }
    tf.dispose(entries.map(([, t]) => t));
    const exchanged = place.exchange(round++, flat, currentShard()?.count ?? 1);
    const sendMs = performance.now() - copyStarted;
    const sent = performance.eventLoopUtilization();
    const { values, counts } = await untilAborted(exchanged, signal);
    const waitedMs = performance.eventLoopUtilization(sent).idle;
    const averagingStarted = performance.now();
    const total = counts.reduce((sum, count) => sum + count, 0);
    offset = 0;
    const out: Record<string, Tensor> = {};
    for (const [name, tensor] of entries) {
      const start = offset;
      out[name] = tf.tidy(() =>
        values
          .map((rankValues, rank) => tf.mul(tf.tensor(rankValues.subarray(start, start + tensor.size), tensor.shape, 'float32'), counts[rank] / total))
          .reduce((sum, weighted) => tf.add(sum, weighted)),
      );
      offset += tensor.size;
    }
    timing.ms += sendMs + waitedMs + (performance.now() - averagingStarted);
    return out as T;
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(canceledError('Training'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(canceledError('Training'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
