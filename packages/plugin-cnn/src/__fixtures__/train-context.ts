import {
  createRandom,
  deriveSeed,
  initEngine,
  shuffledIndices,
  silentLogger,
  tf,
  type CheckpointRecord,
  type CheckpointSave,
  type DataSpec,
  type ImageBatch,
  type LayersModel,
  type Tensor1D,
  type Tensor4D,
  type TrainContext,
  type TrainProgress,
} from '@atelier/core';

interface SavedCheckpoint {
  record: CheckpointRecord;
  artifacts: Record<string, tf.io.ModelArtifacts>;
  final: boolean;
}

/**
 * A TrainContext over in-memory tensors, standing in for core's until the test kit is used: seeded
 * batches, checkpoints serialised through tfjs's own format (so a load is a real round trip), and
 * the progress and previews it was given. The caller disposes `images` and `labels`.
 */
export async function memoryTrainContext<H>(options: {
  hyperparameters: H;
  family: string;
  spec: DataSpec;
  images: Tensor4D;
  labels: Tensor1D;
  labelNames: string[];
  epochs: number;
  maxSteps?: number;
  seed?: number;
}) {
  const seed = options.seed ?? 7;
  const size = options.images.shape[0];
  const controller = new AbortController();
  const saves: SavedCheckpoint[] = [];
  const progress: TrainProgress[] = [];
  const previews: string[] = [];
  const ctx: TrainContext<H> = {
    tf,
    engine: (await initEngine()).report(),
    hyperparameters: options.hyperparameters,
    seed,
    random: createRandom(seed),
    signal: controller.signal,
    logger: silentLogger,
    epochs: options.epochs,
    maxSteps: options.maxSteps,
    data: {
      size,
      labelNames: options.labelNames,
      spec: options.spec,
      *batches(epoch, batchSize) {
        const order = shuffledIndices(size, createRandom(deriveSeed(seed, `data-${epoch}`)));
        for (let start = 0; start < size; start += batchSize) {
          const at = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
          yield { images: tf.gather(options.images, at), labels: tf.gather(options.labels, at) };
          at.dispose();
        }
      },
      sample: (count) => ({ images: tf.slice(options.images, 0, count), labels: tf.slice(options.labels, 0, count) }),
    },
    progress: (update) => void progress.push(update),
    preview: async (name: string, batch: ImageBatch) => {
      previews.push(`${name}:${batch.images.shape.join('x')}`);
    },
    async saveCheckpoint(save: CheckpointSave) {
      const artifacts: Record<string, tf.io.ModelArtifacts> = {};
      for (const [name, model] of Object.entries(save.models)) {
        await model.save(tf.io.withSaveHandler(async (a) => ((artifacts[name] = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
      }
      const record: CheckpointRecord = {
        id: `ckpt-${saves.length}`,
        name: `${options.family}-test`,
        family: options.family,
        hyperparameters: options.hyperparameters,
        dataset: 'shapes',
        labelNames: options.labelNames,
        dataSpec: options.spec,
        preprocess: [],
        metrics: save.metrics,
        runId: null,
        epoch: save.epoch,
        step: save.step,
        state: save.state ?? {},
        models: Object.keys(save.models),
        path: '',
        createdAt: new Date().toISOString(),
      };
      saves.push({ record, artifacts, final: save.final ?? false });
      return record;
    },
  };
  /** Loads a saved checkpoint's models back from their serialised form. */
  const loadModels = async (saved: SavedCheckpoint): Promise<Record<string, LayersModel>> => {
    const models: Record<string, LayersModel> = {};
    for (const [name, artifacts] of Object.entries(saved.artifacts)) models[name] = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    return models;
  };
  return { ctx, controller, saves, progress, previews, loadModels };
}
