import { tf } from '@atelier/plugin-api';

/**
 * The parts of tfjs-wasm's backend (4.22, pinned) that Atelier's engine code uses beyond
 * `KernelBackend`, as tfjs-wasm's own kernels use them: a tensor's values as a view of the module's
 * heap, an output made on the heap to write in place, a second holder of existing data, and the
 * module's memory.
 */
export type WasmBackend = tf.KernelBackend & {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: tf.DataId): void;
  /** The Emscripten module: its linear memory only grows, so its size is the heap's high-water mark. */
  wasm: { HEAPU8: Uint8Array };
};
