import { tf, type Tensor } from '@atelier/plugin-api';
import type { WasmBackend } from './kernels/wasm-backend.js';

/**
 * Copies a float32 tensor's values into `target` at `offset`. On WASM they are copied straight out
 * of the module's heap: `dataSync` returns a fresh array per call, and a data-parallel step reads
 * megabytes of gradients twice per step, and fresh pages are slow to fault in on these machines (a
 * 3.6 MB array takes 2–8 ms to allocate where copying into a reused one takes 0.1 ms).
 */
export function copyValuesInto(tensor: Tensor, target: Float32Array, offset: number): void {
  const onHeap = tensor.dtype === 'float32' && tf.getBackend() === 'wasm';
  target.set(onHeap ? (tf.backend() as WasmBackend).typedArrayFromHeap(tensor) : (tensor.dataSync() as Float32Array), offset);
}
