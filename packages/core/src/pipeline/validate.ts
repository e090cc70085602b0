import type { z } from 'zod';
import { checkpointMismatch, paramIssues, type CheckpointRequirement, type Editor, type ImageShape, type Limits, type PipelineIssue, type Preprocessor } from '@atelier/plugin-api';
import type { PluginRegistry } from '../plugins/registry.js';
import type { CheckpointStore, DatasetStore } from '../contracts/records.js';
import { checkInputShapes, checkShapeLimits, declaredShape, type StepShape } from './step-shapes.js';
import { assertSpecBytes } from './spec-bytes.js';
import { pipelineSpecSchema, type PipelineSpec, type PipelineStep } from './spec.js';

export interface ValidationDeps {
  registry: PluginRegistry;
  checkpoints: CheckpointStore;
  datasets: DatasetStore;
  /** Declared output shapes are refused past these, before anything runs. */
  limits: Limits;
  /** A spec past this many bytes of JSON is refused before it is parsed (`limits.maxSpecBytes`). */
  maxSpecBytes: number;
}

/** A step after validation: its component, parsed parameters (defaults applied) and input steps. */
export interface PlannedStep {
  step: PipelineStep;
  component: Editor<any> | Preprocessor<any>;
  params: Record<string, unknown>;
  from: string[];
}

export interface ValidationResult {
  issues: PipelineIssue[];
  /** Each step's declared output shape, in spec order; null for a step too broken to declare one. */
  steps: StepShape[];
  /** Present only when there are no issues. */
  plan?: { spec: PipelineSpec; steps: PlannedStep[] };
}

/**
 * Checks a whole spec before any compute and reports every problem at once (ComfyUI-style), each
 * with its step id, field path and a code: shape, unknown components, parameters, `from` links,
 * checkpoints (existence, family, capability), data sets, and the output shape each component
 * declares, propagated through `from` and checked against the limits. A spec past `maxSpecBytes`
 * is refused (LIMIT_EXCEEDED) rather than checked.
 */
export function validatePipeline(raw: unknown, deps: ValidationDeps): ValidationResult {
  const parsed = parsePipelineSpec(raw, deps.maxSpecBytes);
  if ('issues' in parsed) return { issues: parsed.issues, steps: [] };
  const { spec } = parsed;
  const issues: PipelineIssue[] = [];
  const planned: PlannedStep[] = [];
  const position = new Map<string, number>();
  const shapes = new Map<string, ImageShape>();
  const shapeContext = { checkpoint: (ref: string) => deps.checkpoints.find(ref), dataset: (name: string) => deps.datasets.get(name) };
  const tally = { saved: 0, refused: new Set<string>() };

  spec.steps.forEach((step, index) => {
    const add = (path: string, code: string, message: string) => issues.push({ step: step.id, path, code, message });
    if (position.has(step.id)) add('id', 'DUPLICATE_STEP', `step id "${step.id}" is used twice`);
    else position.set(step.id, index);

    const component = deps.registry.editor(step.use) ?? deps.registry.preprocessor(step.use);
    if (!component) {
      const family = deps.registry.family(step.use);
      const hint = family ? ' (a model family is trained, not used as a step)' : '';
      add('use', 'UNKNOWN_COMPONENT', `no editor or preprocessor "${step.use}"${hint}`);
    }
    const inputs = component ? (component.kind === 'editor' ? component.inputs : 1) : null;
    const maxInputs = component?.kind === 'editor' ? Math.max(component.maxInputs ?? 0, component.inputs) : inputs;
    const from = step.from ?? (inputs === 0 || index === 0 ? [] : [spec.steps[index - 1].id]);
    from.forEach((ref, i) => {
      const at = position.get(ref);
      if (ref === step.id) add(`from[${i}]`, 'INVALID_FROM', `step cannot take its own output`);
      else if (at === undefined) {
        const later = spec.steps.some((s, j) => j > index && s.id === ref);
        add(`from[${i}]`, later ? 'LATER_STEP' : 'UNKNOWN_STEP', later ? `"${ref}" runs after this step` : `no step "${ref}"`);
      }
    });
    if (inputs !== null && maxInputs !== null && (from.length < inputs || from.length > maxInputs)) {
      const code = from.length < inputs ? 'MISSING_INPUT' : 'TOO_MANY_INPUTS';
      const takes = maxInputs > inputs ? `${inputs} to ${maxInputs}` : `${inputs}`;
      add('from', code, `${step.use} takes ${takes} input batch${maxInputs === 1 ? '' : 'es'}, got ${from.length}`);
    }
    if (!component) return;

    const result = component.params.safeParse(step.with);
    if (!result.success) {
      for (const issue of paramIssues('with', result.error)) add(issue.path, 'INVALID_PARAM', issue.message);
      return;
    }
    const params = result.data as Record<string, unknown>;
    if (component.kind === 'editor' && component.checkpoint) checkCheckpoint(component, component.checkpoint, params, deps, add);
    if (typeof params.dataset === 'string' && !deps.datasets.get(params.dataset)) {
      add('with.dataset', 'DATASET_NOT_FOUND', `no data set "${params.dataset}" (import it first)`);
    }
    checkInputShapes(component, step.use, from, shapes, add);
    const output = declaredShape(component, shapeContext, from.map((ref) => shapes.get(ref)), params);
    shapes.set(step.id, output.shape);
    checkShapeLimits(output, { ...step, from }, tally, deps.limits, add);
    planned.push({ step, component, params, from });
  });

  const steps = spec.steps.map((step) => ({ step: step.id, use: step.use, shape: shapes.get(step.id) ?? null }));
  return issues.length > 0 ? { issues, steps } : { issues, steps, plan: { spec, steps: planned } };
}

