import type { EditorContext } from '@atelier/plugin-api';

/** Records how well the inversion fit (mean squared error in [0, 1] units) on the step. */
export function recordResiduals(ctx: EditorContext, residuals: number[]): void {
  ctx.record('residual', { mean: residuals.reduce((s, r) => s + r, 0) / residuals.length, perImage: residuals });
}
