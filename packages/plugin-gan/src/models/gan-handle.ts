import { AtelierError, type CheckpointRecord, type ImageBatch, type ImageMeta, type LayersModel, type ModelHandle, resolveLabel, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';
import type { GanHyperparameters } from './hyperparameters.js';
import { generateUnit } from './forward.js';
import { invertImages, type Inversion } from './invert.js';
import { labelVector } from './labels.js';
import { arithmetic, imageSeed, interpolateLatents, latentFromSeed, type Latent } from './latents.js';

export interface GenerateRequest {
  count: number;
  seed: number;
  /** Class per image, cycled when shorter than `count`; conditional models cycle all classes by default. */
  labels?: (number | string)[];
  truncation?: number;
}

export interface InterpolateRequest {
  /** A seed (its latent) or a latent vector. */
  from: number | Latent;
  to: number | Latent;
  frames: number;
  mode: 'linear' | 'spherical';
  label?: number | string;
  truncation?: number;
}

export interface InvertRequest {
  /** One class per image for the conditional generator. */
  labels?: number[];
  steps: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
}

/** What `gan.dcgan` and `gan.conditional` checkpoints offer to editors. */
export interface GanHandle extends ModelHandle {
  family: string;
  latentSize: number;
  labelNames: string[];
  latent(seed: number, truncation?: number): Latent;
  /** Images in [0, 1] from seeds; meta carries each image's latent seed and class. */
  generate(request: GenerateRequest): ImageBatch;
  /** Images in [0, 1] from latents and label vectors (one-hot or blended; ignored when unconditional). */
  decode(latents: Latent[], labels?: number[][]): ImageBatch;
  interpolate(request: InterpolateRequest): ImageBatch;
  arithmetic(a: Latent, b: Latent, c: Latent): Latent;
  /** Projects a batch prepared for this checkpoint (`LoadedCheckpoint.prepare`) into latents. */
  invert(batch: ImageBatch, request: InvertRequest): Promise<Inversion>;
  /** The `encode` capability: `invert` (a generator has no encoder network). */
  encode(batch: ImageBatch, request: InvertRequest): Promise<Inversion>;
}

export function createGanHandle(record: CheckpointRecord<GanHyperparameters>, models: Record<string, LayersModel>): GanHandle {
  const generator = models.generator;
  const { latentSize } = record.hyperparameters;
  // Checkpoints from before the categorical code record no latentCategories.
  const categories = record.hyperparameters.latentCategories ?? 0;
  const latentOf = (seed: number, truncation?: number) => latentFromSeed(seed, latentSize, truncation, categories);
  // A dcgan trained on a labelled set still records its labels; only the generator's inputs tell.
  const conditional = generator.inputs.length > 1;
  const labelNames = conditional ? record.labelNames : [];
  const oneHot = (label: number) => labelVector(labelNames.length, { [label]: 1 });

  const labelTensor = (labels: number[][] | undefined, count: number): Tensor2D | null => {
    if (!conditional) return null;
    return tf.tensor2d(labels ?? Array.from({ length: count }, (_, i) => oneHot(i % labelNames.length)));
  };

  const decodeWithMeta = (latents: Latent[], labels: number[][] | undefined, meta: ImageMeta[]): ImageBatch => {
    const images = tf.tidy(() =>
      generateUnit(generator, tf.tensor2d(latents, [latents.length, latentSize]), labelTensor(labels, latents.length)),
    );
    return { images, meta, range: 'unit' };
  };

  const classMeta = (label: number | undefined): ImageMeta =>
    label === undefined ? {} : { label, labelName: labelNames[label] };

  return {
    family: record.family,
    latentSize,
    labelNames,
    latent: latentOf,
    generate({ count, seed, labels, truncation }) {
      const classes = labels?.map((label, i) => resolveLabel(label, labelNames, `labels.${i}`));
      const seeds = Array.from({ length: count }, (_, i) => imageSeed(seed, i));
      const perImage = conditional ? seeds.map((_, i) => (classes ? classes[i % classes.length] : i % labelNames.length)) : [];
      const meta = seeds.map((s, i) => ({ seed: s, source: record.family, ...classMeta(perImage[i]) }));
      return decodeWithMeta(
        seeds.map((s) => latentOf(s, truncation)),
        conditional ? perImage.map(oneHot) : undefined,
        meta,
      );
    },
    decode: (latents, labels) => decodeWithMeta(latents, labels, latents.map(() => ({ source: record.family }))),
    interpolate({ from, to, frames, mode, label, truncation }) {
      const endpoint = (v: number | Latent) => (typeof v === 'number' ? latentOf(v, truncation) : v);
      const latents = interpolateLatents(endpoint(from), endpoint(to), frames, mode);
      const cls = label === undefined ? (conditional ? 0 : undefined) : resolveLabel(label, labelNames, 'label');
      const meta = latents.map((_, i) => ({ source: record.family, frame: i, ...classMeta(cls) }));
      return decodeWithMeta(latents, cls === undefined ? undefined : latents.map(() => oneHot(cls)), meta);
    },
    arithmetic,
    async invert(batch, { labels, steps, learningRate, seed, signal }) {
      const count = batch.images.shape[0];
      if (conditional && labels?.length !== count) {
        throw new AtelierError('BAD_USER_INPUT', `Inverting with a conditional generator needs one class per image (${count})`, {
          path: 'labels',
          limit: count,
        });
      }
      const target = tf.tidy(() =>
        batch.range === 'symmetric' ? batch.images.clone() : (tf.sub(tf.mul(batch.images, 2), 1) as Tensor4D),
      );
      const label = labelTensor(labels?.map(oneHot), count);
      // Start near the origin (the densest region) but not at it, so images do not start identical.
      const start = Array.from({ length: count }, (_, i) => latentOf(imageSeed(seed, i)).map((v) => v * 0.1));
      try {
        return await invertImages(generator, target, { start, label, steps, learningRate, signal });
      } finally {
        target.dispose();
        label?.dispose();
      }
    },
    encode(batch, request) {
      return this.invert(batch, request);
    },
    dispose() {
      for (const model of Object.values(models)) model.dispose();
    },
  };
}
