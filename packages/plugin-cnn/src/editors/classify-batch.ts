import { AtelierError, tf, type CheckpointRequirement, type EditorContext, type ImageBatch, type OpenedCheckpoint, type Tensor2D } from '@atelier/plugin-api';
import type { ClassifierHandle } from '../models/classifier-handle.js';

export const classifierRequirement: CheckpointRequirement = { families: ['cnn.classifier'], capability: 'classify' };

/** A classifier checkpoint as `ctx.open<ClassifierHandle>` gives it. */
export type OpenClassifier = OpenedCheckpoint<ClassifierHandle>;

export interface ClassifierOutputs {
  classes: number;
  /** `count × classes`, row-major. */
  probabilities: Float32Array;
  /** `count × dim`, row-major; present when asked for. */
  embeddings?: Float32Array;
  dim: number;
}

/** Images per forward pass, so a large batch never holds every activation at once. */
const chunk = 256;

/**
 * Runs pipeline images through the checkpoint's preprocessing and the classifier. Images the
 * preprocessing cannot bring to the network's shape are refused with IMAGE_INVALID.
 */
export async function classifierOutputs(
  ctx: EditorContext,
  opened: OpenClassifier,
  batch: ImageBatch,
  options: { embeddings?: boolean } = {},
): Promise<ClassifierOutputs> {
  const { handle } = opened;
  const prepared = await opened.prepare(batch);
  try {
    const [count, ...shape] = prepared.images.shape;
    if (shape.some((side, i) => side !== handle.inputShape[i])) {
      throw new AtelierError(
        'IMAGE_INVALID',
        `The classifier takes ${handle.inputShape.join('×')} (h×w×c) images; the step's images became ${shape.join('×')}`,
        { path: 'images', step: ctx.stepId, limit: handle.inputShape.join('×') },
      );
    }
    const classes = handle.labelNames.length;
    const probabilities = new Float32Array(count * classes);
    let embeddings: Float32Array | undefined;
    let dim = 0;
    for (let start = 0; start < count; start += chunk) {
      const size = Math.min(chunk, count - start);
      const images = tf.slice(prepared.images, start, size);
      try {
        const p = handle.classify(images);
        probabilities.set(p.dataSync(), start * classes);
        p.dispose();
        if (options.embeddings) {
          const e: Tensor2D = handle.embed(images);
          dim = e.shape[1];
          embeddings ??= new Float32Array(count * dim);
          embeddings.set(e.dataSync(), start * dim);
          e.dispose();
        }
      } finally {
        images.dispose();
      }
    }
    return { classes, probabilities, embeddings, dim };
  } finally {
    // `prepare` may hand back the very batch it got when nothing needed converting.
    if (prepared.images !== batch.images) prepared.images.dispose();
  }
}

/** Classes of one image, most probable first. */
export function ranked(outputs: ClassifierOutputs, image: number, labelNames: string[]): { label: number; labelName: string; probability: number }[] {
  const row = outputs.probabilities.subarray(image * outputs.classes, (image + 1) * outputs.classes);
  return Array.from(row, (probability, label) => ({ label, labelName: labelNames[label], probability })).sort((a, b) => b.probability - a.probability);
}
