import { tf, type Tensor } from './tf.js';

/** What the WASM backend keeps of a tensor: its bytes sit in the module's heap at `memoryOffset`. */
interface WasmInternals {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

/**
 * Copies a float32 tensor's values into `target` at `offset`. On WASM they are copied straight out
 * of the module's heap: `dataSync` returns a fresh array per call, and a data-parallel step reads
 * megabytes of gradients twice per step, and fresh pages are slow to fault in on these machines (a
 * 3.6 MB array takes 2–8 ms to allocate where copying into a reused one takes 0.1 ms).
 */
export function copyValuesInto(tensor: Tensor, target: Float32Array, offset: number): void {
  const stored = tensor.dtype === 'float32' && tf.getBackend() === 'wasm' ? wasmHeapView(tensor) : null;
  target.set(stored ?? (tensor.dataSync() as Float32Array), offset);
}

function wasmHeapView(tensor: Tensor): Float32Array | null {
  const backend = tf.backend() as unknown as Partial<WasmInternals>;
  const entry = backend.dataIdMap?.get(tensor.dataId);
  const heap = backend.wasm?.HEAPU8;
  if (!entry || !heap || typeof entry.memoryOffset !== 'number') return null;
  return new Float32Array(heap.buffer, heap.byteOffset + entry.memoryOffset, tensor.size);
}
