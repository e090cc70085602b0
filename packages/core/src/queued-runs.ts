import { AtelierError, type PipelineIssue } from '@atelier/plugin-api';
import type { InputFileAccess } from './contracts/input-files.js';
import type { PipelineSpec } from './pipeline/spec.js';
import type { SweepVariant } from './pipeline/sweep.js';
import type { PlannedStep } from './pipeline/validate.js';

/** A queued pipeline run's row: the spec after defaults with its seed, and one pending row per step. */
export function pipelineRun(spec: PipelineSpec, seed: number) {
  return {
    kind: 'pipeline' as const,
    name: spec.name ?? null,
    spec: { ...spec, seed },
    seed,
    steps: spec.steps.map((step) => ({ stepId: step.id, use: step.use })),
  };
}

/** A swept value as a message shows it: a large one would repeat in the issue of every run. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Every problem of a batch's runs, each said once, naming the first run (and its swept values) that has it. */
export function batchIssues(checked: { variant: SweepVariant; issues: PipelineIssue[] }[]): PipelineIssue[] {
  const seen = new Map<string, PipelineIssue>();
  checked.forEach(({ variant, issues }, index) => {
    const swept = Object.entries({ ...(variant.seed === undefined ? {} : { seed: variant.seed }), ...variant.values })
      .map(([key, value]) => `${key}=${shortJson(value)}`)
      .join(', ');
    for (const issue of issues) {
      const key = `${issue.step}\0${issue.path}\0${issue.code}\0${issue.message}`;
      if (!seen.has(key)) seen.set(key, { ...issue, message: `run ${index + 1} of the batch${swept ? ` (${swept})` : ''}: ${issue.message}` });
    }
  });
  return [...seen.values()];
}

/**
 * Files a spec names (`with.paths`) must lie inside the input roots: refused before anything is
 * recorded (the worker checks again when it reads them).
 */
export async function inputPathIssues(inputFiles: InputFileAccess, steps: PlannedStep[]): Promise<PipelineIssue[]> {
  const issues = new Map<string, PipelineIssue>();
  for (const planned of steps) {
    const paths = planned.params.paths;
    if (!Array.isArray(paths)) continue;
    for (const [i, file] of paths.entries()) {
      const path = `with.paths.${i}`;
      const key = `${planned.step.id}:${path}:${file}`;
      if (issues.has(key)) continue;
      await inputFiles.resolve(String(file), `paths.${i}`, 'file').then(
        () => undefined,
        (error: AtelierError) => issues.set(key, { step: planned.step.id, path, code: error.code, message: error.message }),
      );
    }
  }
  return [...issues.values()];
}
