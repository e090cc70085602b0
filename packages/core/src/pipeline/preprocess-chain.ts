import { AtelierError, type ImageBatch, type PreprocessContext, type Preprocessor, type PreprocessStep } from '@atelier/plugin-api';
import type { PluginRegistry } from '../plugins/registry.js';

interface ChainOptions {
  /** Outside training, random augmentations are skipped. */
  training: boolean;
}

/**
 * Runs a recorded preprocessing chain, so a checkpoint sees pipeline images exactly as its training
 * data was prepared. The input batch is left to its owner; every intermediate batch is disposed here.
 */
export async function applyPreprocessChain(
  registry: PluginRegistry,
  chain: PreprocessStep[],
  batch: ImageBatch,
  ctx: PreprocessContext,
  options: ChainOptions,
): Promise<ImageBatch> {
  let current = batch;
  for (const { preprocessor, params } of resolveChain(registry, chain, options)) {
    current = replace(batch, current, await preprocessor.apply(ctx, current, params));
  }
  return current;
}

/** The same for the training loop's per-batch steps, which must be plain tensor ops (no awaits). */
export function applyPreprocessChainSync(
  registry: PluginRegistry,
  chain: PreprocessStep[],
  batch: ImageBatch,
  ctx: PreprocessContext,
  options: ChainOptions,
): ImageBatch {
  let current = batch;
  for (const { preprocessor, params } of resolveChain(registry, chain, options)) {
    const next = preprocessor.apply(ctx, current, params);
    if (next instanceof Promise) {
      throw new AtelierError('PLUGIN_INVALID', `Preprocessor "${preprocessor.id}" is asynchronous; per-batch training steps must be synchronous`, {
        id: preprocessor.id,
      });
    }
    current = replace(batch, current, next);
  }
  return current;
}

function replace(original: ImageBatch, current: ImageBatch, next: ImageBatch): ImageBatch {
  if (current !== original && next.images !== current.images) current.images.dispose();
  return next;
}

function resolveChain(registry: PluginRegistry, chain: PreprocessStep[], options: ChainOptions): { preprocessor: Preprocessor<any>; params: unknown }[] {
  return chain.flatMap((step) => {
    const preprocessor = registry.preprocessor(step.use);
    if (!preprocessor) {
      throw new AtelierError('PLUGIN_INVALID', `Preprocessor "${step.use}" of the chain is not loaded`, { path: 'preprocess', id: step.use });
    }
    if (preprocessor.trainingOnly && !options.training) return [];
    const parsed = preprocessor.params.safeParse(step.with ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AtelierError('BAD_USER_INPUT', `${step.use}: ${issue.path.join('.')}: ${issue.message}`, {
        path: ['preprocess', step.use, ...issue.path.map(String)].join('.'),
      });
    }
    return [{ preprocessor, params: parsed.data }];
  });
}
