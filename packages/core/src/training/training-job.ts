import { canceledError, type CheckpointRecord, createRandom, deriveSeed, type ResumeState, setCurrentShard, shardTrainingData, type TrainContext, type TrainingData, type TrainProgress } from '@atelier/plugin-api';
import { makeGrid } from '../image/grid.js';
import { encodePng } from '../image/codec.js';
import { createAllReduce, type ParallelRank } from '../parallel/all-reduce.js';
import type { RunServices } from '../pipeline/execute.js';
import type { RunRecord } from '../contracts/records.js';
import { prepareTrainingData, trainingChain } from './training-data.js';
import type { TrainingSpec } from './training-request.js';

/** Loss history kept on the run: at most this many points, thinned evenly as training goes on. */
const maxLossPoints = 500;

/**
 * Runs a model family's training loop on a stored data set, saving checkpoints through core. As one
 * rank of a data-parallel run (`parallel`), it trains on its shard of every global batch and only
 * the leader (rank 0) reports progress, previews and checkpoints; the others compute the same
 * things (so every rank's state stays in step) and drop them.
 */
export async function executeTraining(
  run: RunRecord,
  spec: TrainingSpec,
  services: RunServices,
  signal: AbortSignal,
  parallel?: ParallelRank,
): Promise<Record<string, unknown>> {
  const { engine, registry, resources, reporter } = services;
  const tf = engine.tf;
  const family = registry.family(spec.family)!;
  const hyperparameters = family.hyperparameters.parse(spec.hyperparameters);
  const dataSpec = family.data(hyperparameters);
  const dataset = await resources.dataset(spec.dataset);
  const chain = trainingChain(dataSpec, spec.preprocess);
  // Resolved before the data is prepared, so a checkpoint that cannot be opened leaks no data tensors.
  let resume: ResumeState | undefined;
  if (spec.resume) {
    const record = await resources.checkpoint(spec.resume);
    resume = { checkpoint: record, models: await resources.loadModels(record), epoch: record.epoch, step: record.step, state: record.state };
  }
  const workers = parallel?.workers ?? 1;
  const leads = (parallel?.rank ?? 0) === 0;
  let data: TrainingData & { dispose(): void };
  try {
    data = await prepareTrainingData({ tf, registry, name: dataset.name, loaded: resources.loadImages(dataset), chain, spec: dataSpec, seed: deriveSeed(run.seed, 'data') });
  } catch (error) {
    for (const model of Object.values(resume?.models ?? {})) model.dispose();
    throw error;
  }

  const losses: (Record<string, number> & { step: number; epoch: number })[] = [];
  let stride = 1;
  let last: CheckpointRecord | null = null;
  const exchange = { ms: 0 };

  const ctx: TrainContext<unknown> = {
    tf,
    engine: engine.report(),
    hyperparameters,
    data: workers > 1 ? shardTrainingData(tf, data, parallel!.rank, workers) : data,
    seed: deriveSeed(run.seed, 'train'),
    random: createRandom(deriveSeed(run.seed, 'train-stream')),
    signal,
    logger: services.logger,
    epochs: spec.epochs,
    maxSteps: spec.maxSteps,
    resume,
    rank: parallel?.rank ?? 0,
    workers,
    allReduce: workers > 1 ? createAllReduce(tf, parallel!, signal, exchange) : async (tensors) => tensors,
    progress(update: TrainProgress) {
      if (!leads) return;
      if (update.step % stride === 0) {
        losses.push({ ...update.losses, step: update.step, epoch: update.epoch });
        if (losses.length > maxLossPoints) {
          stride *= 2;
          const kept = losses.filter((point) => point.step % stride === 0);
          losses.splice(0, losses.length, ...kept);
        }
      }
      reporter.training(update);
    },
    yieldStep: () => new Promise((resolve) => setImmediate(resolve)),
    async preview(name, batch, options) {
      if (!leads) return;
      const grid = makeGrid(tf, batch, { columns: options?.columns });
      try {
        const [, height, width] = grid.images.shape;
        await reporter.artifact({ stepId: null, kind: 'preview', name: `${name}.png`, mime: 'image/png', data: await encodePng(grid, 0), width, height });
      } finally {
        grid.images.dispose();
      }
    },
    async saveCheckpoint(save) {
      if (!leads) return null;
      last = await reporter.checkpoint({
        name: spec.name,
        family: spec.family,
        hyperparameters,
        dataset: dataset.name,
        labelNames: dataset.labelNames,
        dataSpec,
        preprocess: chain,
        metrics: save.metrics,
        epoch: save.epoch,
        step: save.step,
        state: save.state ?? {},
        models: save.models,
      });
      reporter.result({ checkpointId: last.id, checkpointName: last.name, metrics: save.metrics, epoch: save.epoch, step: save.step, losses });
      return last;
    },
  };

  try {
    const started = performance.now();
    const result = await family.train(ctx);
    const parallelReport = workers > 1 ? { exchangeShare: exchange.ms / (performance.now() - started) } : {};
    const outcome = { checkpointId: (last as CheckpointRecord | null)?.id ?? null, checkpointName: spec.name, metrics: result.metrics, losses, workers, ...parallelReport };
    if (leads) reporter.result(outcome);
    if (signal.aborted) throw canceledError('Training');
    return outcome;
  } finally {
    setCurrentShard(null);
    data.dispose();
  }
}
