import { AtelierError } from '@atelier/plugin-api';
import { assertSpecBytes } from './spec-bytes.js';
import type { Sweep } from './sweep.js';

/**
 * Parameters one batch may sweep. Lists of two values or more multiply past any batch long before
 * this; lists of one value do not, but each still costs a pass over every run of the batch.
 */
export const maxSweepParams = 32;

/** Refuses a sweep too large to expand, before its base spec is cloned once per run. */
export function assertSweepBudget(sweep: Sweep, maxSpecBytes: number): void {
  const params = sweep.params ?? [];
  if (params.length > maxSweepParams) {
    throw new AtelierError('LIMIT_EXCEEDED', `A batch sweeps at most ${maxSweepParams} parameters; got ${params.length}`, {
      path: 'params',
      limit: maxSweepParams,
    });
  }
  // Swept values end up in every run's spec, so they share the spec's budget.
  assertSpecBytes(params, maxSpecBytes, 'params');
}
