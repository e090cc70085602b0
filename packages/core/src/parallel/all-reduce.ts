import { canceledError } from '../errors.js';
import type { tf as TF, Tensor } from '../engine/tf.js';
import { currentShard } from './shard-random.js';

/** How one rank of a data-parallel run reaches the others (through the parent process). */
export interface ParallelRank {
  rank: number;
  workers: number;
  /** Sends this rank's flat values for a round; resolves with the weighted average of all ranks'. */
  exchange(round: number, values: Float32Array, count: number): Promise<Float32Array>;
}

/**
 * `ctx.allReduce` for one rank: the tensors flattened into one Float32Array in key order, averaged by
 * the parent, cut back into tensors of the same shapes. Time spent here (copies, transport, waiting
 * for the slowest rank) is added to `timing.ms`; a cancel rejects a pending round.
 */
export function createAllReduce(tf: typeof TF, place: ParallelRank, signal: AbortSignal, timing: { ms: number }) {
  let round = 0;
  return async <T extends Record<string, Tensor>>(tensors: T): Promise<T> => {
    const started = performance.now();
    const entries = Object.entries(tensors);
    const flat = new Float32Array(entries.reduce((sum, [, t]) => sum + t.size, 0));
    let offset = 0;
    for (const [, tensor] of entries) {
      flat.set(tensor.dataSync() as Float32Array, offset);
      offset += tensor.size;
    }
    tf.dispose(entries.map(([, t]) => t));
    const averaged = await untilAborted(place.exchange(round++, flat, currentShard()?.count ?? 1), signal);
    offset = 0;
    const out: Record<string, Tensor> = {};
    for (const [name, tensor] of entries) {
      out[name] = tf.tensor(averaged.subarray(offset, offset + tensor.size), tensor.shape, 'float32');
      offset += tensor.size;
    }
    timing.ms += performance.now() - started;
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
