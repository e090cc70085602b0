import type { ImageBatch, tf as Tf } from '@atelier/plugin-api';
import type { StepCacheEntry } from '../contracts/step-cache.js';
import type { PlannedStepMessage } from './step-cache-plan.js';
import type { StepCachePort } from '../contracts/run-ports.js';
import type { PlannedStep } from './validate.js';

/** A step as a worker runs it: validated, with what the API process found in the step cache. */
export type ExecutableStep = PlannedStep & Pick<PlannedStepMessage, 'cache' | 'checkpointId'>;

/**
 * Which steps are served from the cache and which of those must still be read from disk: a hit is
 * read only when it saves images or a computed step reads it. So after changing only the last
 * step, the earlier ones cost nothing but the read of the one the last step takes. A hit whose
 * file was evicted since the lookup is computed instead.
 */
export function planCacheUse(steps: ExecutableStep[], port: StepCachePort | undefined): { hits: Map<string, StepCacheEntry>; load: Set<string> } {
  const hits = new Map<string, StepCacheEntry>();
  for (const planned of steps) {
    const hit = planned.cache?.hit;
    if (hit && port?.has(hit)) hits.set(planned.step.id, hit);
  }
  const load = new Set<string>();
  for (const planned of steps) {
    const id = planned.step.id;
    if (hits.has(id) && planned.step.save) load.add(id);
    if (!hits.has(id)) for (const input of planned.from) if (hits.has(input)) load.add(input);
  }
  return { hits, load };
}

/** The stored output as the step's batch: the same float32 values, so downstream steps see the same tensor. */
export function loadCachedOutput(tf: typeof Tf, entry: StepCacheEntry, port: StepCachePort): ImageBatch {
  const { shape, values } = port.load(entry);
  return { images: tf.tensor4d(values, shape, 'float32'), meta: entry.imageMeta.map((m) => ({ ...m })), range: 'unit' };
}

/** Stores a computed step's output under its signature (a no-op for a step that is never cached). */
export async function storeStepOutput(planned: ExecutableStep, output: ImageBatch, records: Record<string, unknown>, port: StepCachePort | undefined): Promise<void> {
  if (!port || !planned.cache) return;
  const values = (await output.images.data()) as Float32Array;
  const shape = output.images.shape as [number, number, number, number];
  port.store({ signature: planned.cache.signature, use: planned.step.use, imageMeta: output.meta, records }, { shape, values });
}
