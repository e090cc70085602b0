import type { PipelineValidation } from '../schema/types.js';
import type { Resolver } from './context.js';
import { pipelineSpecOf } from './lookups.js';

const validatePipeline: Resolver = async (_root, args: { spec: unknown }, { atelier }): Promise<PipelineValidation> => {
  const { issues, steps } = await atelier.checkPipeline(args.spec);
  const withShapes = steps.map(({ step, use, shape }) => ({ step, use, shape: shape && { ...shape, countIsMaximum: shape.countIsMaximum ?? false } }));
  return { valid: issues.length === 0, issues, steps: withShapes };
};

const savePipeline: Resolver = async (_root, args: { name: string; spec: unknown }, { atelier, logger }) => {
  const record = await atelier.savePipeline(args.name, args.spec);
  logger.info({ pipeline: record.name }, 'pipeline saved');
  return record;
};

const runPipeline: Resolver = async (_root, args: { name?: string | null; spec?: unknown; seed?: number | null }, { atelier, logger, admitRun }) => {
  const spec = pipelineSpecOf(atelier, args);
  admitRun();
  const run = await atelier.submitPipeline(spec, args.seed === null || args.seed === undefined ? {} : { seed: args.seed });
  logger.info({ runId: run.id, pipeline: run.name }, 'pipeline run queued');
  return run;
};

/** Mutations that check, save and queue pipelines. */
export const pipelineMutations = { validatePipeline, savePipeline, runPipeline };
