import { createRandom, type DataSpec, deriveSeed, type ImageBatch, type PreprocessStep, shuffledIndices, type Tensor1D, type Tensor4D, type tf as TF, type TrainingBatch, type TrainingData } from '@atelier/plugin-api';
import { datasetToBatch } from '../pipeline/dataset-batch.js';
import { applyPreprocessChain, applyPreprocessChainSync } from '../pipeline/preprocess-chain.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { LoadedImages } from '../contracts/records.js';

/** Preprocessing every checkpoint of a family records: fit the data set to the family's `DataSpec`. */
export function trainingChain(spec: DataSpec, augmentations: PreprocessStep[]): PreprocessStep[] {
  // Size and channels are always recorded, whatever the data set had, so images of any shape that
  // later pass through the checkpoint are brought to the model's.
  const chain: PreprocessStep[] = [
    { use: 'image.resize', with: { width: spec.width, height: spec.height, fit: 'cover' } },
    spec.channels === 1 ? { use: 'image.grayscale', with: {} } : { use: 'image.rgb', with: {} },
    ...augmentations,
  ];
  if (spec.range === 'symmetric') chain.push({ use: 'image.normalize', with: { range: 'symmetric' } });
  return chain;
}

const prepareChunk = 256;

/**
 * Holds the data set in memory after the deterministic part of the chain, and applies the rest
 * (random augmentations, normalisation) per batch with seeds derived from the run's seed.
 */
export async function prepareTrainingData(input: {
  tf: typeof TF;
  registry: PluginRegistry;
  name: string;
  loaded: LoadedImages;
  chain: PreprocessStep[];
  spec: DataSpec;
  seed: number;
}): Promise<TrainingData & { dispose(): void }> {
  const { tf, registry, loaded, chain, spec, seed } = input;
  const firstRandom = chain.findIndex((step) => registry.preprocessor(step.use)?.trainingOnly);
  const fixed = firstRandom < 0 ? chain : chain.slice(0, firstRandom);
  const perBatch = firstRandom < 0 ? [] : chain.slice(firstRandom);
  const fixedContext = { tf, random: createRandom(deriveSeed(seed, 'prepare')) };

  const parts: Tensor4D[] = [];
  const pixelsPerImage = loaded.width * loaded.height * loaded.channels;
  for (let start = 0; start < loaded.count; start += prepareChunk) {
    const count = Math.min(prepareChunk, loaded.count - start);
    const slice: LoadedImages = {
      ...loaded,
      count,
      pixels: loaded.pixels.subarray(start * pixelsPerImage, (start + count) * pixelsPerImage),
      labels: loaded.labels.subarray(start, start + count),
    };
    const raw = datasetToBatch(tf, input.name, slice);
    const prepared = await applyPreprocessChain(registry, fixed, raw, fixedContext, { training: true });
    if (prepared.images !== raw.images) raw.images.dispose();
    parts.push(prepared.images);
  }
  const images = parts.length === 1 ? parts[0] : (tf.concat(parts, 0) as Tensor4D);
  if (parts.length > 1) parts.forEach((part) => part.dispose());
  const labels = tf.tensor1d(Array.from(loaded.labels), 'float32') as Tensor1D;
  const fixedRange = fixed.some((step) => step.use === 'image.normalize') ? spec.range : 'unit';

  const finish = (batchImages: Tensor4D, batchSeed: number, training: boolean): Tensor4D => {
    const batch: ImageBatch = { images: batchImages, meta: new Array(batchImages.shape[0]).fill({}), range: fixedRange };
    const out = applyPreprocessChainSync(registry, perBatch, batch, { tf, random: createRandom(batchSeed) }, { training });
    if (out.images !== batchImages) batchImages.dispose();
    return out.images;
  };

  const select = (indices: Int32Array): { images: Tensor4D; labels: Tensor1D } =>
    tf.tidy(() => {
      const at = tf.tensor1d(indices, 'int32');
      return { images: tf.gather(images, at) as Tensor4D, labels: tf.gather(labels, at) as Tensor1D };
    });

  return {
    size: loaded.count,
    labelNames: loaded.labelNames,
    spec,
    *batches(epoch: number, batchSize: number): Iterable<TrainingBatch> {
      const order = shuffledIndices(loaded.count, createRandom(deriveSeed(seed, `epoch-${epoch}`)));
      for (let start = 0, b = 0; start < order.length; start += batchSize, b++) {
        const picked = select(order.subarray(start, start + batchSize));
        yield { images: finish(picked.images, deriveSeed(seed, `epoch-${epoch}-batch-${b}`), true), labels: picked.labels };
      }
    },
    sample(count: number): TrainingBatch {
      const n = Math.min(count, loaded.count);
      const picked = select(Int32Array.from({ length: n }, (_, i) => i));
      return { images: finish(picked.images, deriveSeed(seed, 'sample'), false), labels: picked.labels };
    },
    dispose() {
      images.dispose();
      labels.dispose();
    },
  };
}
