import type { tf } from '@atelier/plugin-api';
import type { WasmBackend } from './wasm-backend.js';
import { disposeIntermediates } from './run-kernel.js';

/** A filter's rearranged copies, by layout name. */
type Layouts = Map<string, tf.TensorInfo[]>;

// Bounds what filters that are still alive but no longer convolved (an idle model's) hold on the heap.
const maxFilters = 32;
const cachesByBackend = new WeakMap<WasmBackend, Map<tf.DataId, Layouts>>();

/**
 * The rearranged copies of a filter that a kernel convolves with instead of the filter itself (a
 * transposed convolution's phase sub-filters), made once per filter and layout and kept while the
 * filter lives. A filter's values never change (a variable's update gives it new data), and the
 * backend's Conv2D packs every filter it has not seen for XNNPACK (0.65 ms for one 2×2×128×64
 * sub-filter), which made each transposed convolution pay ~2.6 ms before computing anything.
 *
 * A disposed filter's copies go at the next call of any kernel that uses this cache; beyond
 * `maxFilters` filters the least recently used lose theirs. `make` must return fresh backend data.
 */
export function filterLayout(backend: WasmBackend, filter: tf.DataId, layout: string, make: () => tf.TensorInfo[]): tf.TensorInfo[] {
  const cache = cachesByBackend.get(backend) ?? new Map<tf.DataId, Layouts>();
  cachesByBackend.set(backend, cache);
  for (const [id, layouts] of cache) if (backend.refCount(id) === 0) release(backend, cache, id, layouts);
  const layouts: Layouts = cache.get(filter) ?? new Map();
  // Re-inserted, so the map's order is least recently used first.
  cache.delete(filter);
  cache.set(filter, layouts);
  let copies = layouts.get(layout);
  if (!copies) {
    copies = make();
    layouts.set(layout, copies);
  }
  for (const [id, oldest] of cache) {
    if (cache.size <= maxFilters) break;
    release(backend, cache, id, oldest);
  }
  return copies;
}

/** How many backend buffers the cache holds now (tests account for them when checking for leaks). */
export function cachedLayoutBuffers(backend: tf.KernelBackend): number {
  const cache = cachesByBackend.get(backend as WasmBackend);
  return cache ? [...cache.values()].reduce((sum, layouts) => sum + [...layouts.values()].reduce((n, copies) => n + copies.length, 0), 0) : 0;
}

function release(backend: WasmBackend, cache: Map<tf.DataId, Layouts>, filter: tf.DataId, layouts: Layouts): void {
  for (const copies of layouts.values()) disposeIntermediates(backend, ...copies);
  cache.delete(filter);
}
