import { AtelierError, canceledError, wrapError } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import { encodePng } from '../image/codec.js';
import type { ImageBatch } from '../image/image-batch.js';
import type { RunEvents } from '../jobs/run-events.js';
import type { Logger } from '../logger.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { EditorContext, Limits, PreprocessContext } from '../plugins/types.js';
import type { ArtifactStore, CheckpointStore, DatasetStore, RunRecord, RunStore } from '../store/records.js';
import { CheckpointCache } from './checkpoint-cache.js';
import { datasetToBatch } from './dataset-batch.js';
import { checkpointOpener } from './open-checkpoint.js';
import { applyPreprocessChain } from './preprocess-chain.js';
import { createRandom, deriveSeed } from './random.js';
import type { PlannedStep } from './validate.js';

export interface PipelineServices {
  engine: Engine;
  registry: PluginRegistry;
  runs: RunStore;
  artifacts: ArtifactStore;
  checkpoints: CheckpointStore;
  datasets: DatasetStore;
  events: RunEvents;
  limits: Limits;
  logger: Logger;
}

/**
 * Runs a validated pipeline step by step. Each step's output is kept until the last step that reads
 * it has run; every step's images are stored as artifacts unless it says `save: false`.
 */
export async function executePipeline(run: RunRecord, steps: PlannedStep[], services: PipelineServices, signal: AbortSignal): Promise<Record<string, unknown>> {
  const { engine, runs, events } = services;
  const tf = engine.tf;
  const lastReader = new Map<string, number>();
  steps.forEach((planned, index) => planned.from.forEach((id) => lastReader.set(id, index)));
  const outputs = new Map<string, ImageBatch>();
  const cache = new CheckpointCache({ tf, registry: services.registry, checkpoints: services.checkpoints });
  let saved = 0;

  const release = (id: string) => {
    const batch = outputs.get(id);
    outputs.delete(id);
    // An editor may pass a tensor through unchanged; free it only when no kept output shares it.
    if (batch && ![...outputs.values()].some((other) => other.images === batch.images)) batch.images.dispose();
  };

  try {
    for (const [index, planned] of steps.entries()) {
      const stepId = planned.step.id;
      if (signal.aborted) {
        skipRemaining(runs, run.id, steps.slice(index), 'canceled');
        throw canceledError();
      }
      runs.startStep(run.id, stepId);
      events.emit({ type: 'step', runId: run.id, stepId, status: 'running' });
      const records: Record<string, unknown> = {};
      try {
        const output = await applyStep(planned, run, outputs, records, cache, services, signal);
        checkOutputOrFree(output, planned, outputs, services.limits);
        outputs.set(stepId, output);
        if (planned.step.save) saved += await saveImages(output, run.id, stepId, services, saved);
        runs.finishStep(run.id, stepId, { status: 'succeeded', records, imageMeta: output.meta });
        events.emit({ type: 'step', runId: run.id, stepId, status: 'succeeded' });
      } catch (error) {
        const failure = signal.aborted ? canceledError() : wrapError(error, 'PLUGIN_FAILED', `Step "${stepId}" (${planned.step.use}) failed`, { step: stepId });
        if (!failure.details.step) failure.details.step = stepId;
        failure.details.component ??= planned.step.use;
        const status = failure.code === 'CANCELED' ? 'canceled' : 'failed';
        runs.finishStep(run.id, stepId, { status, error: failure.toJSON(), records });
        events.emit({ type: 'step', runId: run.id, stepId, status });
        skipRemaining(runs, run.id, steps.slice(index + 1), 'skipped');
        throw failure;
      }
      for (const id of new Set(planned.from)) if (lastReader.get(id) === index) release(id);
      if (!lastReader.has(stepId)) release(stepId);
    }
  } finally {
    for (const id of [...outputs.keys()]) release(id);
    await cache.dispose();
  }
  return { steps: steps.length, images: saved };
}

async function applyStep(
  planned: PlannedStep,
  run: RunRecord,
  outputs: Map<string, ImageBatch>,
  records: Record<string, unknown>,
  cache: CheckpointCache,
  services: PipelineServices,
  signal: AbortSignal,
): Promise<ImageBatch> {
  const { engine, registry, datasets, events, limits, logger } = services;
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
    progress: (progress) => events.emit({ type: 'step', runId: run.id, stepId, status: 'running', progress }),
    checkpoint: (ref, requirement) => cache.get(ref, requirement, preprocessContext),
    open: checkpointOpener(stepId, (ref, requirement) => cache.get(ref, requirement, preprocessContext)),
    dataset: async (name, options = {}) => datasetToBatch(tf, name, datasets.load(name, options)),
    preprocess: async (id, batch, params = {}) =>
      applyPreprocessChain(registry, [{ use: id, with: params }], batch, preprocessContext, { training: false }),
    record: (key, value) => {
      records[key] = value;
    },
  };
  return planned.component.apply(ctx, inputs, planned.params);
}

/** A step's output that fails the checks is freed here (unless it is an input), so nothing leaks. */
function checkOutputOrFree(output: ImageBatch, planned: PlannedStep, outputs: Map<string, ImageBatch>, limits: Limits): void {
  try {
    checkOutput(output, planned.step.id, planned.step.use, limits);
  } catch (error) {
    const images = output?.images as { dispose?: () => void } | undefined;
    if (typeof images?.dispose === 'function' && ![...outputs.values()].some((kept) => kept.images === images)) images.dispose();
    throw error;
  }
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
  if (width > limits.maxImageSide || height > limits.maxImageSide || width * height > limits.maxImagePixels) {
    throw new AtelierError(
      'LIMIT_EXCEEDED',
      `Step "${stepId}" produced ${width}×${height} images; the limits are ${limits.maxImageSide} px a side and ${limits.maxImagePixels} pixels`,
      { step: stepId, limit: width > limits.maxImageSide || height > limits.maxImageSide ? limits.maxImageSide : limits.maxImagePixels },
    );
  }
  if (shape[0] > limits.maxImagesPerStep) {
    throw new AtelierError('LIMIT_EXCEEDED', `Step "${stepId}" produced ${shape[0]} images; the limit is ${limits.maxImagesPerStep}`, {
      step: stepId,
      limit: limits.maxImagesPerStep,
    });
  }
}

async function saveImages(batch: ImageBatch, runId: string, stepId: string, services: PipelineServices, alreadySaved: number): Promise<number> {
  const [count, height, width] = batch.images.shape;
  const { maxImagesPerRun } = services.limits;
  if (alreadySaved + count > maxImagesPerRun) {
    throw new AtelierError('LIMIT_EXCEEDED', `Step "${stepId}" would store ${alreadySaved + count} images in this run; the limit is ${maxImagesPerRun}`, {
      step: stepId,
      limit: maxImagesPerRun,
    });
  }
  for (let index = 0; index < count; index++) {
    const data = await encodePng(batch, index);
    const artifact = services.artifacts.write({
      runId,
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
    services.events.emit({ type: 'artifact', runId, artifact });
  }
  return count;
}

function skipRemaining(runs: RunStore, runId: string, steps: PlannedStep[], status: 'skipped' | 'canceled'): void {
  for (const planned of steps) runs.finishStep(runId, planned.step.id, { status });
}
