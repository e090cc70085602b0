import { tf, type LayersModel, type Tensor } from '../tf.js';
import type { TrainContext } from '../types.js';

/**
 * A stand-in for the exchange of a data-parallel run in family unit tests: records the names of
 * every round's tensors and multiplies the gradients by `scale` (values reported alongside them,
 * named `#…` by `optimizerStep`, pass unchanged). With scale 0 a loop that applies what
 * `ctx.allReduce` returns leaves its weights as they were built.
 */
export function scalingAllReduce(scale: number): { allReduce: TrainContext<unknown>['allReduce']; rounds: string[][] } {
  const rounds: string[][] = [];
  const allReduce = async <T extends Record<string, Tensor>>(tensors: T): Promise<T> => {
    rounds.push(Object.keys(tensors));
    const out: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(tensors)) out[name] = name.startsWith('#') ? tensor : tf.tidy(() => tf.mul(tensor, scale));
    tf.dispose(Object.entries(tensors).filter(([name]) => !name.startsWith('#')).map(([, tensor]) => tensor));
    return out as T;
  };
  return { allReduce, rounds };
}

/**
 * Every trainable weight of a model as numbers, in layer order (to compare a trained model with a
 * built one; BatchNorm's moving statistics are not trained by gradients and are left out).
 */
export function weightValues(model: LayersModel): number[] {
  return model.trainableWeights.flatMap((weight) => Array.from(weight.read().dataSync()));
}