function checkCheckpoint(
  editor: Editor,
  requirement: CheckpointRequirement,
  params: Record<string, unknown>,
  deps: ValidationDeps,
  add: (path: string, code: string, message: string) => void,
): void {
  const field = requirement.field ?? 'checkpoint';
  const path = `with.${field}`;
  const ref = params[field];
  if (typeof ref !== 'string') {
    add(path, 'MISSING_CHECKPOINT', `${editor.id} needs a checkpoint id or name`);
    return;
  }
  const record = deps.checkpoints.find(ref);
  if (!record) {
    add(path, 'CHECKPOINT_NOT_FOUND', `no checkpoint "${ref}"`);
    return;
  }
  const capabilities = deps.registry.family(record.family)?.capabilities;
  const mismatch = checkpointMismatch({ ref, family: record.family, capabilities, component: editor.id }, requirement);
  if (mismatch) add(path, 'CHECKPOINT_INCOMPATIBLE', mismatch);
}

/**
 * The spec's size and shape alone, needing no registry or stores: what a batch checks of its base
 * spec before cloning it once per run. Every list in the schema is bounded, so the issues are too.
 */
export function parsePipelineSpec(raw: unknown, maxSpecBytes: number): { spec: PipelineSpec } | { issues: PipelineIssue[] } {
  assertSpecBytes(raw, maxSpecBytes, 'spec');
  const parsed = pipelineSpecSchema.safeParse(raw);
  return parsed.success ? { spec: parsed.data } : { issues: shapeIssues(raw, parsed.error) };
}

/** Maps zod's errors on the spec's shape to step ids where the step is identifiable. */
function shapeIssues(raw: unknown, error: z.ZodError): PipelineIssue[] {
  const steps = (raw as { steps?: unknown })?.steps;
  return error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === 'steps' && typeof index === 'number') {
      const id = Array.isArray(steps) ? (steps[index] as { id?: unknown })?.id : undefined;
      return {
        step: typeof id === 'string' ? id : `#${index}`,
        path: rest.map(String).join('.'),
        code: 'INVALID_SPEC',
        message: issue.message,
      };
    }
    return { step: null, path: issue.path.map(String).join('.'), code: 'INVALID_SPEC', message: issue.message };
  });
}
