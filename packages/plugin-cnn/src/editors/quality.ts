import { AtelierError, checkpointParam, defineEditor, keepsInputShape, tf, z } from '@atelier/plugin-api';
import type { ClassifierHandle } from '../models/classifier-handle.js';
import { qualityScore } from '../metrics/quality-score.js';
import { classifierOutputs, classifierRequirement } from './classify-batch.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  /** Real images for the Fréchet distance; default: the data set the classifier was trained on. */
  dataset: z.string().min(1).optional(),
  realCount: z.number().int().min(2).max(10_000).default(500),
});

export const qualityEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.quality',
  title: 'Generation quality score',
  description:
    "Scores a batch of generated images with a cnn.classifier checkpoint — mean top-1 confidence, per-image and class entropy, an Inception-Score-like value on the classifier's classes, each class's share of top-1 answers, the agreement with the label each image carries in meta (the class it was asked for, or its true class), and the Fréchet distance between their embeddings and real images' — and records it on the run as `quality`. Pixels pass through unchanged.",
  params,
  inputs: 1,
  checkpoint: classifierRequirement,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], { checkpoint, dataset, realCount }) {
    const opened = await ctx.open<ClassifierHandle>(checkpoint);
    const datasetName = dataset ?? opened.record.dataset;
    if (!datasetName) {
      throw new AtelierError('BAD_USER_INPUT', `Checkpoint "${checkpoint}" records no data set; name one to compare against`, {
        step: ctx.stepId,
        path: 'with.dataset',
      });
    }
    const generated = await classifierOutputs(ctx, opened, batch, { embeddings: true });
    const realImages = await ctx.dataset(datasetName, { count: realCount });
    const real = await classifierOutputs(ctx, opened, realImages, { embeddings: true }).finally(() => realImages.images.dispose());
    const score = qualityScore(
      generated.probabilities,
      generated.classes,
      { embeddings: generated.embeddings!, count: batch.meta.length, labels: batch.meta.map(askedLabel) },
      { embeddings: real.embeddings!, count: realImages.meta.length },
      generated.dim || real.dim,
    );
    ctx.record('quality', { ...score, dataset: datasetName, realCount: realImages.meta.length, checkpoint: opened.record.id });
    return { images: tf.clone(batch.images), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});

/** The class an image was asked for (`gan.generate`/`vae.generate` with a label) or carries from its data set. */
function askedLabel(meta: Record<string, unknown>): number | null {
  return typeof meta.label === 'number' ? meta.label : null;
}
