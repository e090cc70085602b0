import type { StepCacheEntry } from '../store/step-cache-store.js';
import type { PlannedStepMessage } from '../run/protocol.js';
import { stepSignatures, type SignatureSources } from './step-signature.js';
import type { PlannedStep } from './validate.js';

/**
 * The steps of a task as the API process sends them: each with its signature and the cache entry
 * found for it, and the checkpoint id its `with.checkpoint` resolved to (for provenance).
 */
export function planTaskSteps(
  steps: PlannedStep[],
  run: { seed: number; cache: boolean },
  sources: SignatureSources,
  lookup: (signature: string) => StepCacheEntry | null,
): PlannedStepMessage[] {
  const signatures = stepSignatures(steps, run, sources);
  return steps.map(({ step, params, from }) => {
    const signature = signatures.get(step.id) ?? null;
    const checkpointId = typeof params.checkpoint === 'string' ? sources.checkpoint(params.checkpoint)?.id : undefined;
    return {
      step,
      params,
      from,
      ...(signature ? { cache: { signature, hit: lookup(signature) } } : {}),
      ...(checkpointId ? { checkpointId } : {}),
    };
  });
}
