import { AtelierError, canceledError, checkImageSize, checkpointOpener, createRandom, deriveSeed, type EditorContext, type ImageBatch, type Limits, type Logger, type PreprocessContext, wrapError } from '@atelier/plugin-api';
import type { Engine } from '../engine/engine.js';
import { encodePng } from '../image/codec.js';
import type { InputFileAccess } from '../contracts/input-files.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { RunRecord } from '../contracts/records.js';
import type { RunReporter, RunResources, StepCachePort } from '../contracts/run-ports.js';
import { loadCachedOutput, planCacheUse, storeStepOutput, type ExecutableStep } from './cached-steps.js';
import type { CheckpointCache } from './checkpoint-cache.js';
import { datasetToBatch } from './dataset-batch.js';
import { applyPreprocessChain } from './preprocess-chain.js';
import { runProvenance, withProvenance, type ImageProvenance } from './provenance.js';

/** What a run needs where it executes (a worker process): the engine, plugins and the run's ports. */
export interface RunServices {
  engine: Engine;
  registry: PluginRegistry;
  limits: Limits;
  inputs: InputFileAccess;
  logger: Logger;
  reporter: RunReporter;
  resources: RunResources;
  /** Opened checkpoints, kept warm across the runs of one worker. */
  checkpoints: CheckpointCache;
  /** Step outputs kept between runs; absent: every step is computed and nothing is stored. */
  stepCache?: StepCachePort;
}

/**
 * Runs a validated pipeline step by step. Each step's output is kept until the last step that reads
 * it has run; every step's images are stored as artifacts unless it says `save: false`, each PNG
 * carrying the run's provenance. A step the step cache holds is `cached`: its stored output is read
 * (only when something needs it) instead of computed.
 */
export async function executePipeline(run: RunRecord, steps: ExecutableStep[], services: RunServices, signal: AbortSignal): Promise<Record<string, unknown>> {
  const { reporter } = services;
  const cache = planCacheUse(steps, services.stepCache);
  const checkpointIds = Object.fromEntries(steps.filter((s) => s.checkpointId).map((s) => [s.step.id, s.checkpointId!]));
  const lastReader = new Map<string, number>();
  steps.forEach((planned, index) => planned.from.forEach((id) => lastReader.set(id, index)));
  const outputs = new Map<string, ImageBatch>();
  let saved = 0;

  // An editor may pass a tensor through unchanged; free a batch only when no kept output shares it.
  const disposeUnshared = (batch: ImageBatch | undefined) => {
    if (batch && ![...outputs.values()].some((other) => other.images === batch.images)) batch.images.dispose();
  };
  const release = (id: string) => {
    const batch = outputs.get(id);
    outputs.delete(id);
    disposeUnshared(batch);
  };

  try {
    for (const [index, planned] of steps.entries()) {
      const stepId = planned.step.id;
      if (signal.aborted) {
        skipRemaining(reporter, steps.slice(index), 'canceled');
        throw canceledError();
      }
      reporter.stepStarted(stepId);
      const records: Record<string, unknown> = {};
      const hit = cache.hits.get(stepId);
      try {
        const provenance = runProvenance(run, stepId, checkpointIds, services.engine.report().backend);
        if (hit) {
          if (cache.load.has(stepId)) {
            const output = loadCachedOutput(services.engine.tf, hit, services.stepCache!);
            outputs.set(stepId, output);
            if (planned.step.save) saved += await saveImages(output, provenance, services, saved);
          }
          reporter.stepFinished(stepId, { status: 'cached', records: hit.records, imageMeta: hit.imageMeta });
        } else {
          const output = await applyStep(planned, run, outputs, records, services, signal);
          try {
            checkOutput(output, stepId, planned.step.use, services.limits);
          } catch (error) {
            disposeUnshared(output);
            throw error;
          }
          outputs.set(stepId, output);
          if (planned.step.save) saved += await saveImages(output, provenance, services, saved);
          await storeStepOutput(planned, output, records, services.stepCache);
          reporter.stepFinished(stepId, { status: 'succeeded', records, imageMeta: output.meta });
        }
      } catch (error) {
        const failure = signal.aborted ? canceledError() : wrapError(error, 'PLUGIN_FAILED', `Step "${stepId}" (${planned.step.use}) failed`, { step: stepId });
        if (!failure.details.step) failure.details.step = stepId;
        failure.details.component ??= planned.step.use;
        const status = failure.code === 'CANCELED' ? 'canceled' : 'failed';
        reporter.stepFinished(stepId, { status, error: failure.toJSON(), records });
        skipRemaining(reporter, steps.slice(index + 1), 'skipped');
        throw failure;
      }
      for (const id of new Set(planned.from)) if (lastReader.get(id) === index) release(id);
      if (!lastReader.has(stepId)) release(stepId);
    }
  } finally {
    for (const id of [...outputs.keys()]) release(id);
    services.checkpoints.release();
  }
  return { steps: steps.length, images: saved };
}

