import { z } from 'zod';
import { AtelierError, paramIssues } from '@atelier/plugin-api';
import { maxPipelineSteps } from '../pipeline/spec.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { CheckpointStore, DatasetStore } from '../contracts/records.js';

export const trainingRequestSchema = z
  .object({
    /** Model family id, e.g. `gan.dcgan`. */
    family: z.string().min(1),
    dataset: z.string().min(1),
    /** Checkpoint name (default: `<family>-<dataset>`). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'names are 1–100 letters, digits, ".", "_" or "-"').optional(),
    epochs: z.number().int().min(1).max(10_000).optional(),
    maxSteps: z.number().int().min(1).max(10_000_000).optional(),
    hyperparameters: z.record(z.string(), z.unknown()).default({}),
    /** Extra training-only preprocessors, e.g. `augment.flip`, with optional params. */
    preprocess: z
      .array(z.object({ use: z.string().min(1), with: z.record(z.string(), z.unknown()).default({}) }))
      .max(maxPipelineSteps, `at most ${maxPipelineSteps} preprocessors`)
      .default([]),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    /** Continue from this checkpoint (id or name) of the same family. */
    resume: z.string().min(1).optional(),
    /**
     * Workers to train on (data parallel: each takes a shard of every batch). Default: every free
     * worker on WASM/CPU, one on tfjs-node; one for a family that cannot average gradients.
     */
    workers: z.number().int().min(1).max(64).optional(),
  })
  .strict();

/** A training request as callers write it (before defaults). */
export type TrainingRequest = z.input<typeof trainingRequestSchema>;

/** The training request as stored on the run: validated, defaults applied, hyper-parameters parsed. */
export type TrainingSpec = z.infer<typeof trainingRequestSchema> & { name: string; epochs: number };

/**
 * Checks a training request before anything is stored: every problem at once, each naming its
 * field (`hyperparameters.latentSize`, `dataset`, `preprocess[0].use`…).
 */
export function planTraining(raw: unknown, deps: { registry: PluginRegistry; datasets: DatasetStore; checkpoints: CheckpointStore }): TrainingSpec {
  const problems: { path: string; message: string; code: string }[] = [];
  const parsed = trainingRequestSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: issue.path.join('.'), message: issue.message, code: 'BAD_USER_INPUT' });
    throw trainingInvalid(problems);
  }
  const request = parsed.data;
  const family = deps.registry.family(request.family);
  if (!family) {
    const known = deps.registry.families().map((f) => f.id).join(', ') || 'none loaded';
    problems.push({ path: 'family', message: `no model family "${request.family}" (known: ${known})`, code: 'NOT_FOUND' });
  }
  const dataset = deps.datasets.get(request.dataset);
  if (!dataset) problems.push({ path: 'dataset', message: `no data set "${request.dataset}" (import it first)`, code: 'DATASET_NOT_FOUND' });
  let hyperparameters: Record<string, unknown> = request.hyperparameters;
  if (family) {
    const result = family.hyperparameters.safeParse(request.hyperparameters);
    if (result.success) hyperparameters = result.data as Record<string, unknown>;
    else for (const issue of paramIssues('hyperparameters', result.error)) problems.push({ ...issue, code: 'BAD_USER_INPUT' });
    if (family.needsLabels && dataset && dataset.labelNames.length < 2) {
      problems.push({ path: 'dataset', message: `${family.id} trains on labelled data; "${dataset.name}" has ${dataset.labelNames.length} labels`, code: 'BAD_USER_INPUT' });
    }
  }
  request.preprocess.forEach((step, i) => {
    if (!deps.registry.preprocessor(step.use)) problems.push({ path: `preprocess[${i}].use`, message: `no preprocessor "${step.use}"`, code: 'NOT_FOUND' });
  });
  if (request.resume) {
    const checkpoint = deps.checkpoints.find(request.resume);
    if (!checkpoint) problems.push({ path: 'resume', message: `no checkpoint "${request.resume}"`, code: 'CHECKPOINT_NOT_FOUND' });
    else if (checkpoint.family !== request.family) {
      problems.push({ path: 'resume', message: `checkpoint "${request.resume}" is a ${checkpoint.family}, not ${request.family}`, code: 'CHECKPOINT_INCOMPATIBLE' });
    }
  }
  if (problems.length > 0) throw trainingInvalid(problems);
  const epochs = request.epochs ?? (typeof hyperparameters.epochs === 'number' ? hyperparameters.epochs : 1);
  return { ...request, hyperparameters, epochs, name: request.name ?? `${request.family}-${request.dataset}` };
}

function trainingInvalid(problems: { path: string; message: string; code: string }[]): AtelierError {
  const first = problems[0];
  const code = problems.length === 1 && (first.code === 'DATASET_NOT_FOUND' || first.code === 'CHECKPOINT_NOT_FOUND') ? first.code : 'BAD_USER_INPUT';
  return new AtelierError(code, `Training request is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    path: first.path,
    problems,
  });
}
