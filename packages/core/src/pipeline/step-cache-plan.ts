import type { StepCacheEntry } from '../contracts/step-cache.js';
import type { PipelineStep } from './spec.js';
import { stepSignatures, type SignatureSources } from './step-signature.js';
import type { PlannedStep } from './validate.js';

/** A pipeline step as validated by the API process: the worker looks its component up by `step.use`. */
export interface PlannedStepMessage {
  step: PipelineStep;
  params: Record<string, unknown>;
  from: string[];
  /** The step's cache signature (absent: never cached) and the stored output the API process found for it. */
  cache?: { signature: string; hit: StepCacheEntry | null };
  /** Id of the checkpoint `with.checkpoint` named, as resolved when the task was built (provenance). */
  checkpointId?: string;
}

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
