import { checkpointParam, defineEditor, keepsInputShape, tf, z } from '@atelier/plugin-api';
import type { ClassifierHandle } from '../models/classifier-handle.js';
import { classifierOutputs, classifierRequirement, ranked } from './classify-batch.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  /** How many of the most probable labels to keep per image. */
  topK: z.number().int().min(1).max(100).default(3),
});

export const classifyEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.classify',
  title: 'Classify',
  description:
    "Labels each image with a cnn.classifier checkpoint: meta.label, meta.labelName and meta.confidence (top-1) and meta.topK (label, labelName, probability). Pixels pass through unchanged.",
  params,
  inputs: 1,
  checkpoint: classifierRequirement,
  outputShape: keepsInputShape,
  async apply(ctx, [batch], { checkpoint, topK }) {
    const opened = await ctx.open<ClassifierHandle>(checkpoint);
    const outputs = await classifierOutputs(ctx, opened, batch);
    const meta = batch.meta.map((m, i) => {
      const top = ranked(outputs, i, opened.handle.labelNames).slice(0, topK);
      return { ...m, label: top[0].label, labelName: top[0].labelName, confidence: top[0].probability, topK: top };
    });
    return { images: tf.clone(batch.images), meta, range: 'unit' };
  },
});
