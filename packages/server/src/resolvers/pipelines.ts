import { AtelierError, PipelineInvalidError } from '@atelier/core';
import type { PipelineValidation } from '../schema/types.js';
import type { Resolver } from './context.js';

const validatePipeline: Resolver = async (_root, args: { spec: unknown }, { atelier }): Promise<PipelineValidation> => {
  const { issues, steps } = await atelier.checkPipeline(args.spec);
  const withShapes = steps.map(({ step, use, shape }) => ({ step, use, shape: shape && { ...shape, countIsMaximum: shape.countIsMaximum ?? false } }));
  return { valid: issues.length === 0, issues, steps: withShapes };
};

const savePipeline: Resolver = async (_root, args: { name: string; spec: unknown }, { atelier, logger }) => {
  const name = args.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new AtelierError('BAD_USER_INPUT', 'A pipeline name is 1–200 characters', { path: 'name', limit: 200 });
  }
  const issues = await atelier.validatePipeline(args.spec);
  if (issues.length > 0) throw new PipelineInvalidError(issues);
  // Validation passed, so the spec is an object; the saved name becomes the name of its runs.
  const record = atelier.pipelines.save(name, { ...(args.spec as Record<string, unknown>), name });
  logger.info({ pipeline: name }, 'pipeline saved');
  return record;
};

const runPipeline: Resolver = async (_root, args: { name?: string | null; spec?: unknown; seed?: number | null }, { atelier, logger }) => {
  const hasName = args.name !== null && args.name !== undefined;
  const hasSpec = args.spec !== null && args.spec !== undefined;
  if (hasName === hasSpec) {
    throw new AtelierError('BAD_USER_INPUT', 'Give either the name of a saved pipeline or an inline spec', { path: hasName ? 'spec' : 'name' });
  }
  let spec = args.spec;
  if (hasName) {
    const saved = atelier.pipelines.get(args.name!);
    if (!saved) throw new AtelierError('NOT_FOUND', `No saved pipeline "${args.name}"`, { path: 'name', name: args.name });
    spec = saved.spec;
  }
  const run = await atelier.submitPipeline(spec, args.seed === null || args.seed === undefined ? {} : { seed: args.seed });
  logger.info({ runId: run.id, pipeline: run.name }, 'pipeline run queued');
  return run;
};

/** Mutations that check, save and queue pipelines. */
export const pipelineMutations = { validatePipeline, savePipeline, runPipeline };