async function applyStep(
  planned: ExecutableStep,
  run: RunRecord,
  outputs: Map<string, ImageBatch>,
  records: Record<string, unknown>,
  services: RunServices,
  signal: AbortSignal,
): Promise<ImageBatch> {
  const { engine, registry, resources, reporter, limits, logger } = services;
  const tf = engine.tf;
  const stepId = planned.step.id;
  const seed = deriveSeed(run.seed, stepId);
  const random = createRandom(seed);
  const preprocessContext: PreprocessContext = { tf, random };
  const inputs = planned.from.map((id) => outputs.get(id)!);
  if (planned.component.kind === 'preprocessor') {
    return planned.component.apply(preprocessContext, inputs[0], planned.params);
  }
  const ctx: EditorContext = {
    tf,
    engine: engine.report(),
    stepId,
    seed,
    random,
    signal,
    limits,
    logger,
    progress: (progress) => reporter.stepProgress(stepId, progress),
    readInput: (file, field) => services.inputs.read(file, field),
    artifact: (id) => resources.artifact(id),
    dataset: async (name, options = {}) => datasetToBatch(tf, name, resources.loadImages(await resources.dataset(name), options)),
    open: checkpointOpener({ step: stepId, component: planned.step.use }, planned.component.checkpoint, (ref, requirement, use) =>
      services.checkpoints.get(ref, requirement, use, preprocessContext),
    ),
    preprocess: async (id, batch, params = {}) =>
      applyPreprocessChain(registry, [{ use: id, with: params }], batch, preprocessContext, { training: false }),
    record: (key, value) => {
      records[key] = value;
    },
  };
  return planned.component.apply(ctx, inputs, planned.params);
}

function checkOutput(output: ImageBatch, stepId: string, component: string, limits: Limits): void {
  const shape = output?.images?.shape;
  if (!shape || shape.length !== 4 || (shape[3] !== 1 && shape[3] !== 3) || !Array.isArray(output.meta) || output.meta.length !== shape[0]) {
    throw new AtelierError(
      'PLUGIN_FAILED',
      `Step "${stepId}": ${component} returned no valid image batch (images ${JSON.stringify(shape)}, ${Array.isArray(output?.meta) ? output.meta.length : 'no'} meta entries; expected [n, h, w, 1 or 3] with n meta entries)`,
      { step: stepId, component },
    );
  }
  if ((output.range ?? 'unit') !== 'unit') {
    throw new AtelierError('PLUGIN_FAILED', `Step "${stepId}": ${component} returned ${output.range}-range pixels; steps exchange [0, 1] images`, {
      step: stepId,
      component,
    });
  }
  const [, height, width] = shape;
  checkImageSize(limits, width, height, `Step "${stepId}" produced images of`, { step: stepId });
  if (shape[0] > limits.maxImagesPerStep) {
    throw new AtelierError('LIMIT_EXCEEDED', `Step "${stepId}" produced ${shape[0]} images; the limit is ${limits.maxImagesPerStep}`, {
      step: stepId,
      limit: limits.maxImagesPerStep,
    });
  }
}

async function saveImages(batch: ImageBatch, provenance: ImageProvenance, services: RunServices, alreadySaved: number): Promise<number> {
  const stepId = provenance.step;
  const [count, height, width] = batch.images.shape;
  const { maxImagesPerRun } = services.limits;
  if (alreadySaved + count > maxImagesPerRun) {
    throw new AtelierError('LIMIT_EXCEEDED', `Step "${stepId}" would store ${alreadySaved + count} images in this run; the limit is ${maxImagesPerRun}`, {
      step: stepId,
      limit: maxImagesPerRun,
    });
  }
  for (let index = 0; index < count; index++) {
    const data = withProvenance(await encodePng(batch, index), provenance);
    await services.reporter.artifact({
      stepId,
      kind: 'image',
      name: `${stepId}-${index}.png`,
      mime: 'image/png',
      data,
      width,
      height,
      index,
      meta: batch.meta[index],
    });
  }
  return count;
}

function skipRemaining(reporter: RunReporter, steps: ExecutableStep[], status: 'skipped' | 'canceled'): void {
  for (const planned of steps) reporter.stepFinished(planned.step.id, { status });
}
