import { tf } from './tf.js';

/**
 * The parts of tfjs-wasm's backend (4.22, pinned) that Atelier's engine code uses beyond
 * `KernelBackend`, as tfjs-wasm's own kernels use them: a tensor's values as a view of the module's
 * heap, an output made on the heap to write in place, and a second holder of existing data.
 */
export type WasmBackend = tf.KernelBackend & {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: tf.DataId): void;
};
